// Mutation testing (`npm run mutation`; not part of `npm test`: slow on 2 cores). Mutates the pure
// shared code and the receiver and store of the engine, runs the unit and integration tests
// (test/vitest.stryker.config.ts) against each mutant, type-checks mutants first so that ones
// the compiler rejects are not counted. Incremental: a rerun tests only mutants whose code or
// covering tests changed (reports/stryker-incremental.json, git-ignored). To run one folder:
//   npx stryker run --mutate 'src-shared/tracking-api/**/*.ts'
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.stryker.config.ts', related: false },
  checkers: ['typescript'],
  tsconfigFile: 'src-main/tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: ['src-shared/**/*.ts', 'src-main/receiver/**/*.ts', 'src-main/store/**/*.ts', '!src-shared/api.ts', '!**/*.d.ts'],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  concurrency: 2,
  timeoutMS: 5_000,
  ignoreStatic: true,
  tempDirName: '.stryker-tmp',
  // Another run's temp folder (`--tempDirName .stryker-tmp-x`, two runs in one clone) is not copied into this run's sandbox.
  ignorePatterns: ['/.stryker-tmp*'],
  cleanTempDir: true,
};
