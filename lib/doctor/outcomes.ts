import type { Outcome } from './check';

const SEVERITY = { fail: 2, unknown: 1, pass: 0 } as const;

/** Several findings of one check as one: the worst decides; passes are joined into one line. */
export function worst(outcomes: readonly Outcome[]): Outcome {
  const sorted = [...outcomes].sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status]);
  const first = sorted[0];
  const details = Object.assign({}, ...outcomes.map((outcome) => outcome.details ?? {})) as Record<string, string>;
  if (first.status !== 'pass') return { ...first, details };
  const warning = outcomes.map((outcome) => outcome.warning).filter(Boolean).join('; ');
  return { status: 'pass', summary: outcomes.map((outcome) => outcome.summary).join('; '), details, ...(warning ? { warning } : {}) };
}
