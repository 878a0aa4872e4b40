/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
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
