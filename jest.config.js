/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // isolatedModules (tsconfig) makes ts-jest transpile only; `npm run build` type-checks.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  testTimeout: 60000,
  // One worker per core (jest's default leaves one core to itself, and this suite's workers mostly wait
  // on the git and node processes they start, so a core would sit idle).
  maxWorkers: '100%',
  // A folder for the repository templates the workers share (__tests__/helpers/templates.ts).
  globalSetup: '<rootDir>/__tests__/helpers/globalSetup.js',
  globalTeardown: '<rootDir>/__tests__/helpers/globalTeardown.js',
  // The default report, then the skipped tests with their reasons (a green run prints nothing else).
  reporters: ['default', '<rootDir>/__tests__/helpers/skipReporter.js'],
};
