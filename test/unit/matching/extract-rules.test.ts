// What the rule reads from one message (domain.md, "Product Fruits user matching"): the email from
// traits.email, then context.traits.email, then properties.email (the first usable one; under
// "ignore case and surrounding space" one with nothing left after trimming does not count); the
// userId (a finite number is read as its text, as Segment's libraries send numeric ids); the
// anonymousId; and the user properties: context.traits on every call, an identify's traits on top,
// email and username excluded. Written from those rules, one case a row.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { exactNumber } from '../../../src-shared/exact-json';
import { emailText, idText, looseEmailKey, readField } from '../../../src-shared/matching/extract';
import { MatchInputs, extractMatchInput } from '../../../src-shared/matching/match-inputs';
import type { FieldRead } from '../../../src-shared/matching/types';

const ORIGIN = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } } as const;
function extract(message: JsonObject, origin: 'webhook' | 'tracking' = 'webhook') {
  const inputs = new MatchInputs();
  const o = origin === 'webhook' ? ORIGIN : ({ kind: 'tracking', endpoint: '/v1/batch', writeKeySource: 'none' } as const);
  const input = extractMatchInput({ seq: 7, receivedAt: '2026-01-01T00:00:00.000Z', origin: o, message }, inputs);
  /** The text an interned key stands for (-1 when none). */
  const textOf = (key: number) => (key < 0 ? -1 : inputs.interner.text(key));
  return { input, textOf };
}

const text = (value: string): FieldRead => ({ state: 'text', value });
const absent: FieldRead = { state: 'absent' };
const unusable = (what: string): FieldRead => ({ state: 'unusable', what });

describe('reading one field', () => {
  it.each<[unknown, boolean, FieldRead]>([
    [undefined, true, absent],
    ['ada', false, text('ada')],
    ['', true, unusable('an empty string')],
    [42, true, { state: 'text', value: '42', fromNumber: true }],
    [-1.5, true, { state: 'text', value: '-1.5', fromNumber: true }],
    [42, false, unusable('a number')],
    [Number.NaN, true, unusable('a number')],
    [Number.POSITIVE_INFINITY, true, unusable('a number')],
    [null, true, unusable('null')],
    [true, true, unusable('true')],
    [false, true, unusable('false')],
    [['x'], true, unusable('a list')],
    [{ a: 1 }, true, unusable('an object')],
    // a number past 2^53, kept as the digits the client sent: text as an id, a number as an email
    [exactNumber('9007199254740993'), true, { state: 'text', value: '9007199254740993', fromNumber: true }],
    [exactNumber('9007199254740993'), false, unusable('a number')],
  ])('readField(%j, numberAsText %s)', (v, numberAsText, expected) => {
    expect(readField(v, numberAsText)).toStrictEqual(expected);
  });

  it.each<[unknown, string | undefined, string | undefined]>([
    ['ada', 'ada', 'ada'],
    ['', undefined, undefined],
    [' ', ' ', ' '],
    [42, '42', undefined],
    [0, '0', undefined],
    [Number.NaN, undefined, undefined],
    [Number.NEGATIVE_INFINITY, undefined, undefined],
    [true, undefined, undefined],
    [null, undefined, undefined],
    [{ a: 1 }, undefined, undefined],
  ])('%j as an id is %j, as an email %j', (v, id, email) => {
    expect(idText(v)).toBe(id);
    expect(emailText(v)).toBe(email);
  });
});

describe('extracting a message', () => {
  it.each<[string, JsonObject, { loose: number; looseKey: string | -1; exact: number; exactKey: string | -1; nearKey: string | -1 }]>([
    ['no email at all', { type: 'track', event: 'X', userId: 'ada' }, { loose: -1, looseKey: -1, exact: -1, exactKey: -1, nearKey: -1 }],
    ['traits.email', { type: 'identify', traits: { email: 'Ada@Example.com ' } }, { loose: 0, looseKey: 'ada@example.com', exact: 0, exactKey: 'Ada@Example.com ', nearKey: 'ada@example.com' }],
    ['context.traits.email', { type: 'track', context: { traits: { email: ' Ada@Example.com' } } }, { loose: 1, looseKey: 'ada@example.com', exact: 1, exactKey: ' Ada@Example.com', nearKey: 'ada@example.com' }],
    ['properties.email', { type: 'track', properties: { email: 'bob@example.com' } }, { loose: 2, looseKey: 'bob@example.com', exact: 2, exactKey: 'bob@example.com', nearKey: 'bob@example.com' }],
    [
      'an all-space email counts exactly but not loosely',
      { type: 'identify', traits: { email: '   ' }, properties: { email: 'BOB@example.com' } },
      { loose: 2, looseKey: 'bob@example.com', exact: 0, exactKey: '   ', nearKey: '' },
    ],
    [
      'the first usable location wins, later ones are not read',
      { type: 'identify', traits: { email: 'ada@example.com' }, context: { traits: { email: 'bob@example.com' } }, properties: { email: 'BOB@example.com' } },
      { loose: 0, looseKey: 'ada@example.com', exact: 0, exactKey: 'ada@example.com', nearKey: 'ada@example.com' },
    ],
    [
      'emails that are not text are skipped',
      { type: 'identify', traits: { email: 42 }, context: { traits: { email: '' } }, properties: { email: 'bob@example.com' } },
      { loose: 2, looseKey: 'bob@example.com', exact: 2, exactKey: 'bob@example.com', nearKey: 'bob@example.com' },
    ],
    ['only an all-space email', { type: 'identify', traits: { email: '   ' } }, { loose: -1, looseKey: -1, exact: 0, exactKey: '   ', nearKey: '' }],
  ])('%s', (_name, message, want) => {
    const { input, textOf } = extract(message);
    expect(input.looseEmailAt).toBe(want.loose);
    expect(textOf(input.looseEmailKey)).toBe(want.looseKey);
    expect(input.exactEmailAt).toBe(want.exact);
    expect(textOf(input.exactEmailKey())).toBe(want.exactKey);
    // asked twice: the same key
    expect(textOf(input.exactEmailKey())).toBe(want.exactKey);
    expect(textOf(input.nearEmailKey())).toBe(want.nearKey);
    expect(textOf(input.nearEmailKey())).toBe(want.nearKey);
  });

  it('the ids: userId (a number read as its text) and anonymousId, interned; absent or unusable as -1', () => {
    const a = extract({ type: 'track', userId: 42, anonymousId: 'anon-1' });
    expect(a.textOf(a.input.userIdKey)).toBe('42');
    expect(a.textOf(a.input.anonymousIdKey())).toBe('anon-1');
    expect(a.textOf(a.input.anonymousIdKey())).toBe('anon-1');
    expect(a.input.userId).toEqual({ state: 'text', value: '42', fromNumber: true });
    expect(a.input.anonymousId).toEqual({ state: 'text', value: 'anon-1' });
    const b = extract({ type: 'track', userId: '', anonymousId: -3 });
    expect(b.input.userIdKey).toBe(-1);
    expect(b.textOf(b.input.anonymousIdKey())).toBe('-3');
    expect(b.input.anonymousId).toEqual({ state: 'text', value: '-3', fromNumber: true });
    const c = extract({ type: 'track', userId: { id: 1 }, anonymousId: ['anon-1'] });
    expect([c.input.userIdKey, c.input.anonymousIdKey(), c.input.anonymousIdKey()]).toEqual([-1, -1, -1]);
    expect(c.input.userId).toEqual({ state: 'unusable', what: 'an object' });
    expect(c.input.anonymousId).toEqual({ state: 'unusable', what: 'a list' });
  });

  it('the three email reads, in order; a kept object or list is named, not kept, and shows as what it was', () => {
    const { input } = extract({ type: 'identify', traits: { email: { big: 'x'.repeat(1000) } }, context: { traits: { email: ['a'] } }, properties: { email: 'ada@example.com' } });
    expect(input.emails).toEqual([unusable('an object'), unusable('a list'), text('ada@example.com')]);
    expect([input.emailValue(0), input.emailValue(1), input.emailValue(2)].map((v) => JSON.stringify(v))).toEqual(['"(an object)"', '"(a list)"', '"ada@example.com"']);
    expect(JSON.stringify(input.traitsEmail)).toBe('"(an object)"');
  });

  it('primitives are kept as the message held them, null included', () => {
    const { input } = extract({ type: 'identify', userId: null, anonymousId: 7, traits: { email: false } });
    expect([input.userIdValue, input.anonymousIdValue, input.traitsEmail, input.contextTraitsEmail]).toStrictEqual([null, 7, false, undefined]);
    expect(input.userId).toEqual(unusable('null'));
  });

  it('messageId and type only as text; seq, receivedAt and origin as given', () => {
    const a = extract({ type: 'identify', messageId: 'mid-1' }, 'tracking').input;
    expect([a.messageId, a.type, a.seq, a.receivedAt, a.origin]).toEqual(['mid-1', 'identify', 7, '2026-01-01T00:00:00.000Z', 'tracking']);
    const b = extract({ type: 5, messageId: 12 } as unknown as JsonObject).input;
    expect([b.messageId, b.type, b.origin]).toEqual([undefined, undefined, 'webhook']);
  });

  it.each<[string, JsonObject, Record<string, unknown>]>([
    ['no traits', { type: 'track', userId: 'ada' }, {}],
    ['an identify: its traits, email and username left out', { type: 'identify', traits: { email: 'a@x', username: 'u', plan: 'pro', seats: 3 } }, { plan: 'pro', seats: 3 }],
    ['a track: its traits are not the user’s', { type: 'track', traits: { plan: 'pro' } }, {}],
    ['context.traits on any call', { type: 'page', context: { traits: { plan: 'team', email: 'a@x', username: 'u' } } }, { plan: 'team' }],
    ['an identify’s traits win over context.traits', { type: 'identify', traits: { plan: 'pro' }, context: { traits: { plan: 'team', company: 'Acme' } } }, { plan: 'pro', company: 'Acme' }],
    ['traits that are not objects are no traits', { type: 'identify', traits: ['plan'], context: { traits: 'x' } }, {}],
    ['a context that is a list has no traits', { type: 'identify', context: [{ traits: { plan: 'pro' } }] } as unknown as JsonObject, {}],
    ['null values are kept (a property set to null)', { type: 'identify', traits: { trial: null } }, { trial: null }],
  ])('user properties: %s', (_name, message, traits) => {
    expect(extract(message).input.traits).toStrictEqual(traits);
  });
});

describe('an email ignoring case and surrounding space', () => {
  it('is the text trimmed, in lower case, its accents composed (NFC), whatever the text', () => {
    const unit = fc.constantFrom('a', 'Z', ' ', '@', '.', 'e', '\u0301', 'É', '\u0415', '\u0435', '\u0308', 'Ё', '\u3000', '\u00a0', '\ud83d', '\ude00');
    fc.assert(fc.property(fc.oneof(fc.string({ unit }), fc.string({ unit: 'grapheme' })), (raw) => {
      expect(looseEmailKey(raw)).toBe(raw.trim().toLowerCase().normalize('NFC'));
    }));
  });

  it('composes a text with no ASCII character in it too', () => {
    // "ЁЛКА" typed decomposed (Е + U+0308): every code unit is past ASCII
    const decomposed = '\u0401\u041b\u041a\u0410'.normalize('NFD');
    expect(decomposed).toHaveLength(5);
    expect(looseEmailKey(decomposed)).toBe('\u0451\u043b\u043a\u0430');
    expect(looseEmailKey(' \u00c9\u0301 ')).toBe('\u00e9\u0301'.normalize('NFC'));
  });
});
