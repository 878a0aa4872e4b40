import type { CheckStatus } from './check';
import type { DoctorReport } from './run';

const LABEL: Record<CheckStatus, string> = { pass: 'PASS', fail: 'FAIL', unknown: 'UNKNOWN' };
// ANSI colours, used only when the output is a terminal.
const COLOUR: Record<CheckStatus | 'warning', string> = { pass: '\u001b[32m', fail: '\u001b[31m', unknown: '\u001b[33m', warning: '\u001b[33m' };
const RESET = '\u001b[0m';
const LABEL_WIDTH = Math.max(...Object.values(LABEL).map((label) => label.length));

/** The report as lines a person reads: one per check, its fix or warning beneath. */
export function formatTable(report: DoctorReport, options: { colour: boolean }): string {
  const paint = (kind: CheckStatus | 'warning', text: string) => (options.colour ? `${COLOUR[kind]}${text}${RESET}` : text);
  const width = Math.max(...report.checks.map((check) => check.title.length));
  const lines: string[] = [];
  for (const check of report.checks) {
    lines.push(`${paint(check.status, LABEL[check.status].padEnd(LABEL_WIDTH))}  ${check.title.padEnd(width)}  ${check.summary}`);
    const indent = ' '.repeat(LABEL_WIDTH + 2 + width + 2);
    if (check.warning) lines.push(`${indent}${paint('warning', 'warning:')} ${check.warning}`);
    if (check.fix && check.status !== 'pass') lines.push(`${indent}fix: ${check.fix}`);
  }
  const counts = (['pass', 'fail', 'unknown'] as const).map((status) => `${report.checks.filter((check) => check.status === status).length} ${status}`);
  const unknowns = report.checks.filter((check) => check.status === 'unknown').length;
  const verdict = !report.ok ? ': fix the failures above' : unknowns > 0 ? ': nothing failed, but the unknowns above are not verified' : '';
  lines.push('', `${counts.join(', ')} in ${report.durationMs} ms${verdict}`);
  return lines.join('\n');
}
