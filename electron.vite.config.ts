// One build for the three runtimes. Entries are explicit because the design card's folders
// (src-main, src-renderer) are not electron-vite's defaults.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // electron.js is the desktop shell; cli.js runs the same engine under plain Node; both
        // start ingest-worker.js (next to them) as the thread that reads Tracking API bodies.
        input: {
          electron: resolve(root, 'src-main/electron/main.ts'),
          cli: resolve(root, 'src-main/cli/index.ts'),
          'ingest-worker': resolve(root, 'src-main/ingest/ingest-worker.ts'),
          // eventbench/testing: the typed client for test suites (package.json "exports").
          testing: resolve(root, 'src-main/testing/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        // Sandboxed renderers cannot load an ESM preload.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    // Relative asset URLs: the same build loads from file:// in Electron and from / in browser mode.
    base: './',
    build: {
      minify: true,
      // One 520 kB chunk, read from disk or loopback: splitting it would buy nothing here, and the
      // warning printed on every `npm start` reads like a fault.
      chunkSizeWarningLimit: 1024,
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
