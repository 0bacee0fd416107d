// Jest runs in ESM mode (NODE_OPTIONS=--experimental-vm-modules) because every @nestjs/* 12
// package is ESM-only; see README "Tests".
const aliases = {
  '^@app/common$': '<rootDir>/libs/common/src',
  '^@app/common/(.*)$': '<rootDir>/libs/common/src/$1',
  '^@app/security$': '<rootDir>/libs/security/src',
  '^@app/security/(.*)$': '<rootDir>/libs/security/src/$1',
  '^@app/contracts$': '<rootDir>/libs/contracts/src',
  '^@app/contracts/(.*)$': '<rootDir>/libs/contracts/src/$1',
  '^@app/emulators$': '<rootDir>/libs/emulators/src',
  // A relative ESM import names the emitted .js file; under Jest it is the .ts source.
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper: aliases,
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  setupFiles: ['<rootDir>/test/support/setup.ts'],
};

export default {
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'hostile', testMatch: ['<rootDir>/test/hostile/**/*.hostile-spec.ts'] },
    { ...shared, displayName: 'scale', testMatch: ['<rootDir>/test/scale/**/*.scale-spec.ts'] },
  ],
};
