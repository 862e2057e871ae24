// The CommonJS build of `eventbench/testing` (package.json "exports" ./testing "require"), run by
// `npm run build` after electron-vite: the same source (src-main/testing/index.ts and the engine
// behind it), bundled once more as CommonJS into out/main/testing.cjs and out/main/chunks/*.cjs.
//
// Jest's default (CommonJS) mode, ts-jest's default preset and mocha with `require` load a test's
// imports with their own `require`, which cannot load an ES module: `Must use import to load ES
// Module`. Jest cannot run a dynamic import() there either, so the engine is bundled as CommonJS
// too and required when startEventbench() starts one (a client of a running server never loads it).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));
const deps = Object.keys(pkg.dependencies ?? {});
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/**
 * CommonJS has no import.meta (the bundler would leave `{}`, and `new URL('.', undefined)` throws
 * as the module loads): its url is the file's own, from __filename.
 */
const importMetaUrl = {
  name: 'eventbench-cjs-import-meta-url',
  transform(code, id) {
    if (!/\.[cm]?tsx?$/.test(id) || !code.includes('import.meta')) return null;
    const replaced = code.replaceAll('import.meta.url', 'require("node:url").pathToFileURL(__filename).href');
    if (/\bimport\.meta\b/.test(replaced)) throw new Error(`build-cjs: ${id} uses import.meta beyond import.meta.url, which CommonJS has no form of`);
    return { code: replaced, map: null };
  },
};

await build({
  root,
  configFile: false,
  logLevel: 'warn',
  plugins: [importMetaUrl],
  build: {
    outDir: resolve(root, 'out/main'),
    emptyOutDir: false,
    target: 'node20',
    minify: false,
    ssr: resolve(root, 'src-main/testing/index.ts'),
    copyPublicDir: false,
    rolldownOptions: {
      preserveEntrySignatures: 'strict',
      external: (id) => builtins.has(id) || deps.some((d) => id === d || id.startsWith(`${d}/`)),
      output: {
        format: 'cjs',
        entryFileNames: 'testing.cjs',
        chunkFileNames: 'chunks/[name]-[hash].cjs',
        // import('../engine') as require(): Jest's CommonJS mode cannot run a dynamic import().
        dynamicImportInCjs: false,
        exports: 'named',
      },
    },
  },
});
process.stdout.write('eventbench/testing CommonJS: out/main/testing.cjs\n');
