// A scenario started in the app reads its users file from its own folder only (confineFiles), and
// its folder is the one of the file given as its path. Any client of the engine starts scenarios
// (a local process, or whoever holds the token with --host 0.0.0.0): a path naming a scenario file
// that does not exist made any folder "the scenario's", so users.file read any file there into the
// user directory, where /api/users and users.list showed it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
let dir: string;
beforeAll(async () => {
  t = await startTestEngine();
  dir = mkdtempSync(join(tmpdir(), 'eventbench-scn-folder-'));
  mkdirSync(join(dir, 'private'));
  writeFileSync(join(dir, 'private/creds.csv'), 'id,username,email\nu-private,private-user,private@example.com\n');
  mkdirSync(join(dir, 'qa'));
  writeFileSync(join(dir, 'qa/users.csv'), 'id,username,email\nu-qa,qa-user,qa@example.com\n');
});
afterAll(async () => {
  await t.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const scenario = (file: string) => ['name: users', 'steps:', `  - users: { file: ${file} }`, ''].join('\n');

async function finished(): Promise<{ state: string; error?: string }> {
  for (;;) {
    const p = await t.engine.call('scenarios.progress', undefined);
    if (p && p.state !== 'running' && p.state !== 'paused') return { state: p.state, error: p.steps.find((s) => s.error)?.error };
    await new Promise((r) => setTimeout(r, 20));
  }
}

const userIds = async () => (await t.engine.call('users.list', undefined)).users.map((u) => u.id);

describe("a scenario's folder", () => {
  it('is that of a scenario file that exists: a made-up path in another folder is refused, and nothing there is read', async () => {
    const madeUp = join(dir, 'private/made-up.scenario.yaml');
    await expect(t.engine.call('scenarios.start', { text: scenario('creds.csv'), file: 'made-up.scenario.yaml', path: madeUp })).rejects.toThrow(`no scenario file at ${madeUp}`);
    expect(await userIds()).not.toContain('u-private');
  });

  // The Scenarios tab's path field: a relative path (or one starting with ~) was refused as "no
  // scenario file at qa/checkout.scenario.yaml", without saying which folder it was read from.
  it('a relative path that names no file says where it was looked for; a ~ path says ~ is not the home folder', async () => {
    await expect(t.engine.call('scenarios.read', { path: 'qa/nope.scenario.yaml' })).rejects.toThrow(
      `no scenario file at qa/nope.scenario.yaml (looked for ${join(process.cwd(), 'qa/nope.scenario.yaml')}: a relative path is read from the folder the engine was started in)`,
    );
    await expect(t.engine.call('scenarios.read', { path: '~/qa/nope.scenario.yaml' })).rejects.toThrow(/^no scenario file at ~\/qa\/nope\.scenario\.yaml \(looked for .*; "~" is not read as your home folder here: give the whole path\)$/);
    // An absolute path is where it says.
    const absent = join(dir, 'qa/nope.scenario.yaml');
    await expect(t.engine.call('scenarios.read', { path: absent })).rejects.toThrow(new RegExp(`^no scenario file at ${absent.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });

  it('a scenario file that is a link to a file of another kind is no scenario file', async () => {
    symlinkSync(join(dir, 'private/creds.csv'), join(dir, 'private/link.scenario.yaml'));
    const link = join(dir, 'private/link.scenario.yaml');
    await expect(t.engine.call('scenarios.read', { path: link })).rejects.toThrow(/is a link to .*creds\.csv, which is not a scenario file/);
    await expect(t.engine.call('scenarios.start', { text: scenario('creds.csv'), file: 'link.scenario.yaml', path: link })).rejects.toThrow(/is a link to .*creds\.csv, which is not a scenario file/);
    expect(await userIds()).not.toContain('u-private');
  });

  // A FIFO (or a device) named like a scenario or a users file: reading one waits for a writer
  // that never comes, holding one of libuv's four file threads, so four such calls stopped every
  // file read and write of the engine (the capture log's among them). Only regular files are read.
  it('a FIFO named like a scenario file, or given as its users file, is refused, not read', async () => {
    execFileSync('mkfifo', [join(dir, 'qa/pipe.scenario.yaml'), join(dir, 'qa/pipe.csv')]);
    const pipe = join(dir, 'qa/pipe.scenario.yaml');
    const notAFile = `${pipe} is not a regular file (a FIFO); give a scenario file`;
    await expect(t.engine.call('scenarios.read', { path: pipe })).rejects.toThrow(notAFile);
    await expect(t.engine.call('scenarios.start', { text: scenario('users.csv'), file: 'pipe.scenario.yaml', path: pipe })).rejects.toThrow(notAFile);
    const mine = join(dir, 'qa/pipe-user.scenario.yaml');
    writeFileSync(mine, scenario('pipe.csv'));
    await t.engine.call('scenarios.start', { text: scenario('pipe.csv'), file: 'pipe-user.scenario.yaml', path: mine });
    expect(await finished()).toMatchObject({ state: 'done', error: `users.file: ${join(dir, 'qa/pipe.csv')} is not a regular file (a FIFO)` });
  });

  it('a real scenario file still reads its users file from its folder', async () => {
    const mine = join(dir, 'qa/mine.scenario.yaml');
    writeFileSync(mine, scenario('users.csv'));
    await t.engine.call('scenarios.start', { text: scenario('users.csv'), file: 'mine.scenario.yaml', path: mine });
    expect(await finished()).toMatchObject({ state: 'done' });
    expect(await userIds()).toContain('u-qa');
  });
});

describe('a scenario played in an engine that needs its access token (bound beyond loopback)', () => {
  // The player reads the engine's own automation API (users, matching settings, messages for the
  // expectations) without the token: every such step failed with a 401.
  it('imports its users and checks its expectations', async () => {
    const guarded = await startTestEngine({ host: '0.0.0.0' });
    try {
      const text = ['name: guarded', 'steps:', '  - users: [{ id: u-g, username: g-user, email: g@example.com }]', '  - send:', '      message: { type: track, userId: g-user, event: Guarded Thing }', '  - expect:', '      messages: { filter: { type: track, event: Guarded Thing }, count: 1 }', '  - expect:', '      users: { count: 1, contains: [{ id: u-g }] }', ''].join('\n');
      await guarded.engine.call('scenarios.start', { text, file: 'guarded.scenario.yaml' });
      let p = await guarded.engine.call('scenarios.progress', undefined);
      while (p && (p.state === 'running' || p.state === 'paused')) {
        await new Promise((r) => setTimeout(r, 20));
        p = await guarded.engine.call('scenarios.progress', undefined);
      }
      expect(p?.steps.map((s) => [s.status, s.error ?? ''])).toEqual([
        ['passed', ''],
        ['passed', ''],
        ['passed', ''],
        ['passed', ''],
      ]);
    } finally {
      await guarded.dispose();
    }
  });
});

describe('scenarios.read: the file as its first bytes say', () => {
  it('a UTF-16 file (PowerShell 5.1) is read as its text; a UTF-32 one is refused naming the encoding', async () => {
    const yaml = 'name: from PowerShell\nsteps:\n  - advance: 1m\n';
    const le = join(dir, 'qa/utf16.scenario.yaml');
    writeFileSync(le, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(yaml, 'utf16le')]));
    expect(await t.engine.call('scenarios.read', { path: le })).toEqual({ file: 'utf16.scenario.yaml', text: yaml });
    const utf32 = join(dir, 'qa/utf32.scenario.yaml');
    writeFileSync(utf32, Buffer.from([0xff, 0xfe, 0, 0, ...[...yaml].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])]));
    await expect(t.engine.call('scenarios.read', { path: utf32 })).rejects.toThrow(/the file is UTF-32 \(little-endian, with a byte-order mark\), which Eventbench does not read; save it as UTF-8 \(or UTF-16\)/);
  });
});
