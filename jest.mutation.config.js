// The jest run Stryker drives (npm run mutation, stryker.config.mjs): the unit and integration
// tests. The fuzz runs are random and long, the end-to-end tests run the esbuild bundle (which
// Stryker does not mutate) and the emulator's tests do not exercise lib/.
// MUTATION_TESTS=unit runs the unit tests alone, for a quick pass on a busy machine: a mutant they
// kill, the full run kills too, so that score is a lower bound of the full one.
const base = require('./jest.config');

const suites = process.env.MUTATION_TESTS === 'unit' ? ['unit'] : ['unit', 'integration'];

module.exports = {
  ...base,
  testMatch: suites.map((suite) => `<rootDir>/test/${suite}/**/*.test.ts`),
  reporters: ['default'],
  // Instrumented code runs slower, and the machine may be shared: generous, never tighter than npm test's.
  testTimeout: 60_000,
};
