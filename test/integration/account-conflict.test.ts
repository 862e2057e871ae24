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

describe('track and identify calls name accounts too (groupId, else context.groupId)', () => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await startTestEngine();
  });
  afterAll(() => e.dispose());
  const AMBIGUOUS = 'freshsuccess.account.userId.ambiguous';
  const at = '2026-05-01T10:00:00.000Z';
  const auth = { authorization: `Basic ${Buffer.from('k:').toString('base64')}` };
  const rulesOf = async () => ((await (await fetch(`${e.engine.url}/api/messages`)).json()) as CapturedMessage[]).map((c) => c.findings.filter((f) => f.rule === RULE || f.rule === AMBIGUOUS).map((f) => f.rule));

  it('a track under a second groupId is the conflict; a later track without one cannot be given an account', async () => {
    const batch = [
      { type: 'track', userId: 'u-1', anonymousId: 'a-1', event: 'Invoice Opened', groupId: 'acme', timestamp: at },
      { type: 'identify', userId: 'u-1', anonymousId: 'a-1', context: { groupId: 'acme' }, timestamp: at },
      { type: 'track', userId: 'u-1', anonymousId: 'a-1', event: 'Report Viewed', context: { groupId: 'globex' }, timestamp: at },
      { type: 'page', userId: 'u-1', anonymousId: 'a-1', name: 'Home', groupId: 'initech', timestamp: at },
      { type: 'track', userId: 'u-1', anonymousId: 'a-1', event: 'Dashboard Viewed', timestamp: at },
    ];
    expect((await postJson(`${e.engine.url}/v1/batch`, { batch }, auth)).status).toBe(200);
    // A page call is not one Freshsuccess reads: its groupId names no account.
    const expected = [[], [], [RULE], [], [AMBIGUOUS]];
    expect(await rulesOf()).toEqual(expected);
    const messages = (await (await fetch(`${e.engine.url}/api/messages`)).json()) as CapturedMessage[];
    expect(messages[2].findings.find((f) => f.rule === RULE)?.message).toContain('userId "u-1" was already seen under account acme and now under globex');
    expect(messages[4].findings.find((f) => f.rule === AMBIGUOUS)?.message).toContain('belongs to 2 accounts (acme, globex)');
    // The Sessions tab's conflicts come from the same rule: they agree.
    const totals = (await (await fetch(`${e.engine.url}/api/sessions/totals`)).json()) as { conflicts: { userId: string; accounts: { groupId: string; seq?: number }[] }[] };
    expect(totals.conflicts).toEqual([{ userId: 'u-1', accounts: [{ groupId: 'acme', seq: messages[0].seq }, { groupId: 'globex', seq: messages[2].seq }] }]);
    // Loading the log again (a restart) derives the same.
    await e.restart();
    expect(await rulesOf()).toEqual(expected);
  });

  it('a webhook delivery (stored through the other path) is judged the same, after what came before', async () => {
    // As a PHP or Java client sends an int groupId (a JavaScript literal would round …993 already).
    const track = (groupId: string) => `{"type":"track","userId":"u-2","anonymousId":"a-2","event":"Opened","groupId":${groupId},"timestamp":"${at}"}`;
    const res = await postJson(`${e.engine.url}/webhook/pf`, `[${track('"acme"')},${track('9007199254740993')},${track('9007199254740992')}]`);
    expect(res.status).toBe(200);
    const rules = await rulesOf();
    // Ids past 2^53 keep their digits: …993 and …992 are two accounts, as the Sessions tab keys them.
    expect(rules.slice(-3)).toEqual([[], [RULE], [RULE]]);
    const messages = (await (await fetch(`${e.engine.url}/api/messages`)).json()) as CapturedMessage[];
    expect(messages.at(-1)!.findings.find((f) => f.rule === RULE)?.message).toContain('under account acme, 9007199254740993 and now under 9007199254740992');
    await e.restart();
    expect((await rulesOf()).slice(-3)).toEqual([[], [RULE], [RULE]]);
  });
});
