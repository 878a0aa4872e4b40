// Set before the workers start, so they and every process a test starts (serverless, the emulator CLI)
// inherit it: the AWS SDK's notice that its releases after January 2027 need Node 22 would otherwise
// be printed by each of them on Node 20 (docs/local-development.md).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // lib/ and functions/ too, so `jest --findRelatedTests lib/x.ts` (Stryker's per-file runs) finds
  // the tests that import it, the integration tests among them, which reach lib/ through the
  // handlers in functions/; testMatch still picks the test files, all of them under test/.
  roots: ['<rootDir>/test', '<rootDir>/lib', '<rootDir>/functions'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { module: { type: 'commonjs' } }],
  },
  // ky and middy ship ESM only: let swc compile them too.
  transformIgnorePatterns: ['/node_modules/(?!(ky|@middy)/)'],
  testTimeout: 20000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  // Checks every test file's logs and answers for secrets, tokens and full phone numbers.
  setupFilesAfterEnv: ['<rootDir>/test/support/leak-guard.ts'],
};
