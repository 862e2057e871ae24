// Jest runs only the eventbench/testing example (the rest of the suite is vitest).
export default {
  rootDir: '.',
  testMatch: ['<rootDir>/*.test.mjs'],
  testEnvironment: 'node',
  transform: {},
};
