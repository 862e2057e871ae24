// The declarations of `eventbench/testing` for the package's users (package.json "exports"
// ./testing "types"), run by `npm run build` after electron-vite.
//
// The source imports without file extensions (moduleResolution Bundler), so pointing "types" at
// src-main/testing/index.ts made a user's `tsc` compile the engine's source under the user's
// settings: with node16/nodenext every relative import was an error (TS2835), and with bundler
// the dynamic import('../engine') pulled in the whole engine (missing @types/ws, the user's
// strictness flags). Here TypeScript emits .d.ts files, and only the ones the client's declarations
// reach are kept (a function body's import('../engine') is not part of them), each relative
// specifier given the `.js` (or `/index.js`) that Node's ESM resolution, and TypeScript's node16,
// nodenext and bundler modes, all accept. Each is written twice: `.d.ts` for the ES module
// (out/main/testing.js, "import") and `.d.cts` with `.cjs` specifiers for the CommonJS build
// (out/main/testing.cjs, "require"), so TypeScript knows which of the two a `require` gets.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = join(root, 'out/types');
const entry = 'src-main/testing/index.d.ts';

const options = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  strict: true,
  skipLibCheck: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  isolatedModules: true,
  declaration: true,
  emitDeclarationOnly: true,
  rootDir: root,
  outDir,
};

const program = ts.createProgram([join(root, 'src-main/testing/index.ts')], options);
const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };

/** `from './x'`, `import('./x')`, `declare module './x'`: relative specifiers only. */
const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\bdeclare\s+module\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

/** A source's declaration (path relative to out/types, forward slashes), emitted on its own: only the files the declarations reach are type-checked, not the engine behind import('../engine'). */
function declarationOf(source) {
  const sf = program.getSourceFile(join(root, source));
  if (!sf) throw new Error(`emit-types: ${source} is not in the program`);
  let text;
  const result = program.emit(sf, (_file, t) => (text = t), undefined, true);
  // Type errors are `tsc -b`'s; here only what stops a declaration being written.
  const diagnostics = [...program.getSyntacticDiagnostics(sf), ...result.diagnostics];
  if (diagnostics.length) {
    process.stderr.write(ts.formatDiagnostics(diagnostics, host));
    process.exit(1);
  }
  return text;
}

const kept = new Map();
const queue = ['src-main/testing/index.ts'];
while (queue.length) {
  const source = queue.shift();
  const file = source.replace(/\.tsx?$/, '.d.ts');
  if (kept.has(file)) continue;
  const rewritten = declarationOf(source).replace(SPECIFIER, (_all, lead, quote, spec) => {
    const base = posix.normalize(posix.join(posix.dirname(source), spec));
    const found = [[`${base}.ts`, `${spec}.js`], [`${base}/index.ts`, `${spec}/index.js`]].find(([f]) => existsSync(join(root, f)));
    if (!found) throw new Error(`emit-types: ${source} imports ${spec}, which has no TypeScript source (a .json? a .js?)`);
    queue.push(found[0]);
    return `${lead}${quote}${found[1].replace(/\.js$/, '\0EXT')}${quote}`;
  });
  kept.set(file, rewritten);
}

rmSync(outDir, { recursive: true, force: true });
for (const [file, text] of kept) {
  const path = join(outDir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text.replaceAll('\0EXT', '.js'));
  writeFileSync(path.replace(/\.d\.ts$/, '.d.cts'), text.replaceAll('\0EXT', '.cjs'));
}
for (const e of [entry, entry.replace(/\.d\.ts$/, '.d.cts')]) {
  if (!existsSync(join(outDir, e)) || !statSync(join(outDir, e)).size) throw new Error(`emit-types: no declaration for the entry (${e})`);
}
process.stdout.write(`eventbench/testing types: ${kept.size} declaration files in out/types, each as .d.ts (import) and .d.cts (require)\n`);
