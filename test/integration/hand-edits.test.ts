// A data dir file edited by hand while Eventbench runs (it reads them only at start) was overwritten
// by the next save without a word. Each save now checks that the file on disk is the one this
// process last read or wrote; an edited one is kept beside it as <name>.edited-<UTC time>, the save
// goes ahead, and the engine says so (a store warning: the UI's banner, GET /api/health).
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const send = async (method: string, path: string, body: unknown) => {
  const res = await fetch(`${t!.engine.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as any };
};
const edited = async (file: string) => (await readdir(t!.dataDir)).filter((f) => f.startsWith(`${file}.edited-`));
const warnings = async () => ((await (await fetch(`${t!.engine.url}/api/health`)).json()) as { storeWarnings: string[] }).storeWarnings;

describe('hand edits of the data dir files while the engine runs', () => {
  it('a save keeps the hand-edited file aside, says so, and saves; saves with no edit between them keep nothing', async () => {
    t = await startTestEngine();
    // Saved twice by the app: nothing edited by hand, nothing kept aside.
    expect((await send('PUT', '/api/matching/settings', { conflict: 'userId-wins' })).status).toBe(200);
    expect((await send('PUT', '/api/matching/settings', { conflict: 'email-wins' })).status).toBe(200);
    expect(await edited('matching-settings.json')).toEqual([]);

    // Edited by hand (as a user would, in an editor), then a save from the app.
    const path = join(t.dataDir, 'matching-settings.json');
    const hand = JSON.stringify({ emailComparison: 'exact', conflict: 'email-wins', noIdentity: 'unmatched', scope: 'webhook' }, null, 4) + '\n';
    await writeFile(path, hand);
    expect((await send('PUT', '/api/matching/settings', { scope: 'webhook-and-tracking' })).status).toBe(200);
    const kept = await edited('matching-settings.json');
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(/^matching-settings\.json\.edited-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect(await readFile(join(t.dataDir, kept[0]), 'utf8')).toBe(hand);
    // The save went ahead: the file is the app's.
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ scope: 'webhook-and-tracking', emailComparison: 'ignore-case-and-space' });
    expect(await warnings()).toContainEqual(
      `matching-settings.json was changed outside Eventbench while it ran (Eventbench reads it only at start): the save of the matching settings would have overwritten that edit, so the edited file is kept as ${kept[0]}. Make the change in the app, or stop Eventbench, put the edited file back as matching-settings.json and start it again.`,
    );
    // The next save, with no edit since, keeps nothing more.
    expect((await send('PUT', '/api/matching/settings', { scope: 'webhook' })).status).toBe(200);
    expect(await edited('matching-settings.json')).toHaveLength(1);
  });

  it('settings.json, workspace.json and simulation.json the same', async () => {
    t = await startTestEngine();
    await t.engine.call('webhooks.save', { name: 'pf', secret: 's1', rejectInvalid: false });
    expect((await send('PUT', '/api/workspace', { sources: [] })).status).toBe(200);
    expect((await send('PUT', '/api/sessions/settings', { timeoutMs: 600_000 })).status).toBe(200);
    for (const file of ['settings.json', 'workspace.json', 'simulation.json']) expect(await edited(file), file).toEqual([]);

    const handEdit = async (file: string) => {
      const p = join(t!.dataDir, file);
      const text = (await readFile(p, 'utf8')).trimEnd() + '\n\n';
      await writeFile(p, text);
      return text;
    };
    const settingsText = await handEdit('settings.json');
    await t.engine.call('webhooks.save', { name: 'pf', secret: 's2', rejectInvalid: false });
    const workspaceText = await handEdit('workspace.json');
    expect((await send('PUT', '/api/workspace', { sources: [] })).status).toBe(200);
    const simulationText = await handEdit('simulation.json');
    expect((await send('PUT', '/api/sessions/settings', { timeoutMs: 900_000 })).status).toBe(200);

    for (const [file, text, what] of [
      ['settings.json', settingsText, 'the webhook "pf"'],
      ['workspace.json', workspaceText, 'the workspace'],
      ['simulation.json', simulationText, 'the clock or session timeout'],
    ] as const) {
      const kept = await edited(file);
      expect(kept, file).toHaveLength(1);
      expect(await readFile(join(t.dataDir, kept[0]), 'utf8'), file).toBe(text);
      expect((await warnings()).some((w) => w.startsWith(`${file} was changed outside Eventbench`) && w.includes(`the save of ${what} would have overwritten`)), file).toBe(true);
    }
  });

  it('an edit of the same size within the same modification time (one tick of the file system clock) is kept aside too', async () => {
    // Size and modification time alone said "unchanged": an editor or a script that wrote within
    // the tick of Eventbench's last read or write (a coarse clock: 1-16 ms on Linux and Windows,
    // 1-2 s on HFS+ and FAT) was overwritten without a word. The tick is made here by setting
    // both versions' modification time to the same second.
    const dataDir = await makeDataDir();
    const tick = new Date('2026-12-06T10:00:00Z');
    const files = {
      'matching-settings.json': [JSON.stringify({ emailComparison: 'exact', conflict: 'email-wins', noIdentity: 'unmatched', scope: 'webhook' }), JSON.stringify({ emailComparison: 'exact', conflict: 'email-wins', noIdentity: 'unmatched', scope: 'webhoo_' })],
      'simulation.json': [JSON.stringify({ clock: { mode: 'live', offsetMs: 0, speed: 1 }, sessions: { timeoutMs: 1800000 } }), JSON.stringify({ clock: { mode: 'live', offsetMs: 0, speed: 1 }, sessions: { timeoutMs: 1700000 } })],
    };
    await mkdir(dataDir, { recursive: true });
    for (const [file, [before]] of Object.entries(files)) {
      await writeFile(join(dataDir, file), before);
      await utimes(join(dataDir, file), tick, tick);
    }
    t = await startTestEngine({ dataDir }); // reads both at start
    for (const [file, [before, hand]] of Object.entries(files)) {
      expect(hand.length, file).toBe(before.length);
      await writeFile(join(dataDir, file), hand);
      await utimes(join(dataDir, file), tick, tick);
    }
    // The matching settings' save (async), the clock's (sync, as each clock step is saved).
    expect((await send('PUT', '/api/matching/settings', { conflict: 'userId-wins' })).status).toBe(200);
    expect((await send('POST', '/api/clock', { action: 'pause' })).status).toBe(200);
    for (const [file, [, hand]] of Object.entries(files)) {
      const kept = await edited(file);
      expect(kept, file).toHaveLength(1);
      expect(await readFile(join(dataDir, kept[0]), 'utf8'), file).toBe(hand);
      expect((await warnings()).some((w) => w.startsWith(`${file} was changed outside Eventbench`)), file).toBe(true);
    }
    // Saved again with no edit since: nothing more kept.
    expect((await send('PUT', '/api/matching/settings', { conflict: 'email-wins' })).status).toBe(200);
    expect((await send('POST', '/api/clock', { action: 'live' })).status).toBe(200);
    for (const file of Object.keys(files)) expect(await edited(file), file).toHaveLength(1);
  });
});
