const os = require('node:os');

/** Type checking is `tsc --noEmit` in `npm test`; jest only transpiles (tsconfig's isolatedModules: file by file). */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testPathIgnorePatterns: ['/node_modules/'],
};

module.exports = {
  projects: [
    // The fast lane (`npm run test:unit`): pure tests beside the code, no stack, Redis or browser.
    {
      ...shared,
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/'],
    },
    // Real servers on port 0, Redis, child processes and browsers.
    { ...shared, displayName: 'integration', rootDir: __dirname, testMatch: ['<rootDir>/test/**/*.test.ts'] },
  ],
  testTimeout: 30000,
  // Most of a test here waits on sockets, timers and child processes, not on the CPU: two workers
  // overlap those waits even on two cores (jest's default there is one, and the suite runs serially).
  maxWorkers: Math.max(2, os.availableParallelism() - 1),
  // Each test file loads the whole stack into a worker's module registry; a worker that grew past this
  // is replaced between files, so memory stays flat however many files run.
  workerIdleMemoryLimit: '400MB',
};
