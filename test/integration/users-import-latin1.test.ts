// A users file saved as Windows-1252 or Latin-1 (Excel's "CSV (Comma delimited)" on Windows writes
// "José" with the byte 0xE9): it was read as UTF-8, each such byte became U+FFFD, and the users were
// imported as "Jos\uFFFD" without a word (an email holding one then never matched). The NDJSON import
// and scenario files already refuse such bytes naming where; a users file now does too, before
// anything is stored, over the automation API and from a scenario's users.file.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../src-main/cli/run';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
let dir: string;
beforeAll(async () => {
  t = await startTestEngine();
  dir = await mkdtemp(join(tmpdir(), 'eventbench-latin1-'));
});
afterAll(async () => {
  await t.dispose();
  await rm(dir, { recursive: true, force: true });
});

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const post = async (body: Uint8Array, query = '') => {
  const res = await fetch(`${t.engine.url}/api/users/import${query}`, { method: 'POST', body });
  return { status: res.status, json: (await res.json()) as { error?: string; imported?: number } };
};
const users = async () => (await (await fetch(`${t.engine.url}/api/users`)).json()) as { id: string; email?: string; properties: Record<string, unknown> }[];

describe('a users file that is not UTF-8', () => {
  it('is refused naming the line, the column and the byte, and the directory is kept (replace too)', async () => {
    expect((await post(Buffer.from('id,email\nu-ada,ada@example.com\n'), '?replace=true')).json).toEqual({ imported: 1, errors: [] });
    for (const query of ['', '?replace=true']) {
      const res = await post(latin1('id,email,name\nu-jose,jose@example.com,José\n'), query);
      expect(res.status, query).toBe(400);
      expect(res.json.error).toBe('line 2, column 28: the byte 0xE9 is not UTF-8 (a file saved as Windows-1252 or Latin-1?): save the file as UTF-8 and import it again. Nothing was imported');
      expect((await users()).map((u) => u.id)).toEqual(['u-ada']);
    }
    // UTF-8 and UTF-16 with its byte-order mark (Excel's "Unicode Text") are still read.
    expect((await post(Buffer.from('id,email,name\nu-zoe,zoe@example.com,Zoë\n'))).json).toEqual({ imported: 1, errors: [] });
    expect((await post(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,email,name\nu-eve,eve@example.com,Ève\n', 'utf16le')]))).json).toEqual({ imported: 1, errors: [] });
    const names = Object.fromEntries((await users()).map((u) => [u.id, u.properties.name]));
    expect(names).toEqual({ 'u-ada': undefined, 'u-zoe': 'Zoë', 'u-eve': 'Ève' });
  });

  it("fails a scenario's users.file step naming the file and the byte, instead of importing U+FFFD", { timeout: 60_000 }, async () => {
    await writeFile(join(dir, 'people.csv'), latin1('id,email\nu-jose,josé@example.com\n'));
    const file = join(dir, 'users.scenario.yaml');
    await writeFile(file, 'name: latin1 users\nsteps:\n  - users: { file: people.csv }\n  - advance: 1m\n');
    let printed = '';
    const code = await runCommand({ paths: [file], reporter: 'pretty' }, '0.0.0', (s) => (printed += s), () => undefined);
    expect(code).toBe(1);
    expect(printed).toContain('people.csv: line 2, column 11: the byte 0xE9 is not UTF-8 (a file saved as Windows-1252 or Latin-1?): save the file as UTF-8');
    expect(printed).not.toContain('\uFFFD');
  });
});
