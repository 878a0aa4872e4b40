import { join } from 'node:path';
import { createConfig, getLineColLocation, lint } from '@redocly/openapi-core';
import type { NormalizedProblem } from '@redocly/openapi-core';

// openapi.yaml passes Redocly's `recommended` rules with no error and no warning: a new route that
// lacks an operationId, a 4xx answer or a summary, a $ref to nothing or an unused schema fails
// npm test here, naming the rule and the line. (Its answers are checked against the real handlers
// elsewhere: test/unit/openapi.test.ts and the tests that use test/support/openapi.ts.)

const OPENAPI = join(__dirname, '..', '..', 'openapi.yaml');

/** `line:column rule: message`, the way an editor's problem list shows it. */
function describeProblem(problem: NormalizedProblem): string {
  const where = problem.location[0];
  const { line, col } = where ? getLineColLocation(where).start : { line: 0, col: 0 };
  return `openapi.yaml:${line}:${col} ${problem.severity} ${problem.ruleId}: ${problem.message}`;
}

describe('openapi.yaml', () => {
  it("passes Redocly's recommended rules without an error or a warning", async () => {
    // Prepare
    const config = await createConfig({ extends: ['recommended'] });

    // Act
    const problems = await lint({ ref: OPENAPI, config });

    // Assess
    expect(problems.map(describeProblem)).toEqual([]);
  });
});
