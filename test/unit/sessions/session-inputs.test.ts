// SessionInputs, the columns the session model keeps its inputs in: every input comes back as it
// went in (optional fields absent, not undefined), across the columns' growth; a text recurring
// in many inputs is held once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionInputs, type SessionInput, type TimeSource } from '../../../src-shared/sessions/session-input';
import { msg } from './session-fixtures';

const text = fc.oneof(fc.constantFrom('a', 'b', 'Reports', '/v1/batch', ''), fc.string({ maxLength: 6 }), fc.string({ unit: 'grapheme', maxLength: 4 }));
const time = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
const optional = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: undefined });

const inputArb = fc.record({
  anonymousId: text,
  userId: optional(text),
  groupId: optional(text),
  type: text,
  feature: text,
  module: optional(text),
  timeMs: time,
  timeSource: fc.constantFrom<TimeSource>('originalTimestamp', 'timestamp', 'receivedAt'),
  arrivalMs: time,
  endpoint: text,
  writeKeyFingerprint: optional(text),
});

/** The input without its undefined fields (what toSessionInput makes: absent, not undefined). */
function withoutUndefined(input: Omit<SessionInput, 'seq'>, seq: number): SessionInput {
  const out: Record<string, unknown> = { seq };
  for (const [k, v] of Object.entries(input)) if (v !== undefined) out[k] = v;
  return out as unknown as SessionInput;
}

describe('SessionInputs', () => {
  it('gives back every input as it went in, past the columns’ first growth', () => {
    fc.assert(
      fc.property(fc.array(inputArb, { minLength: 1, maxLength: 2100 }), fc.integer({ min: 1, max: 5 }), (inputs, step) => {
        const expected = inputs.map((input, i) => withoutUndefined(input, 1 + i * step));
        const store = SessionInputs.of(expected);
        expect(store.length).toBe(expected.length);
        for (let i = 0; i < expected.length; i++) {
          expect(store.at(i)).toStrictEqual(expected[i]);
          expect(store.seq(i)).toBe(expected[i].seq);
          expect(store.timeMs(i)).toBe(expected[i].timeMs);
          expect(store.userId(i)).toBe(expected[i].userId);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('holds a text once however many inputs name it', () => {
    const store = new SessionInputs();
    for (let seq = 1; seq <= 3000; seq++) store.push(msg(seq, seq, { anonymousId: `anon-${seq % 3}`, userId: `u-${seq % 2}`, module: 'Reports' }));
    // Texts: anon-0..2, u-0..1, Reports, and the fixture's track, F and /v1/track.
    expect(store.distinctTexts).toBe(3 + 2 + 1 + 3);
    expect(store.at(2999)).toMatchObject({ seq: 3000, anonymousId: 'anon-0', userId: 'u-0', module: 'Reports' });
  });

  it('keeps tens of thousands of distinct texts apart, each once, as a restart over a big log feeds them', () => {
    // The text table grows many times over; ids of one column recur in another (a userId that is
    // also an anonymousId is one text), and texts that differ only in one character stay two.
    const store = new SessionInputs();
    const n = 40_000;
    const texts = new Set(['track', 'F', '/v1/track']); // the fixture's
    const named = (seq: number) => ({ anonymousId: seq % 3 === 0 ? '' : `id-${seq}`, userId: `id-${seq >> 1}`, groupId: seq % 5 === 0 ? `id-${seq}` : undefined, module: seq % 7 === 0 ? `m${seq % 70}` : undefined });
    for (let seq = 1; seq <= n; seq++) {
      const o = named(seq);
      for (const t of Object.values(o)) if (t) texts.add(t);
      store.push(msg(seq, seq, o));
    }
    for (let seq = 1; seq <= n; seq++) {
      const input = store.at(seq - 1);
      const o = named(seq);
      expect(input.anonymousId).toBe(o.anonymousId);
      expect(input.userId).toBe(o.userId);
      expect(input.groupId).toBe(o.groupId);
      expect(input.module).toBe(o.module);
      expect(store.hasSession(seq - 1)).toBe(o.anonymousId !== '');
    }
    expect(texts.size).toBeGreaterThan(30_000);
    expect(store.distinctTexts).toBe(texts.size);
  });
});
