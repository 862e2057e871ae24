// `eventbench run` handed awkward files and options, as an outsider tries them: each either runs or
// says what is wrong and where, and none loses a file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src-main/cli/run';
import { reportPretty } from '../../src-main/replay/reporters';
import { loadScenario } from '../../src-main/replay/load';
import { startTestEngine } from './helpers/engine';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eventbench-hostile-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const runs = async (options: Parameters<typeof runCommand>[0]) => {
  let printed = '';
  let errors = '';
  const code = await runCommand(options, '0.0.0', (t) => (printed += t), (t) => (errors += t));
  return { code, printed, errors };
};

describe('eventbench run with awkward input', { timeout: 60_000 }, () => {
  // `--out checkout.scenario.yaml` (the report's file and a scenario mixed up) wrote the report over
  // the scenario: the file was gone, and the run said it passed.
  it('refuses an --out that is one of the scenario files it runs, before anything runs, and leaves the file', async () => {
    const file = join(dir, 'keep.scenario.yaml');
    const text = 'name: keep me\nsteps:\n  - advance: 1m\n';
    await writeFile(file, text);
    for (const paths of [[file], [dir], [join(dir, '*.scenario.yaml')]]) {
      const r = await runs({ paths, reporter: 'junit', out: file });
      expect(r.code, paths[0]).toBe(2);
      expect(r.errors).toBe(`eventbench: --out ${file} is a scenario file this run reads: the report would be written over it; name another file, e.g. --out ${join(dir, 'eventbench-junit.xml')}\n`);
      expect(r.printed).toBe('');
      expect(await readFile(file, 'utf8')).toBe(text);
    }
  });

  // A file saved as Windows-1252 or Latin-1 ("café" as the byte 0xE9): read as UTF-8, each such byte
  // became U+FFFD, the run passed, and the messages carried "caf\uFFFD".
  it('names a byte that is not UTF-8 by line and column, where it was sent as U+FFFD', async () => {
    const file = join(dir, 'latin1.scenario.yaml');
    await writeFile(file, Buffer.concat([Buffer.from('name: latin-1\nsteps:\n  - send: { message: { type: track, userId: u, event: caf'), Buffer.from([0xe9]), Buffer.from(' } }\n')]));
    const r = await runs({ paths: [file], reporter: 'pretty' });
    expect(r.code).toBe(2);
    // file:line:column, as every other fault of a file (it read "latin1.scenario.yaml: line 3, column 58: …").
    expect(r.printed).toContain(`latin1.scenario.yaml:3:58: the byte 0xE9 is not UTF-8 (a file saved as Windows-1252 or Latin-1?): save the file as UTF-8`);
    const junit = await runs({ paths: [file], reporter: 'junit' });
    expect(junit.printed).toContain('latin1.scenario.yaml:3:58: the byte 0xE9 is not UTF-8');
  });

  it('the app\'s path field (scenarios.read) says the same of a Latin-1 file', async () => {
    const file = join(dir, 'latin1-app.scenario.yaml');
    await writeFile(file, Buffer.concat([Buffer.from('\ufeffname: x\nsteps:\n  - send: { message: { type: track, userId: u, event: caf'), Buffer.from([0xe9]), Buffer.from(' } }\n')]));
    const t = await startTestEngine();
    try {
      await expect(t.engine.call('scenarios.read', { path: file })).rejects.toThrow(`cannot read ${file}: line 3, column 58: the byte 0xE9 is not UTF-8 (a file saved as Windows-1252 or Latin-1?): save the file as UTF-8`);
      // Valid UTF-8, accents and a byte-order mark included, reads as before.
      await writeFile(file, '\ufeffname: café\nsteps:\n  - advance: 1m\n');
      expect(await t.engine.call('scenarios.read', { path: file })).toMatchObject({ text: 'name: café\nsteps:\n  - advance: 1m\n' });
    } finally {
      await t.dispose();
    }
  });

  it('an empty path is said to be empty, not "no such file or folder" of the working directory', async () => {
    const r = await runs({ paths: [''], reporter: 'pretty' });
    expect(r.code).toBe(2);
    expect(r.printed).toContain('✗ an empty path names no file or folder: give a scenario file, folder or glob');
  });
});

describe('awkward text in a scenario', () => {
  it('repeat.steps written as an empty map says so, not "this is a map of " and nothing', () => {
    const r = loadScenario('name: x\nsteps:\n  - repeat: { times: 2, steps: {} }\n', 'x.scenario.yaml');
    expect(r.ok ? [] : r.errors.map((e) => e.message)).toEqual(['step 1: repeat.steps: expected a list of steps, each starting with "- " (`- advance: 1m`); this is an empty map ({})']);
  });

  // U+202E (right-to-left override) in a name reversed the rest of the terminal line, so a failure
  // could read as something else, as the escape sequences the report already escapes could.
  it('the pretty report shows bidirectional controls of a name as escapes', () => {
    const text = reportPretty([{ name: 'checkout \u202edeliaf', file: 'x.scenario.yaml', passed: true, failures: 0, durationMs: 1, steps: [] }]);
    expect(text).toContain('checkout \\u202edeliaf');
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('a value of the wrong type says what is expected there', () => {
  const errors = (text: string) => {
    const r = loadScenario(text, 'x.scenario.yaml');
    return r.ok ? [] : r.errors.map((e) => `${e.line}:${e.column}: ${e.message}`);
  };

  // "the scenario: expected object" for a file that is a list or a bare word.
  it('a whole file that is not a map', () => {
    expect(errors('[1, 2, 3]\n')).toEqual(['1:1: the scenario: expected a map with "name" and "steps" (name: Checkout, then steps: a list of steps), not a list']);
    expect(errors('"just text"\n')).toEqual(['1:1: the scenario: expected a map with "name" and "steps" (name: Checkout, then steps: a list of steps), not "just text"']);
  });
});
