// `eventbench run`: scenarios headless, on the simulation clock, each in its own in-process
// engine on a free port with a throw-away data dir. Exit 0 when all pass, 1 when an expectation
// fails or a step cannot run, 2 when a file is invalid.
import { plural } from '../../src-shared/plural';
import { access, constants, lstat, mkdir, mkdtemp, readFile, realpath, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { textOfFile } from '../../src-shared/text-encoding';
import { homedir, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, parse, relative, resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { createEngine } from '../engine';
import { runScenario } from '../replay/scenario-runner';
import { loadScenario } from '../replay/load';
import { notRegularFile } from '../replay/regular-file';
import { reportJson, reportJunit, reportPretty, stepWithLine } from '../replay/reporters';
import type { ScenarioResult, StepResult } from '../../src-shared/scenario/report';
import type { RunOptions } from './args';

const SCENARIO_FILE = /\.scenario\.(ya?ml|json)$/i;
/** Installed packages are not the user's scenarios (and a project's node_modules is large to walk). */
const IGNORED = ['**/node_modules/**'];
/** What a folder or a glob is searched for, as the "gave no scenario file" sentences say it. */
const LOOKED_FOR = '*.scenario.yaml, *.scenario.yml and *.scenario.json';

/**
 * Files, folders (their *.scenario.* files, recursively) and globs, in a stable order; `missing`
 * names each path that gave no file, and why (a whole sentence, the path in it). A folder without scenario files is one of them, as a
 * glob that matches nothing is: a CI job pointed at the wrong folder must not pass with 0 of 0.
 */
export async function collectScenarioFiles(paths: readonly string[]): Promise<{ files: string[]; missing: { path: string; message: string }[] }> {
  const files = new Set<string>();
  const missing: { path: string; message: string }[] = [];
  for (const p of paths) {
    // '' resolved to the working directory, and was said to be no such file or folder there.
    if (p === '') {
      missing.push({ path: p, message: 'an empty path names no file or folder: give a scenario file, folder or glob' });
      continue;
    }
    if (/[*?[{]/.test(p)) {
      // `/**/*.scenario.yaml` walks as `eventbench run /` does; `/*.scenario.yaml` reads one folder.
      const base = p.slice(0, Math.max(p.lastIndexOf('/', p.search(/[*?[{]/)), p.lastIndexOf('\\', p.search(/[*?[{]/))) + 1) || '.';
      const tooBroad = p.includes('**') ? await tooBroadToSearch(base) : undefined;
      if (tooBroad) {
        missing.push({ path: p, message: `${p}: ${tooBroad.replace('is not searched', 'is not searched with **')}` });
        continue;
      }
      // Only scenario files, outside node_modules: `scenarios/*` also matched scenario.schema.json
      // (run as a scenario and failed), and `**/*.scenario.yaml` walked every installed package.
      // (tinyglobby's `ignore` is relative to the working directory; an absolute glob needs the filter.)
      const matched = (await glob(p, { absolute: true, onlyFiles: true, ignore: IGNORED })).filter((f) => p.includes('node_modules') || !f.split(/[\\/]/).includes('node_modules'));
      const found = matched.filter((f) => SCENARIO_FILE.test(f));
      if (matched.length === 0) missing.push({ path: p, message: `${p}: no file matches this glob${fromWhere(p)}` });
      else if (found.length === 0) missing.push({ path: p, message: `${p}: this glob matches ${plural(matched.length, 'file')}, none a scenario file (${LOOKED_FOR})` });
      for (const f of found.sort()) files.add(f);
      continue;
    }
    const s = await stat(p).catch(() => undefined);
    if (!s) missing.push({ path: p, message: isAbsolute(p) ? `${p}: no such file or folder` : `${p}: no such file or folder: looked for ${resolve(p)} (a relative path is read from the working directory)` });
    else if (s.isDirectory()) {
      const tooBroad = await tooBroadToSearch(p);
      if (tooBroad) {
        missing.push({ path: p, message: `${p}: ${tooBroad}` });
        continue;
      }
      const found = (await glob('**/*.scenario.{yaml,yml,json}', { cwd: p, absolute: true, onlyFiles: true, ignore: IGNORED })).filter((x) => SCENARIO_FILE.test(x));
      if (found.length === 0) missing.push({ path: p, message: `no scenario files in ${p} (looked for ${LOOKED_FOR}, in its subfolders too)` });
      for (const f of found.sort()) files.add(f);
    } else files.add(resolve(p));
  }
  return { files: await oncePerRealFile([...files]), missing };
}

/**
 * Why a folder is too broad to search for scenario files, or undefined: `eventbench run /` (or `~`,
 * a folder argument mistyped) walked every file under it, minutes of disk, and ran every project's
 * scenarios as one's own.
 */
async function tooBroadToSearch(folder: string): Promise<string | undefined> {
  const real = async (p: string) => realpath(p).catch(() => resolve(p));
  const here = await real(folder);
  if (parse(here).root === here) return 'the filesystem root is not searched for scenario files (it would walk every file on the machine); name a folder of scenarios, e.g. eventbench run scenarios/';
  if (here === (await real(homedir()))) return 'the home folder is not searched for scenario files (it would walk every project and cache in it); name a folder of scenarios, e.g. eventbench run ~/project/scenarios/';
  return undefined;
}

/**
 * Where a relative glob was looked for. `expectScenarios('scenarios/')` in a test file is read from
 * the test runner's working directory, not the test file's folder: "no such file or folder" alone
 * left the reader to guess which folder that was.
 */
const fromWhere = (p: string) => (isAbsolute(p) ? '' : ` (relative to the working directory, ${process.cwd()})`);

/**
 * One path per file: a folder linked into itself (or from two places) gave each of its files
 * under every path, and each was run once per path. Kept: the path with the fewest folders (the
 * file where it is, not through the link), the first in order on a tie; the order is the paths'.
 */
async function oncePerRealFile(paths: string[]): Promise<string[]> {
  const chosen = new Map<string, string>();
  for (const p of paths) {
    const real = await realpath(p).catch(() => p);
    const kept = chosen.get(real);
    if (kept === undefined || depth(p) < depth(kept)) chosen.set(real, p);
  }
  const keep = new Set(chosen.values());
  return paths.filter((p) => keep.has(p));
}

const depth = (path: string) => path.split(/[\\/]/).length;

/**
 * Runs scenario files, folders and globs as `eventbench run` does: each file in an in-process
 * engine of its own on a free port, with a throw-away data dir (or `dataDir`). A path that gives
 * no file is a result with `noScenario` set; a file that is not a valid scenario, one with `invalid` set.
 */
export async function runScenarioFiles(paths: readonly string[], options: { dataDir?: string; version?: string } = {}): Promise<ScenarioResult[]> {
  const { files, missing } = await collectScenarioFiles(paths);
  const results: ScenarioResult[] = [];
  // Not scenarios: "✗ x: invalid scenario" and "0 of 1 scenario passed, 1 invalid" counted a path as one.
  for (const m of missing) results.push({ name: m.path, file: m.path, passed: false, steps: [], failures: 1, durationMs: 0, noScenario: m.message });
  for (const file of files) {
    const shown = relative(process.cwd(), file) || file;
    // The reporters put the file before each message (`file:line:column: …`, or `file: …` without a line): the message does not name it again.
    const invalid = (message: string) => results.push({ name: shown, file: shown, passed: false, steps: [], failures: 1, durationMs: 0, invalid: [{ line: 0, column: 0, message }] });
    // A FIFO never ends its read until a writer comes (the run hung for ever), a device never ends.
    const kind = await notRegularFile(file);
    if (kind) {
      invalid(`${kind}, not a regular file: a scenario is read from a file`);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      // Unreadable (no permission, removed since it was listed): this file's result, not the run's end.
      invalid(`cannot be read: ${(e as Error).message}`);
      continue;
    }
    const read = textOfFile(bytes, true);
    if ('error' in read) {
      // A byte that is not UTF-8 has a place: file:line:column, as every other fault of the file
      // (it read "file: line 3, column 58: …", which editors and CI annotations do not link).
      if (read.at) results.push({ name: shown, file: shown, passed: false, steps: [], failures: 1, durationMs: 0, invalid: [{ line: read.at.line, column: read.at.column, message: read.at.message }] });
      else invalid(read.error);
      continue;
    }
    const loaded = loadScenario(read.text, shown);
    if (!loaded.ok) {
      results.push({ name: shown, file: shown, passed: false, steps: [], failures: loaded.errors.length, durationMs: 0, invalid: loaded.errors.map(({ line, column, message }) => ({ line, column, message })), ...(loaded.errorsLeftOut ? { invalidLeftOut: loaded.errorsLeftOut } : {}), ...(loaded.errorsLeftOutAtLeast ? { invalidLeftOutAtLeast: true as const } : {}) });
      continue;
    }
    const dataDir = options.dataDir ? resolve(options.dataDir) : await mkdtemp(join(tmpdir(), 'eventbench-run-'));
    const engine = await createEngine({ dataDir, port: 0, shell: 'test', ...(options.version !== undefined ? { version: options.version } : {}), log: () => undefined });
    try {
      const result = await runScenario({ api: engine, url: engine.url }, loaded.scenario, { baseDir: dirname(file) });
      results.push(loaded.warnings ? { ...result, warnings: loaded.warnings.map((w) => warningWithSteps(w, result.steps)), ...(loaded.warningsLeftOut ? { warningsLeftOut: loaded.warningsLeftOut } : {}) } : result);
    } finally {
      await engine.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}

/**
 * A check-time warning as the reports carry it, with the steps it is about: their indexes and their
 * names as the pretty and JUnit reports write a step (`step 3 "paid" (line 6)`); its message names
 * only the step's number ("step 3: send.message.type: …"), which a script had to look up.
 */
export function warningWithSteps(w: { line: number; column: number; message: string; hint: string; stepIndexes: number[] }, steps: readonly StepResult[]): NonNullable<ScenarioResult['warnings']>[number] {
  const byIndex = new Map(steps.map((s) => [s.index, s]));
  const named = w.stepIndexes.map((i) => byIndex.get(i)).filter((s): s is StepResult => s !== undefined);
  return { line: w.line, column: w.column, message: w.message, hint: w.hint, stepIndexes: w.stepIndexes, stepNames: named.map(stepWithLine) };
}

/**
 * Why the report could not be written at `file` (an absolute path), or undefined; nothing is made.
 * The folders `--out` names that do not exist yet are made later: what counts is the nearest one
 * that exists (a regular file there, or a folder without write permission or on a read-only disk).
 */
async function whyNotWritable(file: string): Promise<string | undefined> {
  const existing = await stat(file).catch(() => undefined);
  if (existing) return access(file, constants.W_OK).then(() => undefined, (e: NodeJS.ErrnoException) => `${file} is not writable (${e.code ?? e.message})`);
  for (let folder = dirname(file); ; folder = dirname(folder)) {
    const s = await stat(folder).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' || e.code === 'ENOTDIR' ? undefined : e));
    if (s instanceof Error) return `${folder} cannot be read (${s.code ?? s.message})`;
    if (s === undefined) {
      if (dirname(folder) === folder) return `${folder} does not exist`;
      continue;
    }
    if (!s.isDirectory()) return `${folder} is a file, not a folder`;
    return access(folder, constants.W_OK).then(() => undefined, (e: NodeJS.ErrnoException) => `the folder ${folder} is not writable (${e.code ?? e.message})`);
  }
}

/**
 * Why the report's write failed, though the check before the run passed (the place changed while
 * the scenarios ran, or the disk filled): said as the check says it when it now fails ("… is a
 * file, not a folder": it read "EEXIST: file already exists, mkdir …"). A file the write left
 * there, cut short or an earlier run's, is removed: a CI job publishes the report whatever the
 * exit status, and took a cut-short JSON or an earlier run's JUnit for this run's.
 */
async function whyWriteFailed(file: string, e: NodeJS.ErrnoException): Promise<string> {
  const full = e.code === 'ENOSPC' || e.code === 'EDQUOT' || e.code === 'EFBIG';
  const now = await stat(file).catch(() => undefined);
  const changed = now?.isDirectory() ? `${file} is a folder` : await whyNotWritable(file).catch(() => undefined);
  const why = changed !== undefined ? `${changed} (it changed while the scenarios ran)` : full ? `the disk (or this process's file-size limit) is full (${e.message})` : e.message;
  if (!(await lstat(file).catch(() => undefined))?.isFile()) return why;
  const removed = await unlink(file).then(
    () => true,
    () => false,
  );
  return `${why}; the file there (cut short, or an earlier run's report) ${removed ? "was removed, so that it is not taken for this run's" : "is not this run's report, and could not be removed"}`;
}

/** A report file's name to suggest, by its reporter. */
const reportName = (reporter: RunOptions['reporter']) => (reporter === 'json' ? 'eventbench.json' : reporter === 'junit' ? 'eventbench-junit.xml' : 'eventbench.txt');

/**
 * `eventbench run`: the report on stdout, or in `--out` with the pretty one on stdout. Exit 0 when
 * all pass, 1 when one fails, 2 when a file is invalid or the report cannot be written where
 * `--out` says: a folder given as `--out` stopped the run after every scenario had run, with
 * "EISDIR: illegal operation on a directory" on stderr, exit 1 (as if a scenario had failed), and
 * no report anywhere.
 */
export async function runCommand(options: RunOptions, version: string, print: (text: string) => void, printError: (text: string) => void = (text) => process.stderr.write(text)): Promise<number> {
  const out = options.out === undefined ? undefined : resolve(options.out);
  if (out !== undefined && options.out !== undefined) {
    // Said before any scenario runs, as a mistyped option is.
    const s = await stat(out).catch(() => undefined);
    if (s?.isDirectory()) {
      printError(`eventbench: --out ${options.out} is a folder; name the report's file, e.g. --out ${join(options.out, reportName(options.reporter))}\n`);
      return 2;
    }
    // `--out checkout.scenario.yaml` wrote the report over that scenario: the file was lost.
    if (s) {
      const real = await realpath(out).catch(() => out);
      const { files } = await collectScenarioFiles(options.paths);
      const reals = await Promise.all(files.map((f) => realpath(f).catch(() => f)));
      if (reals.includes(real)) {
        printError(`eventbench: --out ${options.out} is a scenario file this run reads: the report would be written over it; name another file, e.g. --out ${join(dirname(options.out), reportName(options.reporter))}\n`);
        return 2;
      }
    }
    // A folder that cannot be made, or written, was found only after every scenario had run.
    const unwritable = await whyNotWritable(out);
    if (unwritable) {
      printError(`eventbench: --out ${options.out} cannot be written: ${unwritable}; name a file in a folder you can write, e.g. --out ${reportName(options.reporter)}\n`);
      return 2;
    }
  }
  const results = await runScenarioFiles(options.paths, { ...(options.dataDir ? { dataDir: options.dataDir } : {}), version });
  const report = options.reporter === 'junit' ? reportJunit(results) : options.reporter === 'json' ? reportJson(results) : reportPretty(results);
  if (out !== undefined) {
    try {
      // A CI job's reports/ folder does not exist in a fresh checkout: make it, as test reporters do.
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, report);
    } catch (e) {
      // The runs are not lost: the log has them, and says why the file is missing.
      print(reportPretty(results));
      printError(`eventbench: the report could not be written to ${options.out}: ${await whyWriteFailed(out, e as NodeJS.ErrnoException)}; the results are above\n`);
      return 2;
    }
    // The log says what failed and why, as for an invalid file: a CI job shows its log first.
    if (options.reporter !== 'pretty') print(reportPretty(results));
  } else print(report);
  if (results.some((r) => r.invalid || r.noScenario !== undefined)) return 2;
  return results.every((r) => r.passed) ? 0 : 1;
}
