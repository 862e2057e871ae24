// Freshsuccess' account rule across messages: a userId under a second groupId is a mapping
// conflict, raised on the group call that caused it, derived again after a restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const RULE = 'freshsuccess.account.userId.mapping-conflict';
const group = (userId: string, groupId: string) => ({ type: 'group', userId, anonymousId: 'a', groupId, traits: { name: 'Acme', createdAt: '2024-01-01T00:00:00.000Z' }, timestamp: '2026-05-01T10:00:00.000Z' });

async function messages(query = ''): Promise<CapturedMessage[]> {
  return (await fetch(`${t.engine.url}/api/messages${query}`)).json() as Promise<CapturedMessage[]>;
}

describe('a userId seen under two groupIds', () => {
  it('is a conflict on the message that caused it, and only that one', async () => {
    for (const m of [group('u-1', 'acct-a'), group('u-1', 'acct-a'), group('u-2', 'acct-b'), group('u-1', 'acct-b')]) {
      expect((await postJson(`${t.engine.url}/v1/group`, m, { authorization: `Basic ${Buffer.from('k:').toString('base64')}` })).status).toBe(200);
    }
    const all = await messages();
    expect(all.map((c) => c.findings.some((f) => f.rule === RULE))).toEqual([false, false, false, true]);
    const conflict = all[3].findings.find((f) => f.rule === RULE)!;
    expect(conflict).toMatchObject({ severity: 'warning', profile: 'freshsuccess', path: 'groupId' });
    expect(conflict.message).toContain('userId "u-1" was already seen under account acct-a and now under acct-b');
    // The row's counts and "has problems" include it.
    const rows = await t.engine.call('messages.list', undefined);
    expect(rows[3].warningCount).toBe(rows[1].warningCount + 1);
  });

  it('is derived again after a restart, and not raised for a source not connected to Freshsuccess', async () => {
    await t.restart();
    expect((await messages()).map((c) => c.findings.some((f) => f.rule === RULE))).toEqual([false, false, false, true]);
    await t.engine.call('workspace.save', { sources: [{ id: 's', name: 'Site', kind: 'custom', writeKey: 'k', destinations: [] }] });
    expect((await messages()).some((c) => c.findings.some((f) => f.rule === RULE))).toBe(false);
    expect((await messages('?hasProblems=true')).length).toBe(0);
  });
});
