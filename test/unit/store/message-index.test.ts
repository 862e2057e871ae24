// The index keeps summaries as columns of codes over shared values; what it gives back must be
// exactly the summaries it was given, and its filters must agree with the plain rule over them.
import { describe, expect, it } from 'vitest';
import type { DropCode, MessageSummary } from '../../../src-shared/capture';
import type { MessageFilter } from '../../../src-shared/api';
import { MessageIndex } from '../../../src-main/store/message-index';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
}

const TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias', '?', 'Track'];
const NAMES = ['Feature Used', 'Notification Clicked', '', 'Pricing', 'ü 😀', 'track'];
const IDS = [undefined, '', 'u-1', 'u-12', 'ü-😀-"q"', '42', 'a\\b\nc'];
const DROPS: DropCode[][] = [[], [], ['missing-identity'], ['duplicate-message-id', 'missing-event']];
const ENDPOINTS = ['/v1/batch', '/v1/track', '/webhook/stripe'];
const TALLIES = [
  { findingProfiles: [], findingCounts: [], errorCount: 0, warningCount: 0 },
  { findingProfiles: ['freshsuccess'], findingCounts: [1, 1], errorCount: 1, warningCount: 1 },
  { findingProfiles: ['segment', 'provesource'], findingCounts: [0, 2, 1, 0], errorCount: 1, warningCount: 2 },
];

function summaries(count: number, seed: number): { summary: MessageSummary; messageId: unknown }[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const out: { summary: MessageSummary; messageId: unknown }[] = [];
  let seq = 0;
  for (let i = 0; i < count; i++) {
    seq += 1 + Math.floor(next() * 3);
    const endpoint = pick(ENDPOINTS);
    const webhook = endpoint.startsWith('/webhook/');
    out.push({
      summary: {
        seq,
        receivedAt: `2026-11-23T10:00:0${Math.floor(i / 7) % 10}.000Z`,
        type: pick(TYPES),
        name: pick(NAMES),
        userId: pick(IDS),
        anonymousId: pick(IDS),
        origin: webhook ? 'webhook' : 'tracking',
        endpoint,
        writeKeyMasked: webhook ? undefined : pick(['abc…xyz', undefined]),
        webhook: webhook ? 'stripe' : undefined,
        signature: webhook ? pick(['valid', 'invalid', 'missing', 'no-secret'] as const) : undefined,
        dropCodes: pick(DROPS),
        ...pick(TALLIES),
      },
      messageId: pick([`m-${i}`, 7, undefined, 'ü']),
    });
  }
  return out;
}

function naive(rows: MessageSummary[], f: MessageFilter): number[] {
  const out: number[] = [];
  rows.forEach((s, i) => {
    if (f.type !== undefined && s.type !== f.type) return;
    if (f.event !== undefined && (s.name !== f.event || !['track', 'page', 'screen'].includes(s.type))) return;
    if (f.userId !== undefined && s.userId !== f.userId) return;
    if (f.anonymousId !== undefined && s.anonymousId !== f.anonymousId) return;
    if (f.endpoint !== undefined && s.endpoint !== f.endpoint) return;
    // The one meaning of "has problems" (src-shared/workspace.ts), written out.
    const problems = s.dropCodes.length > 0 || s.signature === 'invalid' || s.signature === 'missing' || s.errorCount > 0 || s.warningCount > 0;
    if (f.hasProblems !== undefined && problems !== f.hasProblems) return;
    if (f.profile !== undefined && !s.findingProfiles.includes(f.profile)) return;
    out.push(i);
  });
  return f.limit !== undefined && out.length > f.limit ? out.slice(out.length - f.limit) : out;
}

/**
 * Freshsuccess' account rule, written out: a group call pairing a userId with a second groupId
 * gets one more Freshsuccess warning (the mapping conflict the index derives as rows arrive).
 */
function withAccountConflicts(list: MessageSummary[]): MessageSummary[] {
  const accounts = new Map<string, Set<string>>();
  return list.map((s) => {
    if (s.type !== 'group' || !s.userId || !s.name) return s;
    const seen = accounts.get(s.userId);
    if (!seen) {
      accounts.set(s.userId, new Set([s.name]));
      return s;
    }
    if (seen.has(s.name)) return s;
    seen.add(s.name);
    const profiles = [...s.findingProfiles];
    const counts = [...(s.findingCounts ?? [])];
    let k = profiles.indexOf('freshsuccess');
    if (k < 0) k = profiles.push('freshsuccess') - 1;
    counts[2 * k] ??= 0;
    counts[2 * k + 1] = (counts[2 * k + 1] ?? 0) + 1;
    return { ...s, findingProfiles: profiles, findingCounts: counts, warningCount: s.warningCount + 1 };
  });
}

describe('MessageIndex columns', () => {
  const given = summaries(3000, 7);
  const rows = given.map((r, i) => ({ ...r, summary: withAccountConflicts(given.map((g) => g.summary))[i]! }));
  const index = new MessageIndex();
  // A group call with a groupId names its account (the rows here have none on other calls; the
  // rule for a message without one, from a userId under two, is account-conflict.test.ts's).
  given.forEach(({ summary, messageId }, i) => index.add(summary, messageId, i * 100, 90, JSON.stringify({ i, name: summary.name }), 0, 0, summary.type === 'group' && summary.name !== '' ? summary.name : undefined));

  it('gives back every summary as it was given, field by field (plus the account conflicts it derives)', () => {
    expect(rows.filter((r, i) => r.summary !== given[i]!.summary).length).toBeGreaterThan(0);
    expect(index.size).toBe(rows.length);
    expect(index.summariesIn()).toEqual(rows.map((r) => r.summary));
    expect(index.summariesIn(10, 12)).toEqual(rows.slice(10, 12).map((r) => r.summary));
    expect(index.lastSeq).toBe(rows[rows.length - 1]!.summary.seq);
    rows.forEach((r, i) => expect(index.messageIdAt(i)).toBe(typeof r.messageId === 'string' ? r.messageId : undefined));
  });

  it('finds rows by seq, and the first row after a seq', () => {
    const seqs = rows.map((r) => r.summary.seq);
    expect(index.find(seqs[1234]!)).toBe(1234);
    expect(index.find(seqs[1234]! + 0.5)).toBe(-1);
    expect(index.firstAfterSeq(0)).toBe(0);
    expect(index.firstAfterSeq(seqs[99]!)).toBe(100);
    expect(index.firstAfterSeq((seqs[99]! + seqs[100]!) / 2)).toBe(100);
    expect(index.firstAfterSeq(seqs[seqs.length - 1]!)).toBe(rows.length);
  });

  it('filters as the plain rule does, for every field and their combinations', () => {
    const all = rows.map((r) => r.summary);
    const filters: MessageFilter[] = [
      { type: 'track' },
      { type: 'Track' },
      { type: 'never-seen' },
      { event: 'Feature Used' },
      { event: 'track' },
      { event: 'Nope' },
      { userId: 'u-1' },
      { userId: '' },
      { userId: 'ü-😀-"q"' },
      { anonymousId: 'a\\b\nc' },
      { anonymousId: 'u-12' },
      { endpoint: '/v1/track' },
      { hasProblems: true },
      { hasProblems: false },
      { profile: 'provesource' },
      { type: 'page', userId: '42', hasProblems: false },
      { event: 'Pricing', endpoint: '/webhook/stripe', limit: 3 },
      { limit: 5 },
    ];
    for (const f of filters) expect(index.filter(f), JSON.stringify(f)).toEqual(naive(all, f));
  });

  it('searches the payload texts it was given', () => {
    expect(index.search('"i":2999')).toEqual([rows[2999]!.summary.seq]);
  });

  it('clear() empties it; rows added after stand alone', () => {
    const other = new MessageIndex();
    rows.slice(0, 5).forEach(({ summary, messageId }, i) => other.add(summary, messageId, i, 1, '{}'));
    other.clear();
    expect(other.size).toBe(0);
    expect(other.filter({ type: rows[0]!.summary.type })).toEqual([]);
    other.add(rows[7]!.summary, rows[7]!.messageId, 0, 1, '{}');
    expect(other.summariesIn()).toEqual([rows[7]!.summary]);
  });
});
