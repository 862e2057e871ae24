// GET /api/messages/wait over a real socket: answers early when enough match (woken by ingest),
// times out with what matched and the nearest misses, asserts absence with settleMs; and the
// messageId / match / afterSeq filters of /api/messages.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());
beforeEach(async () => {
  await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
});

const get = async (path: string) => {
  const res = await fetch(`${t.engine.url}${path}`);
  return { status: res.status, body: (await res.json()) as any };
};
const goal = (goalId: string, extra: Record<string, unknown> = {}) => postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'Goal Completed', properties: { goalId, goalName: 'Signup' }, ...extra });
const q = (o: Record<string, unknown>) => new URLSearchParams(Object.entries(o).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString();

describe('wait for messages', () => {
  it('answers as soon as the message arrives, long before the timeout', async () => {
    // The longest timeout there is: had the wait not woken on ingest, vitest's 20 s test timeout
    // would fail this test long before the wait gave up (no wall clock read here).
    const waiting = get(`/api/messages/wait?${q({ event: 'Goal Completed', match: { properties: { goalId: 'g-1' } }, timeoutMs: '120000' })}`);
    await goal('g-2');
    await goal('g-1');
    const r = await waiting;
    expect(r.status).toBe(200);
    expect(r.body.map((m: any) => m.message.properties.goalId)).toEqual(['g-1']);
  });

  it('counts: waits for N, and already-captured messages count', async () => {
    await goal('a');
    const waiting = get(`/api/messages/wait?${q({ event: 'Goal Completed', count: '3', timeoutMs: '10000' })}`);
    await goal('b');
    await goal('c');
    const r = await waiting;
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(3);
  });

  it('times out with 408: what arrived and the nearest misses, named by field', async () => {
    await goal('g-2');
    await goal('g-3', { properties: { goalName: 'Signup' } });
    const r = await get(`/api/messages/wait?${q({ event: 'Goal Completed', match: { properties: { goalId: 'g-1' } }, timeoutMs: '150' })}`);
    expect(r.status).toBe(408);
    expect(r.body.error).toContain('2 messages (event=Goal Completed) arrived, 0 have {"properties":{"goalId":"g-1"}}; expected at least 1;');
    expect(r.body.nearMisses.map((n: any) => n.differences)).toEqual([['properties.goalId is missing'], ['properties.goalId is "g-2", expected "g-1"']]);
  });

  it('says each count in words that agree with it: 1 message, 2 messages', async () => {
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'Counted Once' });
    const one = await get(`/api/messages/wait?${q({ event: 'Counted Once', match: { userId: 'v' }, timeoutMs: '100' })}`);
    expect(one.body.error).toMatch(/^1 message \(event=Counted Once\) arrived, 0 have \{"userId":"v"\}; expected at least 1;/);
    const few = await get(`/api/messages/wait?${q({ event: 'Counted Once', count: '2', timeoutMs: '100' })}`);
    expect(few.body.error).toBe('1 message (event=Counted Once) arrived within 100 ms; expected at least 2');
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'Counted Once' });
    const present = await get(`/api/messages/wait?${q({ event: 'Counted Once', count: '0', settleMs: '100' })}`);
    expect(present.status).toBe(409);
    expect(present.body.error).toBe('2 messages matching (event=Counted Once) were captured; expected none');
  });

  it('count=0 with settleMs asserts absence: 200 when nothing matches, 409 when something does', async () => {
    const quiet = get(`/api/messages/wait?${q({ event: 'Nope', count: '0', settleMs: '150' })}`);
    await goal('x');
    expect((await quiet).status).toBe(200);
    const noisy = get(`/api/messages/wait?${q({ event: 'Boom', count: '0', settleMs: '3000' })}`);
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'Boom' });
    const r = await noisy;
    expect(r.status).toBe(409);
    expect(r.body.matched).toHaveLength(1);
  });

  it('names a bad parameter', async () => {
    expect((await get('/api/messages/wait?count=x')).status).toBe(400);
    expect((await get('/api/messages/wait?count=0')).body.error).toContain('settleMs');
    expect((await get('/api/messages/wait?timeoutMs=999999')).body.error).toContain('at most');
    expect((await get('/api/messages?match=notjson')).body.error).toContain('match must be a JSON object');
    expect((await get('/api/messages?afterSeq=-1')).status).toBe(400);
  });
});

describe('filters: messageId, match, afterSeq', () => {
  it('select by messageId, by a partial message (regex strings, array elements), and after a seq', async () => {
    await postJson(`${t.engine.url}/v1/batch`, {
      batch: [
        { type: 'track', userId: 'u', event: 'Tour Start', messageId: 'm-1', properties: { steps: [{ id: 1 }, { id: 2 }] } },
        { type: 'track', userId: 'u', event: 'tour_start', messageId: 'm-2' },
        { type: 'track', userId: 'u', event: 'Other', messageId: 'm-3' },
      ],
    });
    expect((await get('/api/messages?messageId=m-2')).body.map((m: any) => m.message.event)).toEqual(['tour_start']);
    expect((await get(`/api/messages?${q({ match: { event: '/^tour[ _]start$/i' } })}`)).body).toHaveLength(2);
    expect((await get(`/api/messages?${q({ match: { properties: { steps: [{ id: 2 }] } } })}`)).body.map((m: any) => m.message.messageId)).toEqual(['m-1']);
    const all = (await get('/api/messages')).body;
    expect((await get(`/api/messages?afterSeq=${all[0].seq}`)).body.map((m: any) => m.message.messageId)).toEqual(['m-2', 'm-3']);
  });

  it('pages with afterSeq: each page is the first `limit` after it, so the pages together hold every message once (without afterSeq, the newest)', async () => {
    await postJson(`${t.engine.url}/v1/batch`, { batch: Array.from({ length: 25 }, (_, i) => ({ type: 'track', userId: 'u', event: i % 2 ? 'Odd' : 'Even', messageId: `p-${i}` })) });
    const ids = (body: any[]) => body.map((m: any) => m.message.messageId);
    const paged: string[] = [];
    let after = 0;
    for (let page = 0; page < 5; page++) {
      const body = (await get(`/api/messages?afterSeq=${after}&limit=10`)).body as any[];
      if (body.length === 0) break;
      paged.push(...ids(body));
      after = body[body.length - 1].seq;
    }
    expect(paged).toEqual(Array.from({ length: 25 }, (_, i) => `p-${i}`));
    // With a match filter too (it is applied before the page is cut).
    expect(ids((await get(`/api/messages?${q({ afterSeq: '0', limit: '3', match: { event: 'Odd' } })}`)).body)).toEqual(['p-1', 'p-3', 'p-5']);
    // Without afterSeq, limit keeps the newest, as before.
    expect(ids((await get('/api/messages?limit=3')).body)).toEqual(['p-22', 'p-23', 'p-24']);
  });
});

// A regex in a match filter runs on the event loop: one that backtracks catastrophically (a nested
// quantifier against a long near-miss) would stop the receiver, the API and the UI for good.
describe('a /regex/ in match that backtracks catastrophically', () => {
  const nearMiss = `${'a'.repeat(40)}!`;
  const slow = { event: '/(a+)+$/' };

  it('GET /api/messages: a 400 naming the regex and the message, and the engine keeps answering', async () => {
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'fine' });
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: nearMiss });
    const r = await get(`/api/messages?${q({ match: slow })}`);
    expect(r.status).toBe(400);
    expect(r.body.where).toBe('match');
    expect(r.body.error).toMatch(/^the match regex \/\(a\+\)\+\$\/ ran for over 1,000 ms on message #\d+/);
    expect((await get('/api/health')).status).toBe(200);
    expect((await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: 'after' })).status).toBe(200);
  });

  it('GET /api/messages/wait: the wait answers 400 when such a message arrives, and the engine keeps answering', async () => {
    const waiting = get(`/api/messages/wait?${q({ match: slow, timeoutMs: '120000' })}`);
    await postJson(`${t.engine.url}/v1/track`, { userId: 'u', event: nearMiss });
    const r = await waiting;
    expect(r.status).toBe(400);
    expect(r.body.error).toContain('the match regex /(a+)+$/ ran for over');
    expect((await get('/api/health')).status).toBe(200);
  });
});

// A /regex/ that does not compile matched nothing: the wait ran its whole timeout, then named the
// nearest miss as if the regex were a value, and the author never learned the regex was broken.
describe('a /regex/ in match that does not compile', () => {
  it('GET /api/messages and /api/messages/wait answer 400 at once, naming the field and why', async () => {
    await goal('g-1');
    const list = await get(`/api/messages?${q({ match: { event: '/(/' } })}`);
    expect(list.status).toBe(400);
    expect(list.body.error).toBe('match.event: /(/ is not a valid regular expression: Unterminated group');
    const wait = await get(`/api/messages/wait?${q({ match: { properties: { goalId: '/g-[/' } }, timeoutMs: '120000' })}`);
    expect(wait.status).toBe(400);
    expect(wait.body.error).toBe('match.properties.goalId: /g-[/ is not a valid regular expression: Unterminated character class');
  });
});
