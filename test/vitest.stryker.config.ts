// The test run StrykerJS mutates against (`npm run mutation`, stryker.config.mjs): unit and
// integration tests in this process only. Left out: the ingest-worker project (the same tests
// again in a worker thread, which would load the unmutated source), tests whose code under test
// runs in a child process or a worker thread (a mutant there is never active), and the slowest
// end-to-end-like ones. e2e and bench are never part of it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// STRYKER_TESTS=unit: the unit tests alone (pure src-shared code: minutes instead of hours on 2
// cores; a mutant only an integration test kills then counts as survived).
const unitOnly = process.env.STRYKER_TESTS === 'unit';
// STRYKER_TEST_FILES=glob,glob: only these test files (one folder's own tests, when the whole unit
// set is too slow to run per mutant). A mutant only another test kills then counts as survived:
// read the survivors with that in mind.
const only = process.env.STRYKER_TEST_FILES?.split(',').filter(Boolean);

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  resolve: { alias: { 'eventbench/testing': fileURLToPath(new URL('../src-main/testing/index.ts', import.meta.url)) } },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    include: only?.length ? only : unitOnly ? ['test/unit/**/*.test.ts'] : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    exclude: [
      'test/integration/cli.test.ts',
      'test/integration/scenario-cli.test.ts',
      'test/integration/disk-full.test.ts',
      'test/integration/ingest-worker.test.ts',
      'test/integration/scenario-worker.test.ts',
      'test/integration/idle-connections.test.ts',
      'test/integration/large-read.test.ts',
      'test/integration/import-bounded.test.ts',
      // The renderer's store over the real engine: what it tests (src-renderer) is not mutated, the
      // engine paths it goes through have their own tests, and catching up pushes 16 MB a run.
      'test/integration/renderer/**',
    ],
  },
});
