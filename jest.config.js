/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/deploy'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
  maxWorkers: 2,
  modulePathIgnorePatterns: [
    '<rootDir>/dist',
    '<rootDir>/deploy/cdk.out',
    '<rootDir>/deploy/dist',
    '<rootDir>/.tmp',
  ],
};
