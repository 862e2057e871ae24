// The workspace over the real engine: 1,000 ordinary analytics-node messages of a ProveSource
// source, checked against every partner, then narrowed to their source, then connected to
// Freshsuccess; GET/PUT /api/workspace; the workspace survives a restart.
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceView } from '../../src-shared/api';
import type { CapturedMessage } from '../../src-shared/capture';
import { exampleMessage, listEvents } from '../../src-shared/catalogs/index';
import { maskWriteKey } from '../../src-shared/summary';
import { EVERY_PARTNER_NOTE } from '../../src-shared/workspace';
import { startTestEngine, type TestEngine } from './helpers/engine';
import { writeKeyFingerprint } from '../../src-main/store/write-key';

const WRITE_KEY = 'ps_live_4f9c2a7e1b';
const COUNT = 1000;
let t: TestEngine;

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(`${t.engine.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

async function putWorkspace(body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${t.engine.url}/api/workspace`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const problems = async () => (await getJson<CapturedMessage[]>('/api/messages?hasProblems=true')).length;
const freshsuccessRules = (all: CapturedMessage[]) => new Set(all.flatMap((c) => c.findings.filter((f) => f.profile === 'freshsuccess' && f.severity !== 'info').map((f) => f.rule)));

beforeAll(async () => {
  t = await startTestEngine();
  // Ordinary ProveSource traffic through the real SDK: every documented event, example properties.
  const analytics = new Analytics({ writeKey: WRITE_KEY, host: t.engine.url, flushAt: 100, maxRetries: 0 });
  const events = listEvents('provesource');
  for (let i = 0; i < COUNT; i++) {
    const example = exampleMessage('provesource', events[i % events.length].name, { now: '2026-05-01T10:00:00.000Z', messageId: `m-${i}` });
    analytics.track({ userId: `user-${i % 37}`, anonymousId: `anon-${i % 53}`, event: example.event as string, properties: example.properties as Record<string, unknown> });
  }
  await analytics.closeAndFlush({ timeout: 20_000 });
  const wait = await fetch(`${t.engine.url}/api/messages/wait?count=${COUNT}&timeoutMs=10000`);
  expect(wait.status).toBe(200);
}, 60_000);
afterAll(() => t.dispose());

describe('the workspace', () => {
  it('starts empty: every partner is checked, and the API says so', async () => {
    const view = await getJson<WorkspaceView>('/api/workspace');
    expect(view.workspace).toEqual({ sources: [] });
    expect(view.note).toBe(EVERY_PARTNER_NOTE);
    expect(view.seen).toEqual([{ writeKeyMasked: maskWriteKey(WRITE_KEY), writeKeyFingerprint: writeKeyFingerprint(WRITE_KEY), messages: COUNT, lastSeq: COUNT }]);
    expect(view.destinations.map((d) => d.id)).toEqual(['freshsuccess', 'productfruits']);
    // Freshsuccess judges the delivered form: analytics-node sends timestamp, never originalTimestamp,
    // and Segment delivers it as originalTimestamp, so that is no finding.
    const all = await getJson<CapturedMessage[]>('/api/messages');
    expect(all).toHaveLength(COUNT);
    expect([...freshsuccessRules(all)].filter((r) => r.includes('originalTimestamp'))).toEqual([]);
  });

  it('a ProveSource source connected to nothing: no Freshsuccess findings, no problems', async () => {
    const saved = await putWorkspace({ sources: [{ name: 'Marketing site', kind: 'provesource', writeKey: WRITE_KEY, destinations: [] }] });
    expect(saved.status).toBe(200);
    // The clear key is never kept: only its masked form.
    expect(saved.json.workspace.sources[0].writeKey).toBe(maskWriteKey(WRITE_KEY));
    expect(JSON.stringify(saved.json)).not.toContain(WRITE_KEY);
    expect(saved.json.seen[0].sourceId).toBe(saved.json.workspace.sources[0].id);
    const all = await getJson<CapturedMessage[]>('/api/messages');
    expect(freshsuccessRules(all).size).toBe(0);
    expect(all.every((c) => c.findings.every((f) => f.profile === 'segment' || f.profile === 'provesource'))).toBe(true);
    expect(await problems()).toBe(0);
    expect((await getJson<CapturedMessage[]>('/api/messages?profile=freshsuccess')).length).toBe(0);
  });

  it('connected to Freshsuccess: only what Freshsuccess really lacks', async () => {
    const saved = await putWorkspace({ sources: [{ name: 'Marketing site', kind: 'provesource', writeKey: maskWriteKey(WRITE_KEY), destinations: ['freshsuccess'] }] });
    expect(saved.status).toBe(200);
    const all = await getJson<CapturedMessage[]>('/api/messages');
    // ProveSource events carry no groupId and no properties.module: Freshsuccess recommends both.
    expect([...freshsuccessRules(all)].sort()).toEqual(['freshsuccess.base.groupId.recommended', 'freshsuccess.track.properties.module.recommended']);
    expect(await problems()).toBe(COUNT);
    // The list's counts agree with the findings of each message.
    const rows = await t.engine.call('messages.list', undefined);
    expect(rows.every((r) => r.findingProfiles.includes('freshsuccess') && r.warningCount === 2 && r.errorCount === 0)).toBe(true);
  });

  it('survives a restart with the same answers', async () => {
    await t.restart();
    const view = await getJson<WorkspaceView>('/api/workspace');
    expect(view.workspace.sources).toHaveLength(1);
    expect(view.workspace.sources[0].destinations).toEqual(['freshsuccess']);
    expect(await problems()).toBe(COUNT);
  });

  it('refuses a bad workspace with every field at fault, and keeps the saved one', async () => {
    const bad = await putWorkspace({ sources: [{ name: '', kind: 'segment', writeKey: 'k' }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toContain('sources[0].name: must be a non-empty string');
    expect(bad.json.error).toContain('sources[0].kind: must be one of provesource, produktly, custom');
    expect(bad.json.where).toBe('sources[0].name');
    expect((await getJson<WorkspaceView>('/api/workspace')).workspace.sources[0].name).toBe('Marketing site');
    // A refusal about the whole document points at it, not at its own sentence.
    expect((await putWorkspace({ sources: {} })).json.where).toBe('sources');
    expect((await putWorkspace([])).json.where).toBe('workspace');
    const notJson = await fetch(`${t.engine.url}/api/workspace`, { method: 'PUT', body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('a source not in a configured workspace gets Segment\'s spec only', async () => {
    await putWorkspace({ sources: [{ name: 'Other', kind: 'produktly', writeKey: 'another-key-123', destinations: ['freshsuccess'] }] });
    const all = await getJson<CapturedMessage[]>('/api/messages');
    expect(all.every((c) => c.findings.every((f) => f.profile === 'segment'))).toBe(true);
    expect(await problems()).toBe(0);
    await putWorkspace({ sources: [] });
    expect((await getJson<WorkspaceView>('/api/workspace')).note).toBe(EVERY_PARTNER_NOTE);
  });
});

describe('two write keys that mask alike', () => {
  it('are two sources: the fingerprint tells them apart', async () => {
    const a = 'wk_alpha_one_3e9';
    const b = 'wk_bravo_two_3e9';
    expect(maskWriteKey(a)).toBe(maskWriteKey(b));
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    for (const key of [a, b]) {
      const res = await fetch(`${t.engine.url}/v1/track`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` },
        body: JSON.stringify({ type: 'track', userId: 'u', anonymousId: 'a', event: 'Not A ProveSource Event' }),
      });
      expect(res.status).toBe(200);
    }
    const seen = (await getJson<WorkspaceView>('/api/workspace')).seen;
    expect(seen).toHaveLength(2);
    expect(new Set(seen.map((s) => s.writeKeyFingerprint)).size).toBe(2);
    // The first key, given in full, is a ProveSource source; the other is not in the workspace.
    const saved = await putWorkspace({ sources: [{ name: 'Alpha', kind: 'provesource', writeKey: a }] });
    expect(saved.json.workspace.sources[0]).toMatchObject({ writeKey: maskWriteKey(a), writeKeyFingerprint: expect.stringMatching(/^[0-9a-f]{12}$/) });
    const all = await getJson<CapturedMessage[]>('/api/messages');
    expect(all.map((c) => c.findings.some((f) => f.profile === 'provesource'))).toEqual([true, false]);
    expect((await getJson<WorkspaceView>('/api/workspace')).seen.filter((s) => s.sourceId !== undefined)).toHaveLength(1);
    await putWorkspace({ sources: [] });
  });
});

describe('a local send "as" a workspace source', () => {
  it('arrives checked as that source, the composer and the inspector agreeing', async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    const saved = await putWorkspace({ sources: [{ id: 'site', name: 'Site', kind: 'provesource', writeKey: 'site_key_123456', destinations: ['freshsuccess'] }] });
    expect(saved.json.workspace.sources[0].localKeyFingerprint).toMatch(/^[0-9a-f]{12}$/);
    const message = { type: 'track', userId: 'u-1', anonymousId: 'a-1', event: 'Goal Completed', properties: { goalId: 'g-1', goalName: 'Signup' } };
    for (const asSource of ['site', undefined]) {
      const sent = await t.engine.call('sender.send', { target: { kind: 'local', ...(asSource ? { asSource } : {}) }, message });
      const wait = await fetch(`${t.engine.url}/api/messages/wait?messageId=${encodeURIComponent(sent.deliveries[0].messageId)}&timeoutMs=5000`);
      expect(wait.status).toBe(200);
    }
    const [asSite, plain] = await getJson<CapturedMessage[]>('/api/messages');
    // As the source: its catalog and Freshsuccess (no groupId: a recommendation); otherwise not in the workspace: Segment's spec only.
    expect(asSite.findings.map((f) => f.profile)).toContain('freshsuccess');
    expect(plain.findings.every((f) => f.profile === 'segment')).toBe(true);
    // Survives a restart (the local key's fingerprint is derived again on load).
    await t.restart();
    const [again] = await getJson<CapturedMessage[]>('/api/messages');
    expect(again.findings.map((f) => f.rule)).toEqual(asSite.findings.map((f) => f.rule));
    await putWorkspace({ sources: [] });
  });
});

// workspace.json of another shape (a hand edit, a kind another version wrote): the whole workspace
// was set aside with a warning, and the next save (a source added again by hand) wrote over it,
// every source of it gone. The file as it was is now kept beside it, as for settings.json.
describe('workspace.json that cannot be read as a workspace', () => {
  it('is named, and kept as workspace.json.damaged before a save writes over it', async () => {
    const { writeFile, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const hand = await startTestEngine();
    try {
      await hand.engine.close();
      const written = { sources: [{ id: 'source-1', name: 'App', kind: 'segment-ios', writeKey: 'wk1…789', writeKeyFingerprint: 'e22584bde8d7', destinations: ['freshsuccess'] }, { id: 'source-2', name: 'Site', kind: 'custom', writeKey: 'ab…yz', writeKeyFingerprint: '0123456789ab', destinations: [] }] };
      await writeFile(join(hand.dataDir, 'workspace.json'), JSON.stringify(written));
      const engine = await hand.restart();
      expect(engine.info().storeWarnings.filter((w) => w.startsWith('workspace.json'))).toEqual([
        'workspace.json: sources[0].kind: must be one of provesource, produktly, custom, not "segment-ios"; checking against every partner until it is saved again (the file as it was is kept as workspace.json.damaged)',
      ]);
      await engine.call('workspace.save', { sources: [{ id: 'source-2', name: 'Site', kind: 'custom', writeKey: 'abcdefghxyz', destinations: [] }] });
      expect(JSON.parse(await readFile(join(hand.dataDir, 'workspace.json.damaged'), 'utf8'))).toEqual(written);
    } finally {
      await hand.dispose();
    }
  });
});
