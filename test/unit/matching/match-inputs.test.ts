// MatchInputs keeps every message's input as columns (codes, interned texts, chunked messageIds);
// a view must give back exactly what the message held, read by the rule's own reading rules
// (written out again here from domain.md, not taken from the code under test).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { MatchInputs } from '../../../src-shared/matching/match-inputs';
import type { FieldRead } from '../../../src-shared/matching/types';

const WEBHOOK = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } } as const;
const TRACKING = { kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' } as const;

/** What the rule reads from a value: text, a finite number as its text (ids only), else what it is. */
function expectedRead(v: unknown, numberAsText: boolean): FieldRead {
  if (v === undefined) return { state: 'absent' };
  if (typeof v === 'string') return v === '' ? { state: 'unusable', what: 'an empty string' } : { state: 'text', value: v };
  if (typeof v === 'number' && numberAsText) return { state: 'text', value: String(v), fromNumber: true };
  if (v === null) return { state: 'unusable', what: 'null' };
  if (Array.isArray(v)) return { state: 'unusable', what: 'a list' };
  if (typeof v === 'object') return { state: 'unusable', what: 'an object' };
  return { state: 'unusable', what: typeof v === 'boolean' ? String(v) : `a ${typeof v}` };
}

/** The value as kept: primitives as they are; objects and lists as "(an object)" / "(a list)" once serialized. */
const expectedKept = (v: unknown) => (typeof v === 'object' && v !== null ? `(${Array.isArray(v) ? 'a list' : 'an object'})` : v);

const anyValue = fc.oneof(
  fc.constantFrom<unknown>(undefined, '', 'ada', ' Ada@Example.com ', 'ada@example.com', '   ', null, true, false, 0, 42, -1.5, { a: 1 }, ['x'], [], {}),
  fc.string(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const messageIdArb = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom<unknown>(undefined, 42, null, '', 'ü-ß-😀', '\ud800x'));
const receivedAtArb = fc.oneof(
  fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000+00:00', 'Thu, 01 Jan 2026 00:00:00 GMT', '2026-01-01'),
);

const messageArb = fc.record({
  type: fc.oneof(fc.constantFrom<unknown>('identify', 'track', 'page', undefined, 7)),
  messageId: messageIdArb,
  event: anyValue,
  name: anyValue,
  userId: anyValue,
  anonymousId: anyValue,
  traitsEmail: anyValue,
  contextEmail: anyValue,
  propertiesEmail: anyValue,
  trait: fc.option(fc.oneof(fc.string(), fc.integer()), { nil: undefined }),
  contextTrait: fc.option(fc.string(), { nil: undefined }),
  receivedAt: receivedAtArb,
  webhook: fc.boolean(),
});
type Generated = typeof messageArb extends fc.Arbitrary<infer T> ? T : never;

function toMessage(g: Generated): JsonObject {
  const m: Record<string, unknown> = {};
  const set = (o: Record<string, unknown>, k: string, v: unknown) => {
    if (v !== undefined) o[k] = v;
  };
  set(m, 'type', g.type);
  set(m, 'messageId', g.messageId);
  set(m, 'event', g.event);
  set(m, 'name', g.name);
  set(m, 'userId', g.userId);
  set(m, 'anonymousId', g.anonymousId);
  const traits: Record<string, unknown> = {};
  set(traits, 'email', g.traitsEmail);
  set(traits, 'plan', g.trait);
  m.traits = traits;
  const contextTraits: Record<string, unknown> = {};
  set(contextTraits, 'email', g.contextEmail);
  set(contextTraits, 'company', g.contextTrait);
  m.context = { traits: contextTraits };
  const properties: Record<string, unknown> = {};
  set(properties, 'email', g.propertiesEmail);
  m.properties = properties;
  return m as JsonObject;
}

describe('MatchInputs: a view gives back what the message held', () => {
  it('every field, whatever its kind, across many messages in one set of columns', () => {
    fc.assert(
      fc.property(fc.array(messageArb, { minLength: 1, maxLength: 40 }), (gs) => {
        const inputs = new MatchInputs();
        gs.forEach((g, i) => inputs.push({ seq: 10 + 3 * i, receivedAt: g.receivedAt, origin: g.webhook ? WEBHOOK : TRACKING, message: toMessage(g) }));
        gs.forEach((g, i) => {
          const input = inputs.at(i);
          expect(input.seq).toBe(10 + 3 * i);
          expect(input.origin).toBe(g.webhook ? 'webhook' : 'tracking');
          expect(input.receivedAt).toBe(g.receivedAt);
          expect(input.type).toBe(typeof g.type === 'string' ? g.type : undefined);
          expect(input.messageId).toBe(typeof g.messageId === 'string' ? g.messageId : undefined);
          // What names the message in a list row: a track's event, else a page's or screen's name; text, not empty.
          const named = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
          expect(input.event).toBe(named(g.event) ?? named(g.name));
          expect(inputs.eventName(i)).toBe(input.event);
          expect(input.userId).toEqual(expectedRead(g.userId, true));
          expect(input.anonymousId).toEqual(expectedRead(g.anonymousId, true));
          expect(input.emails).toEqual([expectedRead(g.traitsEmail, false), expectedRead(g.contextEmail, false), expectedRead(g.propertiesEmail, false)]);
          expect(JSON.parse(JSON.stringify([input.userIdValue, input.anonymousIdValue, input.traitsEmail, input.contextTraitsEmail, input.propertiesEmail]) ?? 'null')).toEqual(
            JSON.parse(JSON.stringify([g.userId, g.anonymousId, g.traitsEmail, g.contextEmail, g.propertiesEmail].map(expectedKept))),
          );
          // User properties: context.traits on every call, an identify's traits on top; email never.
          const properties: Record<string, unknown> = {};
          if (g.contextTrait !== undefined) properties.company = g.contextTrait;
          if (g.type === 'identify' && g.trait !== undefined) properties.plan = g.trait;
          expect(input.traits).toEqual(properties);
          // The keys the rule compares stand for the texts it reads.
          const text = (key: number) => (key < 0 ? undefined : inputs.interner.text(key));
          const read = input.userId;
          expect(text(input.userIdKey)).toBe(read.state === 'text' ? read.value : undefined);
          const anonymous = input.anonymousId;
          expect(text(input.anonymousIdKey())).toBe(anonymous.state === 'text' ? anonymous.value : undefined);
          const exactAt = input.emails.findIndex((r) => r.state === 'text');
          expect(input.exactEmailAt).toBe(exactAt);
          const exact = input.emails[exactAt];
          expect(text(input.exactEmailKey())).toBe(exact?.state === 'text' ? exact.value : undefined);
          expect(text(input.nearEmailKey())).toBe(exact?.state === 'text' ? exact.value.trim().toLowerCase() : undefined);
          const looseAt = input.emails.findIndex((r) => r.state === 'text' && r.value.trim() !== '');
          expect(input.looseEmailAt).toBe(looseAt);
          const loose = input.emails[looseAt];
          expect(text(input.looseEmailKey)).toBe(loose?.state === 'text' ? loose.value.trim().toLowerCase() : undefined);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('messageIds across many chunks (4,096 a chunk), absent and empty ones at the edges included', () => {
    const inputs = new MatchInputs();
    const idOf = (i: number): unknown => (i === 4096 ? undefined : i === 2 * 4096 - 1 ? '' : i % 7 === 0 ? `ü-${i}` : `m-${i}`);
    const n = 3 * 4096 + 17;
    for (let i = 0; i < n; i++) {
      const messageId = idOf(i);
      inputs.push({ seq: i + 1, receivedAt: '2026-01-01T00:00:00.000Z', origin: TRACKING, message: messageId === undefined ? { type: 'track' } : { type: 'track', messageId: messageId as string } });
    }
    expect(inputs.length).toBe(n);
    for (let i = 0; i < n; i++) expect(inputs.at(i).messageId).toBe(idOf(i));
  });

  it('refuses a position it does not hold, saying how many it holds', () => {
    const inputs = new MatchInputs();
    inputs.push({ seq: 1, receivedAt: '2026-01-01T00:00:00.000Z', origin: WEBHOOK, message: { type: 'track' } });
    expect(() => inputs.at(1)).toThrow('no match input at 1 (1 kept)');
    expect(() => inputs.at(-1)).toThrow(RangeError);
  });
});

describe('MatchInputs: the event name a list row shows', () => {
  it("a track's event, a page's and a screen's name, in runs and apart; none for an identify", () => {
    const inputs = new MatchInputs();
    const messages = [
      { type: 'track', event: 'Order Completed' },
      { type: 'track', event: 'Order Completed' },
      { type: 'page', name: 'Pricing' },
      { type: 'identify', traits: { name: 'Ada' } },
      { type: 'screen', name: 'Home' },
      { type: 'track', event: 'Order Completed' },
      { type: 'track', event: 42 },
    ];
    messages.forEach((message, i) => inputs.push({ seq: i + 1, receivedAt: '2026-01-01T00:00:00.000Z', origin: WEBHOOK, message: message as JsonObject }));
    expect(messages.map((_, i) => inputs.at(i).event)).toEqual(['Order Completed', 'Order Completed', 'Pricing', undefined, 'Home', 'Order Completed', undefined]);
  });
});
