// Mutation testing (npm run mutation; not part of npm test or CI): StrykerJS with the jest runner
// over the unit and integration tests (jest.mutation.config.js). The whole list takes about 40
// minutes on 2 cores; one file: `npm run mutation -- --mutate lib/calls/phone.ts`, and on a shared
// machine `--concurrency 1`. Scores and the survivors judged equivalent: docs/mutation.md.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    configFile: 'jest.mutation.config.js',
    // Only the tests that import the mutated file run (jest.config.js has lib/ among its roots for this).
    enableFindRelatedTests: true,
  },
  coverageAnalysis: 'perTest',
  mutate: [
    'lib/idempotency/run-once.ts',
    'lib/genesys/retry-policy.ts',
    'lib/calls/phone.ts',
    'lib/telemetry/masking.ts',
    'lib/problems/problem.ts',
    'lib/calls/call-input.ts',
    'lib/genesys/token.ts',
    // The outcomes' core (issue 19): the outcome rules, the one place a change is seen, the parser
    // of Genesys's detail events.
    'lib/outcomes/outcome.ts',
    'lib/outcomes/outcome-change.ts',
    'lib/outcomes/detail-event.ts',
  ],
  concurrency: 2,
  // A mutant whose run exceeds this is counted as detected (an endless loop). On a shared machine a
  // slow run is not an endless one: 30 s on top of Stryker's estimate keeps load out of the score.
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
