import { Matcher } from '../../src-shared/matching/matcher';
import { DEFAULT_MATCHING_SETTINGS } from '../../src-shared/matching/settings';
import { extractMatchInput } from '../../src-shared/matching/extract';
const USERS = 100_000, N = 1_000_000;
const users = JSON.parse(JSON.stringify(Array.from({ length: USERS }, (_, i) => ({ id: `u-${i}`, username: `user-${i}`, email: `user${i}@example.com`, properties: { plan: i % 3 ? 'free' : 'pro' } }))));
const origin = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } } as const;
const all = Array.from({ length: N }, (_, i) => { const u = (i * 7919) % USERS; const r = i % 10;
  const message = r < 4 ? { type: 'identify', userId: `user-${u}`, traits: { email: r === 0 ? ` User${u}@Example.com` : `user${u}@example.com`, plan: 'pro' } } : r < 7 ? { type: 'track', event: 'Tour Start', userId: `user-${u}`, properties: { tour_id: 't1' } } : r < 9 ? { type: 'identify', userId: `new-${i}`, traits: { email: `new${i}@example.com` } } : { type: 'page', anonymousId: `anon-${i}` };
  return extractMatchInput({ seq: i + 1, receivedAt: '2026-01-01T00:00:00.000Z', origin, message: JSON.parse(JSON.stringify(message)) }); });
for (let r = 0; r < 3; r++) { const m = new Matcher(users, DEFAULT_MATCHING_SETTINGS); const t = performance.now(); for (const x of all) m.add(x); console.log('loop ms', Math.round(performance.now() - t)); }
