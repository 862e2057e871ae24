// What the app says it saved, it saved. With the data dir made unusable under a running engine
// (moved away and a plain file put in its place: every write there fails, as root too), each
// state-changing API, over HTTP and over the WebSocket, answers with an error naming the file and
// what to do, and changes nothing: the running engine shows what it showed before, and so does a
// restart once the folder is back. Before, the sessions settings and the clock answered 200 (they
// were saved later, or never), and the matching settings 500 with a raw "ENOTDIR: …".
import { rename, rm, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createFileSecretStore } from '../../src-main/sender/secrets';
import { makeDataDir, postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
let restore: (() => Promise<void>) | undefined;
afterEach(async () => {
  await restore?.();
  await t?.dispose();
  t = restore = undefined;
});

async function request(method: string, url: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) };
  } catch {
    return { status: res.status, json: text };
  }
}

/** One command over the browser mode's WebSocket: its answer frame. */
async function overWs(url: string, command: string, arg: unknown): Promise<{ ok: boolean; error?: { message: string } }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answer = new Promise<any>((resolve) =>
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data));
      if (frame.id === 7) resolve(frame);
    }),
  );
  ws.send(JSON.stringify({ id: 7, command, arg }));
  const frame = await answer;
  ws.close();
  return frame;
}

const WORKSPACE = { sources: [{ id: 'app', name: 'App', kind: 'custom', writeKey: 'app_key_0001', destinations: [], forward: { to: 'us' } }] };

describe('saving into a data dir that refuses writes', { timeout: 60_000 }, () => {
  it('answers every save with the file at fault and what to do, and changes nothing, running or restarted', async () => {
    const dataDir = await makeDataDir();
    t = await startTestEngine({ dataDir, secretStore: createFileSecretStore(dataDir, {}) });
    const url = () => t!.engine.url;
    const call = t.engine.call;
    // A state of every kind, saved while the data dir is fine.
    expect((await postJson(`${url()}/api/clock`, { action: 'pause' })).status).toBe(200);
    expect((await postJson(`${url()}/api/clock`, { action: 'set', to: '2026-01-01T09:00:00Z' })).status).toBe(200);
    expect((await request('PUT', `${url()}/api/sessions/settings`, { timeoutMs: 600_000 })).status).toBe(200);
    expect((await request('PUT', `${url()}/api/matching/settings`, { conflict: 'userId-wins' })).status).toBe(200);
    expect((await request('PUT', `${url()}/api/workspace`, WORKSPACE)).status).toBe(200);
    expect((await request('POST', `${url()}/api/users/import`, 'id,username,email\nu1,ada,ada@example.com\n')).status).toBe(200);
    await call('webhooks.save', { name: 'pf', secret: 'first-secret', rejectInvalid: true });
    await call('drafts.save', { name: 'd1', profile: 'segment', message: { type: 'track', event: 'A' }, savedAt: '2026-01-01T09:00:00Z' });
    await call('secrets.setWriteKey', { writeKey: 'seg_key_first' });
    await call('forward.setKey', { sourceId: 'app', writeKey: 'fwd_key_first' });

    const snapshot = async () => ({
      clock: (await request('GET', `${url()}/api/clock`)).json.now,
      sessions: (await request('GET', `${url()}/api/sessions/settings`)).json,
      matching: (await request('GET', `${url()}/api/matching/settings`)).json,
      workspace: (await request('GET', `${url()}/api/workspace`)).json.workspace,
      users: await call('users.starting', undefined),
      webhooks: await call('webhooks.list', undefined),
      drafts: (await call('drafts.list', undefined)).drafts.map((d) => d.name),
      secret: (await call('secrets.status', undefined)).writeKeyMasked,
      forwardKey: (await call('forward.status', undefined)).map((s) => s.hasKey),
    });
    const before = await snapshot();
    expect(before).toMatchObject({ clock: '2026-01-01T09:00:00.000Z', sessions: { timeoutMs: 600_000 }, matching: { conflict: 'userId-wins' }, forwardKey: [true] });

    // A file where the data dir was: every write into it fails (ENOTDIR), whoever runs the engine.
    await rename(dataDir, `${dataDir}.away`);
    await writeFile(dataDir, 'not a folder');
    restore = async () => {
      await rm(dataDir, { force: true });
      await rename(`${dataDir}.away`, dataDir);
      restore = undefined;
    };

    // Each says what was not saved, in a sentence that agrees: "the matching settings was not saved" did not.
    const refusedHttp = async (method: string, path: string, body: unknown, file: string, said: string) => {
      const r = await request(method, `${url()}${path}`, body);
      expect(r.json.error, `${method} ${path}`).toMatch(new RegExp(`^${said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${file.replace('.', '\\.')} could not be written`));
      expect(r.status, `${method} ${path}`).toBe(500);
      expect(r.json, `${method} ${path}`).toMatchObject({ code: 'save-failed', file });
      expect(r.json.error).toContain(`${file} could not be written`);
      expect(r.json.error).toContain('nothing was changed');
      expect(r.json.error).toMatch(/put it back, or restart Eventbench/);
    };
    await refusedHttp('PUT', '/api/sessions/settings', { timeoutMs: 120_000 }, 'simulation.json', 'the clock or session timeout was not saved');
    await refusedHttp('POST', '/api/clock', { action: 'advance', ms: 3_600_000 }, 'simulation.json', 'the clock or session timeout was not saved');
    await refusedHttp('POST', '/api/clock', { action: 'live' }, 'simulation.json', 'the clock or session timeout was not saved');
    await refusedHttp('PUT', '/api/matching/settings', { conflict: 'email-wins' }, 'matching-settings.json', 'the matching settings were not saved');
    await refusedHttp('PUT', '/api/workspace', { sources: [] }, 'workspace.json', 'the workspace was not saved');
    await refusedHttp('POST', '/api/users/import', 'id,username\nu2,bob\n', 'users.json', 'the starting directory of users was not saved');
    await refusedHttp('DELETE', '/api/users', undefined, 'users.json', 'the starting directory of users was not saved');

    const refusedCommand = async (command: string, arg: unknown, file: RegExp) => {
      const frame = await overWs(url(), command, arg);
      expect(frame.ok, command).toBe(false);
      expect(frame.error!.message, command).toMatch(file);
      messages.push(frame.error!.message);
    };
    const messages: string[] = [];
    await refusedCommand('webhooks.save', { name: 'pf', secret: 'second-secret', rejectInvalid: false }, /settings\.json could not be written/);
    await refusedCommand('webhooks.delete', { name: 'pf' }, /settings\.json could not be written/);
    await refusedCommand('drafts.save', { name: 'd2', profile: 'segment', message: { type: 'track', event: 'B' }, savedAt: '2026-01-01T09:00:00Z' }, /drafts\.json/);
    await refusedCommand('secrets.setWriteKey', { writeKey: 'seg_key_second' }, /secrets\.json could not be written/);
    await refusedCommand('forward.setKey', { sourceId: 'app', writeKey: null }, /forwarding\.json could not be written/);
    await refusedCommand('users.saveStarting', { id: 'u3', username: 'cy', properties: {} }, /users\.json could not be written/);
    await refusedCommand('clock.act', { action: 'advance', ms: 60_000 }, /simulation\.json could not be written/);
    // Read as sentences: plural subjects take "were"; forwarding.json's said only "the change".
    expect(messages.filter((m) => m.includes(' not saved:')).map((m) => m.slice(0, m.indexOf(' not saved:')))).toEqual([
      'the webhook "pf" was',
      'the deletion of webhook "pf" was',
      'the write key was',
      'the forwarding key and progress were',
      'the starting directory of users was',
      'the clock or session timeout was',
    ]);

    // The running engine did not move ahead of its files.
    await restore();
    const running = await snapshot();
    expect(running).toEqual(before);
    // Nor does a restart find anything else.
    await t.restart();
    expect(await snapshot()).toEqual(before);
    // The webhook still checks with the secret it had (the refused save would have dropped it).
    expect((await call('webhooks.list', undefined))[0]).toMatchObject({ name: 'pf', hasSecret: true, rejectInvalid: true });
  });

  it('a clock or sessions save answered 200 is in its file at once, not a moment later', async () => {
    t = await startTestEngine();
    expect((await postJson(`${t.engine.url}/api/clock`, { action: 'pause' })).status).toBe(200);
    expect((await postJson(`${t.engine.url}/api/clock`, { action: 'set', to: '2026-03-01T12:00:00Z' })).status).toBe(200);
    expect((await request('PUT', `${t.engine.url}/api/sessions/settings`, { timeoutMs: 90_000 })).status).toBe(200);
    // Read straight from the file, without closing the engine (a close would write what is pending).
    const { readFile } = await import('node:fs/promises');
    const saved = JSON.parse(await readFile(`${t.dataDir}/simulation.json`, 'utf8'));
    expect(saved.sessions).toEqual({ timeoutMs: 90_000 });
    expect(new Date(saved.clock.anchorSimMs).toISOString()).toBe('2026-03-01T12:00:00.000Z');
  });
});
