// JsonFile (src-main/store/json-file.ts) on real files in a temp dir: what a read gives back and
// warns about, the written text, that only the newest of the values written meanwhile reaches the
// file, and that nothing is left behind (issue #15: no test imported it directly).
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { JsonFile, onHandEdit, SaveFailed } from '../../../src-main/store/json-file';
import { isExactNumber } from '../../../src-shared/exact-json';
import { tempDirsPerTest } from './temp-dirs';

const tempDir = tempDirsPerTest('json-file');

describe('read', () => {
  it('a missing file is undefined, without a warning', async () => {
    const warnings: string[] = [];
    expect(await new JsonFile(join(tempDir(), 'x.json')).read((m) => warnings.push(m))).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('the parsed value of a valid file', async () => {
    const path = join(tempDir(), 'x.json');
    writeFileSync(path, '{"a":[1,2],"b":null}\n');
    const warnings: string[] = [];
    expect(await new JsonFile(path).read((m) => warnings.push(m))).toEqual({ a: [1, 2], b: null });
    expect(warnings).toEqual([]);
  });

  it('a file that is not JSON: undefined, and a warning naming the file, the parse error and what happens instead', async () => {
    const path = join(tempDir(), 'workspace.json');
    writeFileSync(path, '{"a":');
    const warnings: string[] = [];
    expect(await new JsonFile(path).read((m) => warnings.push(m))).toBeUndefined();
    expect(await new JsonFile(path, { fallback: 'starting without it' }).read((m) => warnings.push(m))).toBeUndefined();
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^workspace\.json: not valid JSON \(.+\); using defaults until it is saved again \(the file as it was is kept as workspace\.json\.damaged\)$/);
    expect(warnings[1]).toMatch(/^workspace\.json: not valid JSON \(.+\); starting without it until it is saved again \(the file as it was is kept as workspace\.json\.damaged\)$/);
    // The next save replaces the file; what it held is kept beside it, readable by its owner only.
    await new JsonFile(path).write({ sources: [] });
    // Damaged again, differently: a second copy, the first kept.
    writeFileSync(path, '{"b":');
    await new JsonFile(path).read((m) => warnings.push(m));
    expect(warnings[2]).toMatch(/kept as workspace\.json\.damaged-2\)$/);
    expect(readFileSync(`${path}.damaged-2`, 'utf8')).toBe('{"b":');
    expect(readFileSync(`${path}.damaged`, 'utf8')).toBe('{"a":');
    expect(statSync(`${path}.damaged`).mode & 0o777).toBe(0o600);
  });

  it('a file that cannot be read (a directory): undefined, and a warning saying so', async () => {
    const path = join(tempDir(), 'deliveries.json');
    mkdirSync(path);
    const warnings: string[] = [];
    expect(await new JsonFile(path).read((m) => warnings.push(m))).toBeUndefined();
    expect(await new JsonFile(path, { fallback: 'the list starts empty' }).read((m) => warnings.push(m))).toBeUndefined();
    expect(warnings).toEqual([
      'deliveries.json: cannot read it (it is a folder, not a file: move it away); using defaults',
      'deliveries.json: cannot read it (it is a folder, not a file: move it away); the list starts empty',
    ]);
  });
});

describe('write', () => {
  it('indented by two spaces, or on one line when compact; a newline at the end; no temp file left', async () => {
    const dir = tempDir();
    const pretty = new JsonFile<unknown>(join(dir, 'pretty.json'));
    const compact = new JsonFile<unknown>(join(dir, 'compact.json'), { compact: true });
    await pretty.write({ a: [1] });
    await compact.write({ a: [1] });
    expect(readFileSync(join(dir, 'pretty.json'), 'utf8')).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(readFileSync(join(dir, 'compact.json'), 'utf8')).toBe('{"a":[1]}\n');
    expect(readdirSync(dir).sort()).toEqual(['compact.json', 'pretty.json']);
    expect(await pretty.read(() => undefined)).toEqual({ a: [1] });
  });

  it('a private file (it holds a key) is 0600, whatever the umask and a temporary file left by a crash; others keep the default mode', async () => {
    const dir = tempDir();
    const path = join(dir, 'forwarding.json');
    writeFileSync(`${path}.tmp`, 'left by a crash', { mode: 0o644 });
    // umask 0: a file written without a mode would be 0666. A worker thread (Stryker's runner)
    // cannot set the umask: there the process's own (022) stands.
    const previous = isMainThread ? process.umask(0o000) : undefined;
    try {
      await new JsonFile<unknown>(path, { private: true }).write({ key: 'k' });
      await new JsonFile<unknown>(join(dir, 'plain.json')).write({});
    } finally {
      if (previous !== undefined) process.umask(previous);
    }
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'plain.json')).mode & 0o777).toBe(isMainThread ? 0o666 : 0o644);
    expect(readFileSync(path, 'utf8')).toBe('{\n  "key": "k"\n}\n');
  });

  it('a private file an earlier version left readable by others is made 0600 when read', async () => {
    const dir = tempDir();
    const path = join(dir, 'forwarding.json');
    writeFileSync(path, '{"key":"k"}', { mode: 0o644 });
    chmodSync(path, 0o644);
    expect(await new JsonFile<unknown>(path, { private: true }).read(() => undefined)).toEqual({ key: 'k' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('values written while a write is under way: the newest is written last, and every caller waits for it', async () => {
    const dir = tempDir();
    const path = join(dir, 'x.json');
    const file = new JsonFile<number>(path, { compact: true });
    const writes = [1, 2, 3, 4, 5].map((n) => file.write(n));
    await Promise.all(writes);
    expect(readFileSync(path, 'utf8')).toBe('5\n');
    // A write after those is a write of its own.
    await file.write(6);
    expect(readFileSync(path, 'utf8')).toBe('6\n');
    await file.flushed();
    expect(readdirSync(dir)).toEqual(['x.json']);
  });

  it('each write after the last one finished reaches the file at once', async () => {
    const path = join(tempDir(), 'x.json');
    const file = new JsonFile<string>(path, { compact: true });
    for (const v of ['a', 'b', 'c']) {
      await file.write(v);
      expect(readFileSync(path, 'utf8')).toBe(`"${v}"\n`);
    }
  });

  it('a failed write rejects; flushed() still settles, and a later write succeeds once it can', async () => {
    const dir = tempDir();
    const path = join(dir, 'sub', 'x.json');
    const file = new JsonFile<number>(path, { compact: true });
    await expect(file.write(1)).rejects.toThrow(/ENOENT/);
    const failing = file.write(2);
    failing.catch(() => undefined);
    await expect(file.flushed()).resolves.toBeUndefined();
    await expect(failing).rejects.toThrow(/ENOENT/);
    mkdirSync(join(dir, 'sub'));
    await file.write(3);
    expect(readFileSync(path, 'utf8')).toBe('3\n');
  });

  it('flushed() waits for the write under way', async () => {
    const path = join(tempDir(), 'x.json');
    const file = new JsonFile<number>(path, { compact: true });
    await file.flushed();
    void file.write(7);
    await file.flushed();
    expect(readFileSync(path, 'utf8')).toBe('7\n');
  });
});

// The clock's file (simulation.json) is saved on every clock step: written over in place, in one
// write padded to the file's size, where a temp file and a rename each time cost a scenario's 5,000
// steps 1.3 s.
describe('writeSync in place', () => {
  const inode = (path: string) => statSync(path).ino;

  it('the first write makes the file with room (padded with spaces), later ones write over it in place; each reads back as written', async () => {
    const path = join(tempDir(), 'simulation.json');
    const file = new JsonFile<{ n: number; text?: string }>(path, { inPlace: true });
    file.writeSync({ n: 1, text: 'a longer value than the next' }, { fsync: false });
    const size = statSync(path).size;
    expect(size).toBeGreaterThanOrEqual(1024);
    const first = inode(path);
    file.writeSync({ n: 2 }, { fsync: false });
    expect(inode(path)).toBe(first); // no new file renamed over it
    expect(statSync(path).size).toBe(size);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(/^\{\n {2}"n": 2\n\} +\n$/);
    expect(await file.read(() => undefined)).toEqual({ n: 2 });
    expect(readdirSync(join(path, '..')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a value longer than the room is written whole (atomically, a new file with more room)', async () => {
    const path = join(tempDir(), 'simulation.json');
    const file = new JsonFile<{ text: string }>(path, { inPlace: true });
    file.writeSync({ text: 'x' }, { fsync: false });
    const before = inode(path);
    file.writeSync({ text: 'y'.repeat(3000) }, { fsync: false });
    expect(inode(path)).not.toBe(before);
    expect(await file.read(() => undefined)).toEqual({ text: 'y'.repeat(3000) });
    expect(statSync(path).size).toBeGreaterThan(6000);
  });

  it('a file another hand replaced meanwhile (another size) is not written over in place: the new value is whole', async () => {
    const path = join(tempDir(), 'simulation.json');
    const file = new JsonFile<{ n: number; pad?: string }>(path, { inPlace: true });
    file.writeSync({ n: 1 }, { fsync: false });
    writeFileSync(path, JSON.stringify({ n: 0, pad: 'z'.repeat(2000) }));
    file.writeSync({ n: 3 }, { fsync: false });
    expect(await file.read(() => undefined)).toEqual({ n: 3 });
  });

  it('a hand edit of the same size within the same modification time is kept aside before the write over it in place', async () => {
    // Size and modification time alone said "unchanged" (an edit within one tick of the file
    // system's clock): the edit was written over without a word. The tick is made by utimes.
    const path = join(tempDir(), 'simulation.json');
    const dir = dirname(path);
    const heard: string[] = [];
    const off = onHandEdit(dir, (m) => heard.push(m));
    const keptAside = () => readdirSync(dir).filter((n) => n.startsWith('simulation.json.edited-'));
    try {
      const file = new JsonFile<{ n: number }>(path, { inPlace: true });
      file.writeSync({ n: 1 }, { fsync: false }); // whole: the room is made
      file.writeSync({ n: 2 }, { fsync: false }); // in place
      const tick = new Date('2026-12-06T10:00:00Z');
      utimesSync(path, tick, tick);
      expect(await file.read(() => undefined)).toEqual({ n: 2 }); // this version, at this tick, is the one known
      const hand = readFileSync(path, 'utf8').replace('"n": 2', '"n": 7');
      writeFileSync(path, hand);
      utimesSync(path, tick, tick);
      const before = inode(path);
      file.writeSync({ n: 3 }, { fsync: false });
      expect(inode(path)).toBe(before); // still written in place
      expect(await file.read(() => undefined)).toEqual({ n: 3 });
      expect(keptAside()).toHaveLength(1);
      expect(readFileSync(join(dir, keptAside()[0]), 'utf8')).toBe(hand);
      expect(heard).toHaveLength(1);
      expect(heard[0]).toMatch(/^simulation\.json was changed outside Eventbench while it ran/);
      // Written again with no edit since: nothing more kept.
      file.writeSync({ n: 4 }, { fsync: false });
      expect(keptAside()).toHaveLength(1);
      expect(heard).toHaveLength(1);
    } finally {
      off();
    }
  });

  it('a file removed meanwhile is made again; a write asked to flush goes through the atomic path', async () => {
    const path = join(tempDir(), 'simulation.json');
    const file = new JsonFile<{ n: number }>(path, { inPlace: true });
    file.writeSync({ n: 1 }, { fsync: false });
    rmSync(path);
    file.writeSync({ n: 2 }, { fsync: false });
    expect(await file.read(() => undefined)).toEqual({ n: 2 });
    const before = inode(path);
    file.writeSync({ n: 3 });
    expect(inode(path)).not.toBe(before);
    expect(await file.read(() => undefined)).toEqual({ n: 3 });
  });
});

// Mutation survivors of the in-place writes (stop 40): what an in-place file shares with the rest.
describe('writeSync in place: the edges', () => {
  it('a file without inPlace is written as its text alone (no padding), atomically', async () => {
    const path = join(tempDir(), 'settings.json');
    const file = new JsonFile<{ n: number }>(path);
    file.writeSync({ n: 1 }, { fsync: false });
    const before = statSync(path).ino;
    file.writeSync({ n: 2 }, { fsync: false });
    expect(readFileSync(path, 'utf8')).toBe('{\n  "n": 2\n}\n');
    expect(statSync(path).ino).not.toBe(before);
  });

  it('a private file stays private (0600) whether written atomically or in place', () => {
    for (const inPlace of [false, true]) {
      const path = join(tempDir(), `private-${inPlace}.json`);
      const file = new JsonFile<{ n: number }>(path, { private: true, inPlace });
      file.writeSync({ n: 1 }, { fsync: false });
      file.writeSync({ n: 2 }, { fsync: false });
      if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    }
  });

  it('a failed write names what was being saved, in place or not', () => {
    for (const inPlace of [false, true]) {
      const dir = join(tempDir(), `gone-${inPlace}`);
      const file = new JsonFile<{ n: number }>(join(dir, 'simulation.json'), { inPlace, what: 'the clock' });
      expect(() => file.writeSync({ n: 1 }, { fsync: false })).toThrow(/^the clock was not saved: simulation\.json could not be written/);
    }
  });

  it('a failed write says the previous file is kept only when there is one', () => {
    const dir = tempDir();
    const path = join(dir, 'settings.json');
    const cause = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    writeFileSync(path, '{"n":0}\n');
    expect(new SaveFailed(path, cause, 'the settings', true).message).toMatch(/^the settings were not saved: settings\.json could not be written \(EACCES: permission denied\); nothing was changed, the previous settings\.json is kept\./);
    rmSync(path);
    expect(new SaveFailed(path, cause, 'the settings', true).message).toMatch(/; nothing was changed, there is no settings\.json yet \(the values in use stay as they were\)\./);
    // A failed write of a file in a folder that is gone: no previous file either.
    const file = new JsonFile<{ n: number }>(join(dir, 'gone', 'simulation.json'), { what: 'the clock' });
    expect(() => file.writeSync({ n: 1 }, { fsync: false })).toThrow(/there is no simulation\.json yet/);
  });

  it('a text exactly as long as the room is written in place', async () => {
    const path = join(tempDir(), 'simulation.json');
    const file = new JsonFile<{ text: string }>(path, { inPlace: true, compact: true });
    file.writeSync({ text: '' }, { fsync: false });
    const room = statSync(path).size;
    const before = statSync(path).ino;
    const exact = { text: 'x'.repeat(room - '{"text":""}\n'.length) };
    file.writeSync(exact, { fsync: false });
    expect(statSync(path).ino).toBe(before);
    expect(statSync(path).size).toBe(room);
    expect(await file.read(() => undefined)).toEqual(exact);
  });

  it('writes in place leave no file open', () => {
    if (process.platform !== 'linux') return;
    const path = join(tempDir(), 'simulation.json');
    const file = new JsonFile<{ n: number }>(path, { inPlace: true });
    file.writeSync({ n: 0 }, { fsync: false });
    const open = readdirSync('/proc/self/fd').length;
    for (let n = 1; n <= 50; n++) file.writeSync({ n }, { fsync: false });
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(open);
  });
});

describe('JsonFile exact: numbers a double cannot hold', () => {
  it('reads and writes them with their digits; without the option, as JSON.parse and JSON.stringify do', async () => {
    const path = join(tempDir(), 'users.json');
    const text = '[{"id":"u-1","properties":{"seats":9007199254740993,"score":1e400,"n":7}}]\n';
    writeFileSync(path, text);
    const exact = new JsonFile<unknown>(path, { compact: true, exact: true });
    const value = await exact.read(() => undefined);
    expect(isExactNumber(((value as { properties: Record<string, unknown> }[])[0].properties.seats))).toBe(true);
    await exact.write(value);
    expect(readFileSync(path, 'utf8')).toBe(text);
    const plain = await new JsonFile<unknown>(path).read(() => undefined);
    expect(plain).toEqual([{ id: 'u-1', properties: { seats: 9007199254740992, score: Infinity, n: 7 } }]);
  });

  it('writes them pretty-printed as a file without compact is (the set-aside users), the digits kept', async () => {
    const path = join(tempDir(), 'set-aside.json');
    const text = '{\n  "users": [\n    {\n      "id": "u-1",\n      "seats": 9007199254740993\n    }\n  ]\n}\n';
    writeFileSync(path, text);
    const file = new JsonFile<unknown>(path, { exact: true });
    await file.write(await file.read(() => undefined));
    expect(readFileSync(path, 'utf8')).toBe(text);
  });
});
