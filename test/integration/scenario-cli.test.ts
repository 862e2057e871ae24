// `eventbench run` as a real process (from source): every bundled example passes, JUnit output
// is valid XML that a CI system reads, a failing scenario exits 1 with a readable diff, an
// invalid one exits 2 with its line and column.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectScenarioFiles, runCommand } from '../../src-main/cli/run';

const root = resolve(import.meta.dirname, '../..');
// tsx by its file: `--import tsx` is resolved from the child's working directory, which a test may set elsewhere.
const tsx = pathToFileURL(join(root, 'node_modules/tsx/dist/loader.mjs')).href;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eventbench-run-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function run(args: string[], cwd = root): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', tsx, join(root, 'src-main/cli/index.ts'), 'run', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

// Each run starts a process that compiles the CLI from source: seconds on a quiet machine, but
// more than the suite's 20 s default when the machine's 2 cores are shared (load average 13).
describe('eventbench run', { timeout: 90_000 }, () => {
  it('runs every bundled example, each passing, and writes JUnit that parses', async () => {
    const { files } = await collectScenarioFiles([join(root, 'scenarios')]);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const out = join(dir, 'junit.xml');
    const r = await run(['scenarios/', '--reporter', 'junit', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`${files.length} of ${files.length} scenarios passed`);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(await readFile(out, 'utf8'));
    const suite = parsed.testsuites.testsuite;
    expect(Number(suite.tests)).toBe(files.length);
    expect(Number(suite.failures)).toBe(0);
    const cases = [suite.testcase].flat();
    expect(cases.map((c: { classname: string }) => c.classname).sort()).toEqual(files.map((f) => f.slice(root.length + 1)).sort());
    for (const c of cases) expect(c.failure).toBeUndefined();
  });

  it('--out into a folder that does not exist yet (reports/ in a fresh CI checkout) makes it', async () => {
    const out = join(dir, 'reports', 'ci', 'junit.xml');
    const r = await run(['scenarios/produktly-tour.scenario.yaml', '--reporter', 'junit', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('<testsuites name="eventbench" tests="1" failures="0"');
  });

  it('a failing expectation exits 1 with expected vs actual, and JUnit carries the failure', async () => {
    const file = join(dir, 'failing.scenario.yaml');
    await writeFile(
      file,
      ['name: deliberately failing', 'steps:', '  - send: { message: { type: track, anonymousId: v, event: Opened, properties: { module: Billing } } }', '  - advance: 12m', '  - send: { message: { type: track, anonymousId: v, event: Closed } }', '  - expect:', '      session: { anonymousId: v, duration: 10m, modules: { Billing: 10m } }', ''].join('\n'),
    );
    const pretty = await run([file]);
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).toContain('✗ deliberately failing');
    expect(pretty.stdout).toContain('step 4 (line 6) expect session');
    expect(pretty.stdout).toContain('-   "duration": "10 min"');
    expect(pretty.stdout).toContain('+   "duration": "12 min"');
    const junit = await run([file, '--reporter', 'junit']);
    expect(junit.code).toBe(1);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit.stdout);
    const failure = parsed.testsuites.testsuite.testcase.failure;
    expect(failure.message).toContain('differs');
    expect(failure['#text']).toContain('+     "Billing": "12 min"');
  });

  // A via: sender send whose delivery failed read as a plain pass: a QA reader took it for sent.
  it('a sender send whose delivery failed is a warning of its step in the log and JUnit; not when an expectation says it is meant', async () => {
    const file = join(dir, 'refused.scenario.yaml');
    const send = '  - send: { via: sender, target: local, message: { type: pgae, userId: u } }';
    await writeFile(file, ['name: refused', 'steps:', send, '  - advance: 1s', ''].join('\n'));
    const shown = relative(root, file);
    const pretty = await run([file]);
    expect(pretty.code, pretty.stdout).toBe(0);
    expect(pretty.stdout).toContain(`    warning: ${shown}:3: step 1 (send pgae via sender): its delivery failed: it was not sent: type "pgae" is not a Segment call type;`);
    const junit = await run([file, '--reporter', 'junit']);
    expect(junit.code).toBe(0);
    const testcase = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit.stdout).testsuites.testsuite.testcase;
    expect(testcase.failure).toBeUndefined();
    expect(testcase['system-out']).toContain(`warning: ${shown}:3: step 1 (send pgae via sender): its delivery failed`);
    await writeFile(file, ['name: refused', 'steps:', send, '  - advance: 1s', '  - expect: { delivery: { state: failed } }', ''].join('\n'));
    const meant = await run([file]);
    expect(meant.code, meant.stdout).toBe(0);
    expect(meant.stdout).not.toContain('warning');
  });

  // type: trak passed without a word. A scenario may send it on purpose: a warning, the run not failed by it.
  it("a send's type that is no call type is a warning in the log and JUnit's system-out; the run passes", async () => {
    const file = join(dir, 'typo.scenario.yaml');
    await writeFile(file, ['name: typo', 'steps:', '  - send: { message: { type: trak, userId: u, event: Paid } }', '  - expect: { messages: { count: 1 } }', ''].join('\n'));
    const shown = relative(root, file);
    const pretty = await run([file]);
    expect(pretty.code, pretty.stdout).toBe(0);
    expect(pretty.stdout).toContain(`✓ typo`);
    expect(pretty.stdout).toContain(
      `    warning: ${shown}:3:30: step 1: send.message.type: "trak" is not a Segment call type; did you mean "track"? Segment would drop the message (unknown-type)\n      (if that is on purpose, say so after the send: expect: { dropReasons: { codes: [unknown-type] } })\n`,
    );
    const junit = await run([file, '--reporter', 'junit']);
    expect(junit.code).toBe(0);
    const testcase = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(junit.stdout).testsuites.testsuite.testcase;
    expect(testcase.failure).toBeUndefined();
    expect(testcase['system-out']).toMatch(/^warning: .*typo\.scenario\.yaml:3:30: step 1: send\.message\.type: "trak"/);
    // Said on purpose: no warning.
    await writeFile(file, ['name: typo', 'steps:', '  - send: { message: { type: trak, userId: u, event: Paid } }', '  - expect: { dropReasons: { codes: [unknown-type] } }', ''].join('\n'));
    const meant = await run([file]);
    expect(meant.code, meant.stdout).toBe(0);
    expect(meant.stdout).not.toContain('warning');
  });

  // The JSON report's check-time warnings said "step 2: …" alone, where pretty and JUnit name a step
  // by its id and line too: each now lists its steps (a repeat's send: every round) both ways.
  it("--reporter json: a check-time warning names its steps as the other reports do, by index, id and line", async () => {
    const file = join(dir, 'typo-json.scenario.yaml');
    await writeFile(
      file,
      ['name: typo json', 'steps:', '  - id: paid', '    send: { message: { type: trak, userId: u, event: Paid } }', '  - repeat: { times: 2, steps: [ { id: "buy-{{i}}", send: { message: { type: pgae, userId: u } } } ] }', '  - expect: { messages: { count: 3 } }', ''].join('\n'),
    );
    const r = await run([file, '--reporter', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const [scenario] = JSON.parse(r.stdout).scenarios;
    expect(scenario.warnings.map((w: { line: number; message: string; stepIndexes: number[]; stepNames: string[] }) => [w.line, w.message.slice(0, 27), w.stepIndexes, w.stepNames])).toEqual([
      [4, 'step 1: send.message.type: ', [0], ['step 1 "paid" (line 3)']],
      [5, 'step 2, repeat step 1: send', [1, 2], ['step 2 "buy-1" (line 5)', 'step 3 "buy-2" (line 5)']],
    ]);
    // What was there is as it was: the hint, and the message naming the step by its number.
    expect(scenario.warnings[0].hint).toBe('if that is on purpose, say so after the send: expect: { dropReasons: { step: paid, codes: [unknown-type] } }');
  });

  // JUnit's <error> is a test that could not run, <failure> an assertion that did not hold; a step
  // that threw (a users file missing, a send the receiver refused) was a <failure> of type "expectation".
  it('a step that could not run is a JUnit <error>, counted in errors; an expectation that failed is a <failure>', async () => {
    const missing = join(dir, 'users-missing.scenario.yaml');
    await writeFile(missing, ['name: users file missing', 'steps:', '  - users: { file: no-such-users.csv }', '  - expect: { users: { count: 1 } }', ''].join('\n'));
    const refused = join(dir, 'send-refused.scenario.yaml');
    // Over the Tracking API's 32 KB per message: the receiver answers 400, as Segment does.
    await writeFile(refused, ['name: send refused', 'steps:', `  - send: { message: { type: track, userId: u, event: Big, properties: { blob: "${'x'.repeat(40_000)}" } } }`, ''].join('\n'));
    const failing = join(dir, 'expect-fails.scenario.yaml');
    await writeFile(failing, ['name: expectation fails', 'steps:', '  - send: { message: { type: track, userId: u, event: Opened } }', '  - expect: { messages: { count: 2 } }', ''].join('\n'));
    let printed = '';
    const code = await runCommand({ paths: [missing, refused, failing], reporter: 'junit' }, '0.0.0', (text) => (printed += text));
    expect(code).toBe(1);
    const suites = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(printed).testsuites;
    expect([suites.tests, suites.failures, suites.errors, suites.skipped]).toEqual(['3', '1', '2', '0']);
    expect([suites.testsuite.tests, suites.testsuite.failures, suites.testsuite.errors, suites.testsuite.skipped]).toEqual(['3', '1', '2', '0']);
    const [users, send, expectation] = suites.testsuite.testcase as Array<{ name: string; error?: { message: string; type: string }; failure?: { message: string } }>;
    expect(users.failure).toBeUndefined();
    expect(users.error).toMatchObject({ type: 'step-error' });
    expect(users.error!.message).toMatch(/^step 1 \(line 3\) users from no-such-users\.csv: users\.file: cannot read .*no-such-users\.csv/);
    expect(send.failure).toBeUndefined();
    expect(send.error!.message).toMatch(/^step 1 \(line 3\) send Big: the receiver answered 400/);
    expect(expectation.error).toBeUndefined();
    expect(expectation.failure!.message).toBe('step 2 (line 4) expect messages: expected 2 messages, got 1');
  });

  // A folder as --out ran every scenario, then stopped with "EISDIR: illegal operation on a directory",
  // exit 1 (read as a failed scenario), and no report anywhere.
  it('--out naming a folder is refused before anything runs (exit 2)', async () => {
    const file = join(dir, 'out-checks.scenario.yaml');
    await writeFile(file, ['name: out checks', 'steps:', '  - send: { message: { type: track, userId: u, event: Opened } }', '  - expect: { messages: { count: 1 } }', ''].join('\n'));
    const folder = await mkdtemp(join(dir, 'reports-'));
    let printed = '';
    let errors = '';
    expect(await runCommand({ paths: [file], reporter: 'junit', out: folder }, '0.0.0', (t) => (printed += t), (t) => (errors += t))).toBe(2);
    expect(errors).toBe(`eventbench: --out ${folder} is a folder; name the report's file, e.g. --out ${join(folder, 'eventbench-junit.xml')}\n`);
    expect(printed).toBe('');
  });

  // A path under a regular file (or in a folder that cannot be written) ran every scenario first,
  // and only then said the report could not be written.
  it('--out that cannot be written is refused before anything runs, with the usage-error exit 2', async () => {
    const file = join(dir, 'out-unwritable.scenario.yaml');
    await writeFile(file, ['name: out unwritable', 'steps:', '  - send: { message: { type: track, userId: u, event: Opened } }', '  - expect: { messages: { count: 1 } }', ''].join('\n'));
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');
    const r = await run([file, '--reporter', 'junit', '--out', join(blocker, 'ci', 'junit.xml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`eventbench: --out ${join(blocker, 'ci', 'junit.xml')} cannot be written: ${blocker} is a file, not a folder; name a file in a folder you can write, e.g. --out eventbench-junit.xml\n`);
    expect(await readFile(blocker, 'utf8')).toBe('');
  });

  // The up-front check passes, then the place goes while the scenarios run (a CI clean-up, another
  // job): the results go to the log instead. The scenario's send is held by the test's server, the
  // target taken away meanwhile, so the report is written after that, whatever the timing.
  it('--out that stops being writable during the run: the results go to the log, exit 2, saying why as the check before the run does', async () => {
    const reports = join(dir, 'gone-reports');
    await mkdir(reports);
    const out = join(reports, 'junit.xml');
    let held = 0;
    const server = createServer((req, res) => {
      held++;
      req.resume();
      // The reports folder becomes a file: the report cannot be written there any more.
      void rm(reports, { recursive: true, force: true })
        .then(() => writeFile(reports, 'not a folder'))
        .then(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const file = join(dir, 'out-goes.scenario.yaml');
      await writeFile(
        file,
        ['name: out goes away', 'steps:', `  - send: { via: sender, target: { kind: webhook, url: "http://127.0.0.1:${port}/hook" }, message: { type: track, userId: u, event: Opened } }`, '  - expect: { delivery: { state: delivered } }', ''].join('\n'),
      );
      const r = await run([file, '--reporter', 'junit', '--out', out]);
      expect(held).toBeGreaterThan(0);
      expect(r.code, r.stderr).toBe(2);
      // The results, readable, on stdout; why the file is missing on stderr, naming it.
      expect(r.stdout).toContain('✓ out goes away');
      expect(r.stdout).toContain('1 of 1 scenario passed');
      // Said as the check before the run says it (it read "EEXIST: file already exists, mkdir …").
      expect(r.stderr).toBe(`eventbench: the report could not be written to ${out}: ${reports} is a file, not a folder (it changed while the scenarios ran); the results are above\n`);
      expect(await readFile(reports, 'utf8')).toBe('not a folder');
    } finally {
      server.close();
    }
  });

  // A write that fails part way (a full disk; here the file-size limit, as `ulimit -f` sets it) left
  // the report cut short where a CI job publishes it (a JSON that does not parse), or, had it failed
  // at once, an earlier run's report there to be taken for this run's.
  it.skipIf(process.platform === 'win32')('--out cut short by a full disk: the results go to the log, and no cut-short or earlier report is left there', async () => {
    const out = join(dir, 'full', 'report.json');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, '{"an earlier run\'s report":true}');
    const file = join(dir, 'full-disk.scenario.yaml');
    // 600 steps: a JSON report of about 100 KB, past the limit; the engine's own files stay well under it.
    await writeFile(file, ['name: full disk', 'steps:', '  - send: { message: { type: track, userId: u, event: Opened } }', ...Array(600).fill('  - advance: 1s'), ''].join('\n'));
    const cli = `exec "${process.execPath}" --import "${tsx}" "${join(root, 'src-main/cli/index.ts')}" run "${file}" --reporter json --out "${out}"`;
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
      const child = spawn('/bin/sh', ['-c', `ulimit -f 64 && ${cli}`], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => done({ code, stdout, stderr }));
    });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain('✓ full disk');
    expect(r.stdout).toContain('1 of 1 scenario passed');
    expect(r.stderr).toBe(
      `eventbench: the report could not be written to ${out}: the disk (or this process's file-size limit) is full (EFBIG: file too large, write); the file there (cut short, or an earlier run's report) was removed, so that it is not taken for this run's; the results are above\n`,
    );
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  // `--` was refused as an unknown option, so a file whose name starts with "-" could not be run.
  it('`--` ends the options: a file after it named like an option runs', async () => {
    await writeFile(join(dir, '-dash.scenario.yaml'), ['name: dash-named', 'steps:', '  - send: { message: { type: track, userId: u, event: Opened } }', '  - expect: { messages: { count: 1 } }', ''].join('\n'));
    const r = await run(['--reporter', 'pretty', '--', '-dash.scenario.yaml'], dir);
    expect(r.stderr).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('✓ dash-named');
    expect(r.stdout).toContain('1 of 1 scenario passed');
    // Before `--`, the same name is still an option it does not know.
    const before = await run(['-dash.scenario.yaml'], dir);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/^eventbench: unknown option "-dash\.scenario\.yaml"/);
  });

  it('with --out, the log still says why a scenario failed, as it says why a file is invalid', async () => {
    // A CI job writes JUnit to a file and shows the log: "✗ name" alone sent the reader to the artifact.
    const file = join(dir, 'failing-out.scenario.yaml');
    await writeFile(file, ['name: failing with out', 'steps:', '  - send: { message: { type: track, userId: u, event: Opened, properties: { tour_id: onboarding } } }', '  - expect: { messages: { match: { properties: { tour_id: onbaording } }, count: 1 } }', ''].join('\n'));
    let printed = '';
    const code = await runCommand({ paths: [file], reporter: 'junit', out: join(dir, 'out', 'junit.xml') }, '0.0.0', (text) => (printed += text));
    expect(code).toBe(1);
    expect(printed).toContain('✗ failing with out');
    expect(printed).toContain('step 2 (line 4) expect messages');
    expect(printed).toContain('nearest: #1: properties.tour_id is "onboarding", expected "onbaording"');
  });

  // PowerShell 5.1's Out-File (and `>`) saves UTF-16 with a byte-order mark: read as UTF-8, every
  // other byte was a NUL and the file a parse error at line 1.
  it('a scenario saved as UTF-16 (either byte order) runs; one in UTF-32 is refused naming the encoding', async () => {
    const yaml = 'name: saved by PowerShell\nsteps:\n  - send: { message: { type: track, userId: u, event: Opened } }\n  - expect: { messages: { count: 1 } }\n';
    const le = join(dir, 'utf16le.scenario.yaml');
    await writeFile(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, 'utf16le')]));
    const be = join(dir, 'utf16be.scenario.yaml');
    await writeFile(be, Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(yaml, 'utf16le').swap16()]));
    let printed = '';
    expect(await runCommand({ paths: [le, be], reporter: 'pretty' }, '0.0.0', (text) => (printed += text))).toBe(0);
    expect(printed).toContain('2 of 2 scenarios passed');
    const utf32 = join(dir, 'utf32.scenario.yaml');
    const units = [...yaml].flatMap((c) => [c.charCodeAt(0), 0, 0, 0]);
    await writeFile(utf32, Buffer.from([0xff, 0xfe, 0, 0, ...units]));
    printed = '';
    expect(await runCommand({ paths: [utf32], reporter: 'pretty' }, '0.0.0', (text) => (printed += text))).toBe(2);
    expect(printed).toContain('the file is UTF-32 (little-endian, with a byte-order mark), which Eventbench does not read; save it as UTF-8 (or UTF-16)');
    // The file is named once: the report puts it before every message (it read "x.yaml: x.yaml: the file is …").
    const shown = relative(process.cwd(), utf32);
    expect(printed).toContain(`\n    ${shown}: the file is UTF-32`);
    expect(printed).not.toContain(`${shown}: ${shown}`);
    let junit = '';
    await runCommand({ paths: [utf32], reporter: 'junit' }, '0.0.0', (text) => (junit += text));
    expect(junit).not.toContain(`${shown}: ${shown}`);
  });

  // A path that is not a regular file is reported as the UTF-32 file is: named once.
  it('a FIFO named *.scenario.yaml is refused naming the file once', async () => {
    const fifo = join(dir, 'pipe.scenario.yaml');
    await new Promise<void>((done, fail) => spawn('mkfifo', [fifo]).on('exit', (code) => (code === 0 ? done() : fail(new Error(`mkfifo exited ${code}`)))));
    let printed = '';
    expect(await runCommand({ paths: [fifo], reporter: 'pretty' }, '0.0.0', (text) => (printed += text))).toBe(2);
    const shown = relative(process.cwd(), fifo);
    expect(printed).toContain(`\n    ${shown}: a FIFO, not a regular file`);
    expect(printed).not.toContain(`${shown}: ${shown}`);
  });

  it('an invalid file exits 2 with its file, line and column', async () => {
    const file = join(dir, 'broken.scenario.yaml');
    await writeFile(file, 'name: broken\nsteps:\n  - advance: 1m\n  - sned: { message: {} }\n');
    const r = await run([file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/broken\.scenario\.yaml:4:5: step 2: unknown key "sned"/);
    expect((await run([join(dir, 'nothing-here.scenario.yaml')])).code).toBe(2);
    expect((await run(['--reporter', 'xml', file])).code).toBe(2);
  });

  it('a folder with no scenario file is an error like a glob that matches nothing, not 0 of 0 passed', async () => {
    const empty = await mkdtemp(join(dir, 'no-scenarios-'));
    await writeFile(join(empty, 'notes.yaml'), 'name: not a scenario file name\nsteps: []\n');
    let printed = '';
    const code = await runCommand({ paths: [empty, join(dir, 'none-*.scenario.yaml'), join(dir, 'absent')], reporter: 'junit' }, '0.0.0', (text) => (printed += text));
    expect(code).toBe(2);
    // In a suite of their own: the scenarios' suite counts no test (it read tests="3").
    const [scenarios, paths] = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(printed).testsuites.testsuite as Array<{ name: string; tests: string; testcase: { error: { message: string; type: string } } }>;
    expect([scenarios.name, scenarios.tests, paths.name, paths.tests]).toEqual(['eventbench scenarios', '0', 'eventbench paths', '3']);
    const cases = [paths.testcase].flat();
    // Said without a line and column, which a path that gave no file does not have; not as an invalid scenario.
    expect(cases.map((c: { error: { message: string; type: string } }) => [c.error.type, c.error.message])).toEqual([
      ['no-scenario-file', `no scenario files in ${empty} (looked for *.scenario.yaml, *.scenario.yml and *.scenario.json, in its subfolders too)`],
      ['no-scenario-file', `${join(dir, 'none-*.scenario.yaml')}: no file matches this glob`],
      ['no-scenario-file', `${join(dir, 'absent')}: no such file or folder`],
    ]);
  });

  // A path is not a scenario: it read "✗ <folder>: invalid scenario" and "0 of 1 scenario passed, 1 invalid".
  it('the pretty report says what a path that gave no scenario is, and counts it apart from the scenarios', async () => {
    const empty = await mkdtemp(join(dir, 'empty-'));
    const good = join(dir, 'counted-apart.scenario.yaml');
    await writeFile(good, 'name: one that passes\nsteps:\n  - advance: 1m\n');
    const runs = async (paths: string[]) => {
      let printed = '';
      const code = await runCommand({ paths, reporter: 'pretty' }, '0.0.0', (text) => (printed += text));
      return { code, printed };
    };
    const alone = await runs([empty]);
    expect(alone.code).toBe(2);
    expect(alone.printed).toBe(`✗ no scenario files in ${empty} (looked for *.scenario.yaml, *.scenario.yml and *.scenario.json, in its subfolders too)\n\nNo scenario ran: 1 path gave no scenario file\n`);
    const mixed = await runs([good, join(dir, 'absent'), empty]);
    expect(mixed.code).toBe(2);
    expect(mixed.printed).not.toContain('invalid');
    expect(mixed.printed).toContain(`✗ ${join(dir, 'absent')}: no such file or folder\n`);
    expect(mixed.printed).toMatch(/\n1 of 1 scenario passed; 2 paths gave no scenario file\n$/);
    // JSON: the scenarios, and apart from them the paths that gave none.
    let json = '';
    await runCommand({ paths: [good, join(dir, 'absent')], reporter: 'json' }, '0.0.0', (text) => (json += text));
    const parsed = JSON.parse(json);
    expect(parsed.scenarios.map((s: { name: string }) => s.name)).toEqual(['one that passes']);
    expect(parsed.noScenario).toEqual([{ path: join(dir, 'absent'), message: `${join(dir, 'absent')}: no such file or folder` }]);
    expect(parsed.passed).toBe(false);
  });

  // expectScenarios('scenarios/') in a test file reads the path from the runner's working
  // directory, not the test file's folder; "no such file or folder" alone did not say where it looked.
  it('a relative path or glob that gives nothing names the folder it was looked for in', async () => {
    const cwd = await mkdtemp(join(dir, 'cwd-'));
    const r = await run(['scenarioz/', 'qa/*.scenario.yaml'], cwd);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`scenarioz/: no such file or folder: looked for ${join(cwd, 'scenarioz')} (a relative path is read from the working directory)`);
    expect(r.stdout).toContain(`qa/*.scenario.yaml: no file matches this glob (relative to the working directory, ${cwd})`);
  });

  it('a glob keeps only scenario files, and neither a glob nor a folder walks node_modules', async () => {
    const project = await mkdtemp(join(dir, 'globs-'));
    await mkdir(join(project, 'node_modules/some-package'), { recursive: true });
    await mkdir(join(project, 'qa'));
    await writeFile(join(project, 'qa/checkout.scenario.yaml'), 'name: checkout\nsteps: [advance: 1s]\n');
    // What sits beside scenarios: the schema (scenarios/* ran it as a scenario, and it failed), and an installed package's own.
    await writeFile(join(project, 'qa/scenario.schema.json'), '{}');
    await writeFile(join(project, 'node_modules/some-package/example.scenario.yaml'), 'name: theirs\nsteps: [advance: 1s]\n');
    const { files, missing } = await collectScenarioFiles([join(project, 'qa/*'), join(project, '**/*.scenario.yaml'), project, join(project, 'qa/*.json')]);
    expect(files).toEqual([join(project, 'qa/checkout.scenario.yaml')]);
    expect(missing).toEqual([{ path: join(project, 'qa/*.json'), message: `${join(project, 'qa/*.json')}: this glob matches 1 file, none a scenario file (*.scenario.yaml, *.scenario.yml and *.scenario.json)` }]);
  });

  // A folder linked into itself (or a shared folder linked from two places) ran each of its files
  // once per path, the report counting each twice.
  it('a file reached by several paths (a symlinked folder, a linked file) is run once, under its shortest path', async () => {
    const project = await mkdtemp(join(dir, 'links-'));
    await mkdir(join(project, 'qa'));
    await writeFile(join(project, 'qa/checkout.scenario.yaml'), 'name: checkout\nsteps: [advance: 1s]\n');
    await symlink(join(project, 'qa'), join(project, 'qa/again'));
    await symlink(join(project, 'qa/checkout.scenario.yaml'), join(project, 'qa/copy.scenario.yaml'));
    const { files, missing } = await collectScenarioFiles([join(project, 'qa'), join(project, 'qa/checkout.scenario.yaml')]);
    expect(files).toEqual([join(project, 'qa/checkout.scenario.yaml')]);
    expect(missing).toEqual([]);
  });

  it('numbers past 2^53: sent with the digits the file writes, and expected digit for digit', async () => {
    const file = join(dir, 'exact.scenario.yaml');
    await writeFile(
      file,
      [
        'name: exact digits',
        'steps:',
        '  - send: { message: { type: track, userId: u-go, event: Order Completed, properties: { orderId: 9007199254740993, ids: [12345678901234567890, 7] } } }',
        '  - expect: { messages: { match: { properties: { orderId: 9007199254740993 } }, count: 1 } }',
        // As doubles, the two are one number: the run compared them so and failed here.
        '  - expect: { messages: { match: { properties: { orderId: 9007199254740992 } }, count: 0 } }',
        '',
      ].join('\n'),
    );
    const dataDir = join(dir, 'exact-data');
    const r = await run([file, '--data-dir', dataDir]);
    expect(r.code, r.stdout).toBe(0);
    const text = await readFile(join(dataDir, 'captures.ndjson'), 'utf8');
    expect(text).toContain('"orderId":9007199254740993');
    expect(text).toContain('"ids":[12345678901234567890,7]');
  });

  it('numbers past 2^53 in users and matching expectations: compared with the trait digit for digit; a miss prints both', async () => {
    const file = join(dir, 'exact-users.scenario.yaml');
    await writeFile(
      file,
      [
        'name: exact users',
        'webhooks: [{ name: pf }]',
        'steps:',
        '  - id: seats',
        '    send: { via: webhook, webhook: pf, message: { type: identify, userId: ada, traits: { plan_seats: 9007199254740993 } } }',
        '  - expect:',
        '      users: { contains: [{ properties: { plan_seats: 9007199254740993 } }] }',
        '      matching: { step: seats, user: { properties: { plan_seats: 9007199254740993 } } }',
        // As doubles, the trait and this number are one: both passed.
        '  - expect:',
        '      users: { contains: [{ properties: { plan_seats: 9007199254740992 } }] }',
        '      matching: { step: seats, user: { properties: { plan_seats: 9007199254740992 } } }',
        '',
      ].join('\n'),
    );
    const r = await run([file]);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain('no user has {"properties":{"plan_seats":9007199254740992}}; nearest: new-1 (username ada): properties.plan_seats is 9007199254740993, expected 9007199254740992');
    expect(r.stdout).toContain('-       "plan_seats": 9007199254740992');
    expect(r.stdout).toContain('+       "plan_seats": 9007199254740993');
    expect(r.stdout).not.toMatch(/exact-[a-z0-9]+:/); // no marker's text
  });

  it('is deterministic: the same file gives the same report twice', async () => {
    const a = await run(['scenarios/freshsuccess-session.scenario.yaml', '--reporter', 'json']);
    const b = await run(['scenarios/freshsuccess-session.scenario.yaml', '--reporter', 'json']);
    const strip = (s: string) => JSON.stringify(JSON.parse(s), (k, v) => (k === 'durationMs' && typeof v === 'number' && v > 100_000_000 ? v : k === 'durationMs' ? 0 : v));
    expect(a.code).toBe(0);
    expect(strip(a.stdout)).toBe(strip(b.stdout));
  });
});
