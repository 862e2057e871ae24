// GET /api/messages streams its answer: 100,000 stored messages come back in one valid JSON array,
// the newest N with limit, and `match` applies before the limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
const TOTAL = 100_000;
beforeAll(async () => {
  t = await startTestEngine();
  for (let b = 0; b < TOTAL / 2500; b++) {
    const batch = Array.from({ length: 2500 }, (_, i) => ({ type: 'track', userId: `u-${i % 50}`, event: 'Bulk', properties: { n: b * 2500 + i, even: i % 2 === 0 } }));
    const r = await postJson(`${t.engine.url}/v1/batch`, { batch });
    if (r.status !== 200) throw new Error(`batch ${b}: ${r.status}`);
  }
}, 120_000);
afterAll(() => t.dispose());

describe('large reads', () => {
  it('returns all 100,000 messages as one valid JSON array', async () => {
    const res = await fetch(`${t.engine.url}/api/messages?limit=${TOTAL * 2}`);
    expect(res.status).toBe(200);
    const all = (await res.json()) as { seq: number; message: { properties: { n: number } } }[];
    expect(all).toHaveLength(TOTAL);
    expect(all[0].message.properties.n).toBe(0);
    expect(all[TOTAL - 1].message.properties.n).toBe(TOTAL - 1);
    expect(all.every((m, i) => i === 0 || m.seq > all[i - 1].seq)).toBe(true);
  }, 120_000);

  it('limit keeps the newest, after match', async () => {
    const q = new URLSearchParams({ match: JSON.stringify({ properties: { even: true } }), limit: '3' });
    const got = (await (await fetch(`${t.engine.url}/api/messages?${q}`)).json()) as { message: { properties: { n: number } } }[];
    expect(got.map((m) => m.message.properties.n)).toEqual([TOTAL - 6, TOTAL - 4, TOTAL - 2]);
  }, 120_000);
});
