// The jest run Stryker drives (npm run mutation, stryker.config.json): the unit and integration
// tests only. The fuzz runs are random and long, the end-to-end tests run the esbuild bundle (which
// Stryker does not mutate) and the emulator's tests do not exercise lib/.
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/integration/**/*.test.ts'],
  reporters: ['default'],
  // Instrumented code runs slower, and the machine may be shared: generous, never tighter than npm test's.
  testTimeout: 60_000,
};
