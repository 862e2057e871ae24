// The package as a user gets it (`npm pack`), after `npm run build`: what the tarball holds, and
// whether the README's eventbench/testing snippets type-check in a user's project under each
// moduleResolution a TypeScript project uses, through package.json's "exports" (not the source).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

test('npm pack ships the built app, the CLI, the scenarios and the testing types, and no tests or sources', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', shell: process.platform === 'win32' });
  assert.equal(r.status, 0, r.stderr);
  const files = new Set(JSON.parse(r.stdout)[0].files.map((f) => f.path));
  const { import: esm, require: cjs } = pkg.exports['./testing'];
  const targets = [pkg.main, ...Object.values(pkg.bin), './out/main/testing.js', './out/main/testing.cjs', esm.types, esm.default, cjs.types, cjs.default, ...pkg.typesVersions['*'].testing, 'out/main/cli.js', 'out/main/ingest-worker.js', 'out/renderer/index.html', 'scenarios/scenario.schema.json'];
  for (const t of targets) assert.ok(files.has(t.replace(/^\.\//, '')), `the tarball lacks ${t}`);
  assert.ok([...files].some((f) => /^out\/main\/chunks\/engine-[\w-]+\.cjs$/.test(f)), 'the tarball lacks the CommonJS build of the engine');
  assert.match(esm.types, /\.d\.ts$/, 'types must be declarations, not the TypeScript source');
  assert.match(cjs.types, /\.d\.cts$/, "require's types must be CommonJS declarations");
  const strays = [...files].filter((f) => /^(test|src-renderer|src-shared|\.github|reports)\//.test(f) || (/\.tsx?$/.test(f) && !f.endsWith('.d.ts')));
  assert.deepEqual(strays, []);
});

/** The README's ```ts blocks under "In a test suite": the client and the Playwright fixture. */
function readmeSnippets() {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## In a test suite'), readme.indexOf('\n## ', readme.indexOf('## In a test suite') + 1));
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

let project;
/** One parse of each file for the three programs (node's and Playwright's types are big). */
const parsed = new Map();
const baseHost = ts.createCompilerHost({});
const host = {
  ...baseHost,
  getSourceFile(file, languageVersion, ...rest) {
    const key = `${file}:${JSON.stringify(languageVersion)}`;
    if (!parsed.has(key)) parsed.set(key, baseHost.getSourceFile(file, languageVersion, ...rest));
    return parsed.get(key);
  },
};
before(() => {
  // A user's project: eventbench installed in node_modules (a link to this package, as
  // `npm install <tarball>` places it), beside the libraries the snippets use.
  project = mkdtempSync(join(tmpdir(), 'eventbench-types-'));
  mkdirSync(join(project, 'node_modules/@segment'), { recursive: true });
  symlinkSync(root, join(project, 'node_modules/eventbench'), 'dir');
  symlinkSync(join(root, 'node_modules/@types'), join(project, 'node_modules/@types'), 'dir');
  symlinkSync(join(root, 'node_modules/@playwright'), join(project, 'node_modules/@playwright'), 'dir');
  symlinkSync(join(root, 'node_modules/@segment/analytics-node'), join(project, 'node_modules/@segment/analytics-node'), 'dir');
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', type: 'module' }));
});
after(() => rmSync(project, { recursive: true, force: true }));

test("the README's first snippet runs as written (it is plain JavaScript too) and the process ends on its own", () => {
  const [client] = readmeSnippets();
  const file = join(project, 'snippet.mjs');
  writeFileSync(file, client);
  const temp = mkdtempSync(join(tmpdir(), 'eventbench-snippet-tmp-'));
  // A process that does not end is killed after 60 s (status null), which fails here.
  const r = spawnSync(process.execPath, [file], { cwd: project, encoding: 'utf8', timeout: 60_000, env: { ...process.env, TMPDIR: temp, TMP: temp, TEMP: temp } });
  const left = readdirSync(temp);
  rmSync(temp, { recursive: true, force: true });
  assert.equal(r.status, 0, `exit ${r.status} (${r.signal ?? 'no signal'}): ${r.stderr}`);
  assert.deepEqual(left, []);
});

test("a CommonJS project's require('eventbench/testing') loads no ES module on the way (as Jest's and mocha's require cannot) and starts an engine", () => {
  // Node 20.19 and later can require() an ES module; Jest's CommonJS mode cannot. Node with
  // require(esm) turned off stands in for it: an ES module anywhere behind the require throws.
  const file = join(project, 'require-snippet.cjs');
  writeFileSync(
    file,
    `const { startEventbench } = require('eventbench/testing');
const { Analytics } = require('@segment/analytics-node');
(async () => {
  const bench = await startEventbench();
  const analytics = new Analytics({ writeKey: 'cjs', host: bench.url, flushAt: 1 });
  analytics.track({ userId: 'ada', event: 'Required' });
  const m = await bench.expectMessage({ event: 'Required' });
  await analytics.closeAndFlush();
  await bench.close();
  console.log(require.resolve('eventbench/testing'), m.message.userId);
})();
`,
  );
  const r = spawnSync(process.execPath, ['--no-experimental-require-module', file], { cwd: project, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `exit ${r.status} (${r.signal ?? 'no signal'}): ${r.stderr}`);
  assert.match(r.stdout, /out\/main\/testing\.cjs ada\n$/);
});

/** A CommonJS user's test file in TypeScript (ts-jest's default preset compiles to require()). */
const CJS_SNIPPET = `import { startEventbench, EventbenchAssertionError, type Eventbench } from 'eventbench/testing';
const started: Promise<Eventbench> = startEventbench({ port: 0 });
const failed = (e: unknown): e is EventbenchAssertionError => e instanceof EventbenchAssertionError;
export { started, failed };
`;

for (const [name, module, moduleResolution, cjsFile, expected] of [
  ['nodenext', ts.ModuleKind.NodeNext, ts.ModuleResolutionKind.NodeNext, 'cjs-snippet.cts', /index\.d\.cts$/],
  ['node16', ts.ModuleKind.Node16, ts.ModuleResolutionKind.Node16, 'cjs-snippet.cts', /index\.d\.cts$/],
  // module commonjs without a moduleResolution (node10, which reads no "exports"): "typesVersions".
  ['node10', ts.ModuleKind.CommonJS, undefined, 'cjs-snippet.ts', /index\.d\.cts$/],
]) {
  test(`a CommonJS user's TypeScript gets the require build's declarations (moduleResolution ${name})`, () => {
    const file = join(project, cjsFile);
    writeFileSync(file, CJS_SNIPPET);
    const options = { target: ts.ScriptTarget.ES2022, module, moduleResolution, strict: true, noEmit: true, types: ['node'] };
    const program = ts.createProgram([file], options, host);
    const text = ts.formatDiagnostics(ts.getPreEmitDiagnostics(program), { getCanonicalFileName: (f) => f, getCurrentDirectory: () => project, getNewLine: () => '\n' });
    assert.equal(text, '');
    const resolved = ts.resolveModuleName('eventbench/testing', file, program.getCompilerOptions(), ts.sys, undefined, undefined, ts.ModuleKind.CommonJS).resolvedModule;
    assert.match(resolved?.resolvedFileName ?? '', expected);
  });
}

for (const [name, module, moduleResolution] of [
  ['nodenext', ts.ModuleKind.NodeNext, ts.ModuleResolutionKind.NodeNext],
  ['node16', ts.ModuleKind.Node16, ts.ModuleResolutionKind.Node16],
  ['bundler', ts.ModuleKind.ESNext, ts.ModuleResolutionKind.Bundler],
]) {
  test(`the README's snippets type-check in a strict user project (moduleResolution ${name})`, () => {
    const snippets = readmeSnippets();
    assert.equal(snippets.length, 2);
    const files = snippets.map((text, i) => {
      const file = join(project, `snippet-${i}.ts`);
      writeFileSync(file, `${text}\nexport {};\n`);
      return file;
    });
    const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module, moduleResolution, strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, host);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    const text = ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => project, getNewLine: () => '\n' });
    assert.equal(text, '');
    // skipLibCheck, as most projects set, would hide a declaration whose own imports do not
    // resolve (its types silently any): check the package's declarations themselves too.
    const own = ts.createProgram([resolve(root, pkg.exports['./testing'].import.types), resolve(root, pkg.exports['./testing'].require.types)], { target: ts.ScriptTarget.ES2022, module, moduleResolution, strict: true, noEmit: true, types: [] }, host);
    assert.equal(ts.formatDiagnostics(ts.getPreEmitDiagnostics(own), { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }), '');
    // The snippets are ES modules (the project is "type": "module"): resolved as an import.
    const resolved = ts.resolveModuleName('eventbench/testing', files[0], program.getCompilerOptions(), ts.sys, undefined, undefined, ts.ModuleKind.ESNext).resolvedModule;
    assert.match(resolved?.resolvedFileName ?? '', /out\/types\/src-main\/testing\/index\.d\.ts$/);
  });
}
