// Ids past 2^53 through the real receiver into the derived views: user matching, sessions and the
// Freshsuccess account tracker key a numeric id by the digits the client sent. analytics-php (a PHP
// int), analytics-java (a Long) and analytics-go (an int64) post such ids as JSON numbers, and
// JSON.parse reads 9007199254740993 and 9007199254740992 as one double (…992), and
// 1234567890123456789 and 1234567890123456788 as another: two users were one, and one user under
// those two groupIds was no conflict. The bodies are posted as text: the digits are the point.
// Also the Sessions endpoint filter: analytics-java posts to /v1/import/, which "import" finds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';

const BIG = '9007199254740993'; // 2^53 + 1
const NEXT = '9007199254740992'; // 2^53: JSON.parse's reading of BIG
const ACME = '1234567890123456789';
const GLOBEX = '1234567890123456788'; // one double with ACME

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const auth = { authorization: `Basic ${Buffer.from('php_key_51c0:').toString('base64')}` };
async function post(path: string, body: string): Promise<void> {
  const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body });
  expect(res.status).toBe(200);
}
const getJson = async (path: string) => (await (await fetch(`${t.engine.url}${path}`)).json()) as any;

describe('ids past 2^53 in matching, sessions and account conflicts', () => {
  it('posts the batch as text (as analytics-php writes PHP ints)', async () => {
    const put = await fetch(`${t.engine.url}/api/matching/settings`, { method: 'PUT', body: '{"scope":"webhook-and-tracking"}' });
    expect(put.status).toBe(200);
    await post(
      '/v1/batch',
      `{"batch":[` +
        `{"type":"track","event":"Big Id","messageId":"x-1","userId":${BIG},"anonymousId":"anon-big"},` +
        `{"type":"track","event":"Big Id","messageId":"x-2","userId":${NEXT},"anonymousId":"anon-next"},` +
        `{"type":"group","messageId":"x-3","userId":${BIG},"anonymousId":"anon-big","groupId":${ACME},"traits":{}},` +
        `{"type":"group","messageId":"x-4","userId":${BIG},"anonymousId":"anon-big","groupId":${GLOBEX},"traits":{}},` +
        `{"type":"group","messageId":"x-5","userId":${NEXT},"anonymousId":"anon-next","groupId":"globex-text","traits":{}}` +
        `]}`,
    );
  });

  it('matching: …993 and …992 are two users, created and matched by their digits; the trace names them', async () => {
    const users = await eventually(t.engine, async () => {
      const u = (await getJson('/api/users')) as { username?: string }[];
      return u.length >= 2 ? u : undefined;
    });
    expect(users.map((u) => u.username)).toEqual([BIG, NEXT]);
    const decisions = (await getJson('/api/matching')) as { messageId: string; outcome: string; userId: string; steps: string[] }[];
    expect(decisions.map((d) => [d.messageId, d.outcome])).toEqual([
      ['x-1', 'created'],
      ['x-2', 'created'],
      ['x-3', 'matched-by-username'],
      ['x-4', 'matched-by-username'],
      ['x-5', 'matched-by-username'],
    ]);
    expect(decisions[2].userId).toBe(decisions[0].userId);
    expect(decisions[4].userId).toBe(decisions[1].userId);
    expect(decisions[2].steps.join('\n')).toContain(`\`${BIG}\``);
    expect(decisions.flatMap((d) => d.steps).join('\n')).not.toMatch(/9007199254740992\D[^]*x-1|1234567890123456768/);
  });

  it('sessions: the user key is the exact userId; a userId filter finds only its own', async () => {
    const big = (await getJson(`/api/sessions?userId=${BIG}`)) as { anonymousId: string; userId: string; account?: string }[];
    expect(big.map((s) => [s.anonymousId, s.userId, s.account])).toEqual([['anon-big', BIG, GLOBEX]]);
    const next = (await getJson(`/api/sessions?userId=${NEXT}`)) as { anonymousId: string; userId: string }[];
    expect(next.map((s) => [s.anonymousId, s.userId])).toEqual([['anon-next', NEXT]]);
    const totals = await getJson('/api/sessions/totals');
    expect(totals.byUser.map((u: { key: string }) => u.key).sort()).toEqual([NEXT, BIG]);
    // A session counts for its last account: anon-big's is GLOBEX (ACME, one double with it, came first).
    expect(totals.byAccount.map((u: { key: string }) => u.key).sort()).toEqual([GLOBEX, 'globex-text']);
  });

  it('the account tracker: …993 under two groupIds is a conflict with their digits; …992 is not one with it', async () => {
    const totals = await getJson('/api/sessions/totals');
    const seq = async (id: string) => (await t.engine.call('messages.seqsOf', { messageIds: [id] }))[0];
    expect(totals.conflicts).toEqual([{ userId: BIG, accounts: [{ groupId: ACME, seq: await seq('x-3') }, { groupId: GLOBEX, seq: await seq('x-4') }] }]);
    // The inspector's finding on the group call says the same.
    const conflict = await t.engine.call('messages.get', { seq: (await seq('x-4'))! });
    const finding = conflict!.findings.find((f) => f.rule === 'freshsuccess.account.userId.mapping-conflict');
    expect(finding?.message).toContain(`userId "${BIG}"`);
    expect(finding?.message).toContain(GLOBEX);
    const other = await t.engine.call('messages.get', { seq: (await seq('x-5'))! });
    expect(other!.findings.some((f) => f.rule === 'freshsuccess.account.userId.mapping-conflict')).toBe(false);
  });

  it('the Sessions endpoint filter takes /v1/import/ (analytics-java) as "import" and "/v1/import"', async () => {
    await post('/v1/import/', `{"batch":[{"type":"track","event":"Java","messageId":"j-1","anonymousId":"anon-java"}]}`);
    for (const endpoint of ['/v1/import/', '/v1/import', 'import']) {
      const sessions = (await getJson(`/api/sessions?endpoint=${encodeURIComponent(endpoint)}`)) as { anonymousId: string }[];
      expect(sessions.map((s) => s.anonymousId), endpoint).toEqual(['anon-java']);
    }
  });
});
