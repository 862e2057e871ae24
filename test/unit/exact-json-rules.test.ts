// exact-json.ts rule by rule where its other tests go through whole messages: which ids make a
// message be read again from its text (holdsRoundedId), what sameNumber takes for a number, and
// what holdsExactNumbers takes for a value. Expected values are typed out here.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { exactNumber, holdsExactNumbers, holdsRoundedId, isLossyLiteral, parseExact, sameNumber } from '../../src-shared/exact-json';

const ROUNDED = 9007199254740993; // JSON.parse gives 9007199254740992: past 2^53, not a safe integer

describe('holdsRoundedId: an id JSON.parse may have rounded', () => {
  it.each(['userId', 'anonymousId', 'groupId', 'previousId'])('%s alone, past 2^53', (key) => {
    expect(holdsRoundedId({ type: 'track', [key]: ROUNDED })).toBe(true);
    expect(holdsRoundedId(parseExact(`{"type":"track","${key}":1}`) as Record<string, unknown>)).toBe(false);
  });

  it('context.groupId (a track\'s account) too', () => {
    expect(holdsRoundedId({ type: 'track', userId: 'u', context: { groupId: ROUNDED } })).toBe(true);
    expect(holdsRoundedId({ type: 'track', userId: 'u', context: { groupId: 42 } })).toBe(false);
    expect(holdsRoundedId({ type: 'track', userId: 'u', context: { groupId: 'acct' } })).toBe(false);
  });

  it('a message without such an id: none, strings, safe integers, a context that is null or missing', () => {
    expect(holdsRoundedId({ type: 'track' })).toBe(false);
    expect(holdsRoundedId({ type: 'track', userId: 'u1', anonymousId: 'a1', groupId: 'g1', previousId: 'p1' })).toBe(false);
    expect(holdsRoundedId({ type: 'track', userId: 42, anonymousId: 9007199254740991, groupId: -9007199254740991, previousId: 0 })).toBe(false);
    expect(holdsRoundedId({ type: 'track', userId: 'u', context: null })).toBe(false);
    expect(holdsRoundedId({ type: 'track', userId: null, anonymousId: true, groupId: { id: ROUNDED }, previousId: [ROUNDED] })).toBe(false);
    // Ids elsewhere are not looked at: the properties are not ids.
    expect(holdsRoundedId({ type: 'track', userId: 'u', properties: { userId: ROUNDED } })).toBe(false);
  });

  it('a number that is not a safe integer: past 2^53 either way, or not an integer', () => {
    expect(holdsRoundedId({ userId: -ROUNDED })).toBe(true);
    expect(holdsRoundedId({ userId: 2 ** 53 })).toBe(true);
    expect(holdsRoundedId({ userId: 1.5 })).toBe(true);
  });
});

describe('sameNumber: only number literals are numbers', () => {
  it('a marker whose text is not a number literal is no number, not even the same as itself', () => {
    expect(sameNumber(exactNumber('abc'), exactNumber('abc'))).toBe(false);
    expect(sameNumber(exactNumber(''), exactNumber(''))).toBe(false);
    expect(sameNumber(exactNumber('x5'), 5)).toBe(false);
    expect(sameNumber(exactNumber('5x'), 5)).toBe(false);
    expect(sameNumber(5, exactNumber('5 '))).toBe(false);
    expect(sameNumber(exactNumber('5'), 5)).toBe(true);
  });

  it('NaN and the infinities are no numbers either', () => {
    expect(sameNumber(NaN, NaN)).toBe(false);
    expect(sameNumber(Infinity, Infinity)).toBe(false);
    expect(sameNumber(-Infinity, exactNumber('-Infinity'))).toBe(false);
  });
});

describe('holdsExactNumbers: a marker, or an object or array holding one', () => {
  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a number', 9007199254740992],
    ['a string', '9007199254740993'],
    ['a boolean', true],
    ['an empty object', {}],
  ])('%s holds none', (_name, v) => {
    expect(holdsExactNumbers(v)).toBe(false);
  });
});

describe('an exponent written E reads as one written e', () => {
  // The exponent's digits are not significant ones: 15 digits times a power of ten parse exactly.
  it('15 significant digits with an E exponent are kept as the number, not as its text', () => {
    expect(isLossyLiteral('123456789012345E1')).toBe(false);
    expect(isLossyLiteral('1E0000000000000001')).toBe(false);
    // beside a 16-digit run elsewhere in the text (which makes the text be scanned)
    expect(parseExact('{"s":"1234567890123456","a":123456789012345E1,"b":-1E+0000000000000002}')).toEqual({ s: '1234567890123456', a: 1234567890123450, b: -100 });
  });

  it('gives the same answer as e, for any mantissa and exponent', () => {
    const mantissa = fc.tuple(fc.constantFrom('', '-'), fc.stringMatching(/^[1-9][0-9]{0,20}(\.[0-9]{1,20})?$/)).map(([sign, m]) => sign + m);
    const exponent = fc.tuple(fc.constantFrom('', '+', '-'), fc.stringMatching(/^[0-9]{1,20}$/)).map(([sign, e]) => sign + e);
    fc.assert(fc.property(mantissa, exponent, (m, e) => {
      expect(isLossyLiteral(`${m}E${e}`)).toBe(isLossyLiteral(`${m}e${e}`));
    }));
  });
});
