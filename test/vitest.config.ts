import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const receiverTests = [
  'test/integration/analytics-node.test.ts',
  'test/integration/analytics-node-legacy.test.ts',
  'test/integration/rudder-sdk-node.test.ts',
  'test/integration/python-sdk-shapes.test.ts',
  'test/integration/ruby-go-sdk-shapes.test.ts',
  'test/integration/php-sdk-shapes.test.ts',
  'test/integration/java-sdk-shapes.test.ts',
  'test/integration/body-encoding.test.ts',
  'test/integration/source-settings.test.ts',
  'test/integration/receiver-bad-input.test.ts',
  'test/integration/write-key-disagreement.test.ts',
  'test/integration/pixel-api.test.ts',
  'test/integration/ingest-log.test.ts',
  'test/integration/automation-api.test.ts',
  'test/integration/short-paths.test.ts',
  'test/integration/store-failure-http.test.ts',
  'test/integration/limits-http.test.ts',
  'test/integration/half-close.test.ts',
  'test/integration/arrival-order.test.ts',
  'test/integration/broken-body.test.ts',
  'test/integration/duplicate-keys-rewritten.test.ts',
  'test/integration/duplicate-keys-outside.test.ts',
  'test/integration/duplicate-keys-replaced.test.ts',
  'test/integration/client-message-id.test.ts',
  // The start-up load parses the log's lines in the worker too.
  'test/integration/start-up.test.ts',
];

export default defineConfig({
  // Paths are relative to the project root, not to this folder.
  root: fileURLToPath(new URL('..', import.meta.url)),
  // `eventbench/testing` from source (package.json "exports" points the built package at
  // out/main/testing.js), so these tests need no build first.
  resolve: { alias: { 'eventbench/testing': fileURLToPath(new URL('../src-main/testing/index.ts', import.meta.url)) } },
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'in-thread', include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'] } },
      // React components and hooks in happy-dom, on the real engine in-process (test/dom/).
      { extends: true, test: { name: 'dom', include: ['test/dom/**/*.test.tsx'], environment: 'happy-dom', globalSetup: ['test/dom/global-setup.ts'], fileParallelism: false } },
      // The receiver's tests again, with Tracking API bodies read in the ingest worker thread (as
      // the CLI and the Electron shell run it).
      { extends: true, test: { name: 'ingest-worker', include: receiverTests, env: { EVENTBENCH_TEST_INGEST: 'worker' } } },
    ],
  },
});
