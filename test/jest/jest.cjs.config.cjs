// Jest in its default CommonJS mode (no --experimental-vm-modules), as most projects run it:
// a test's require() is Jest's own, which cannot load an ES module, so eventbench/testing must
// resolve to its CommonJS build (package.json "exports" ./testing "require").
module.exports = {
  rootDir: '.',
  testMatch: ['<rootDir>/*.test.cjs'],
  testEnvironment: 'node',
  transform: {},
};
