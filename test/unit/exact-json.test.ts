import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactNumber, exactText, holdsExactNumbers, isExactNumber, isJsonNumberLiteral, isLossyLiteral, sameNumber, textOf, markLossyNumbers, mayHoldLossyNumber, parseExact, stringifyExact, stringifyWithExactMessages, withExactMessage } from '../../src-shared/exact-json';

describe('exact JSON numbers', () => {
  it('keeps integers past 2^53 and long decimals as their text, and writes them back bare', () => {
    const text = '{"a":9007199254740993,"b":[-1234567890123456789,12,1.5],"c":{"d":0.12345678901234567891,"e":1.25e-7},"s":"9007199254740993","t":"x\\"9007199254740993"}';
    const v = parseExact(text) as Record<string, unknown>;
    expect(isExactNumber(v.a)).toBe(true);
    expect(exactText(v.a as string)).toBe('9007199254740993');
    expect(v.s).toBe('9007199254740993');
    expect((v.b as unknown[])[1]).not.toBe(-1234567890123456789);
    expect(stringifyExact(v)).toBe(text);
    expect(stringifyExact(v, 2)).toContain('"a": 9007199254740993,');
  });

  it('leaves numbers a double holds alone, and texts without a 16-digit run untouched', () => {
    for (const lit of ['9007199254740992', '1234567890123456', '0', '0.0', '0e400', '-0.5', '0.1', '123456789012345', '1e21', '1.5e300', '1e-300']) expect(isLossyLiteral(lit), lit).toBe(false);
    for (const lit of ['9007199254740993', '12345678901234567890', '0.12345678901234567', '1e400', '1e-400', '-0', '-0.0', '-0e5']) expect(isLossyLiteral(lit), lit).toBe(true);
    const plain = '{"n":1234567890123,"s":"abc"}';
    expect(mayHoldLossyNumber(plain)).toBe(false);
    expect(markLossyNumbers(plain)).toBe(plain);
    expect(markLossyNumbers('{"id":"12345678901234567890"}')).toBe('{"id":"12345678901234567890"}');
  });

  it('counts significant digits only: not a sign, leading zeros, a point or an exponent\'s digits', () => {
    for (const lit of ['-123456789012345', '12345678.9012345', '0.0000000000000012', '1e0000000000000001', '0.000000000000000']) expect(isLossyLiteral(lit), lit).toBe(false);
    for (const lit of ['1234567890123456e5', '-12345678.90123456', '1234567890123456.5E-3']) expect(isLossyLiteral(lit), lit).toBe(true);
  });

  it('keeps a subnormal as written: 9e-324 reads as 1e-323, 7e-324 as 5e-324', () => {
    for (const lit of ['9e-324', '7e-324', '-3e-320', '1.5e-310', '2e-308']) expect(isLossyLiteral(lit), lit).toBe(true);
    expect(isLossyLiteral('3e-308'), 'the smallest normal doubles hold it').toBe(false);
    const text = '{"tiny":9e-324,"small":7E-324,"neg":-3e-320}';
    expect(mayHoldLossyNumber(text)).toBe(true);
    expect(stringifyExact(parseExact(text))).toBe(text);
  });

  it('keeps short literals JSON.parse alters: out of range (Infinity, 0) and negative zero', () => {
    const cases: [string, string][] = [
      ['[1e400,1234567890123456789]', '[1e400,1234567890123456789]'],
      ['[1234567890123456789,"padding past sixteen",1e400]', '[1234567890123456789,"padding past sixteen",1e400]'],
      ['{"big":1e400,"neg":-0,"tiny":1e-400,"negz":-0.0,"huge":-2E+308}', '{"big":1e400,"neg":-0,"tiny":1e-400,"negz":-0.0,"huge":-2E+308}'],
      ['-0', '-0'],
      ['[ -0, 1e400 ]', '[-0,1e400]'],
      ['{"a":\n-0}', '{"a":-0}'],
    ];
    for (const [text, written] of cases) {
      expect(mayHoldLossyNumber(text), text).toBe(true);
      expect(stringifyExact(parseExact(text)), text).toBe(written);
    }
    expect(stringifyExact(parseExact('{"big":1e400,"neg":-0,"tiny":1e-400,"negz":-0.0}'))).toBe('{"big":1e400,"neg":-0,"tiny":1e-400,"negz":-0.0}');
    // what stays JSON.parse's: numbers it reads as written, and texts that only look like them
    for (const text of ['{"a":-0.5,"b":0,"c":1e300,"d":"2026-05-01"}', '{"s":"x -0 1e400"}']) expect(stringifyExact(parseExact(text)), text).toBe(JSON.stringify(JSON.parse(text)));
    expect(mayHoldLossyNumber('{"t":"2026-05-01T10:00:00.000Z","e":1e21,"id":"4e18-bc73"}')).toBe(false);
  });

  it('writes API entries with their messages read from messageJson, and without messageJson', () => {
    const messageJson = '{"userId":"u","properties":{"id":9007199254740993}}';
    const entries = [{ seq: 1, message: JSON.parse(messageJson) as unknown, messageJson }, { seq: 2, message: { userId: 'v', n: 9007199254740992 } }, { seq: 3, messageJson: 'not a message' }];
    expect(stringifyWithExactMessages({ entries })).toBe('{"entries":[{"seq":1,"message":{"userId":"u","properties":{"id":9007199254740993}}},{"seq":2,"message":{"userId":"v","n":9007199254740992}},{"seq":3,"messageJson":"not a message"}]}');
    expect(stringifyWithExactMessages([{ message: { a: 1 } }])).toBe('[{"message":{"a":1}}]');
    expect(withExactMessage(entries[1])).toBe(entries[1]);
  });

  it('finds a 16-digit run wherever it is (mayHoldLossyNumber against /\\d{16}/)', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let k = 0; k < 3000; k++) {
      let s = '';
      const len = rnd(80);
      for (let i = 0; i < len; i++) s += rnd(5) === 0 ? 'x' : String(rnd(10));
      expect(mayHoldLossyNumber(s), s).toBe(/\d{16}/.test(s));
    }
  });

  it('agrees with JSON.parse on everything but the altered numbers (escapes, duplicate keys)', () => {
    const text = '{"k":1,"k":18446744073709551615,"u":"\\u00e9\\\\","n":null}';
    const v = parseExact(text) as Record<string, unknown>;
    expect(exactText(v.k as string)).toBe('18446744073709551615');
    expect(v.u).toBe(JSON.parse(text).u);
    expect(stringifyExact(v)).toBe('{"k":18446744073709551615,"u":"é\\\\","n":null}');
  });

  it('never takes a string a client sent for a marker', () => {
    const v = parseExact('{"a":"\\u0000exact-zzzz:12345678901234567890"}') as Record<string, unknown>;
    expect(isExactNumber(v.a)).toBe(false);
    expect(stringifyExact(v)).toBe('{"a":"\\u0000exact-zzzz:12345678901234567890"}');
  });
});

describe('exact JSON numbers, property: a text of canonical parts round-trips byte for byte', () => {
  // Number literals as clients write them: doubles as JavaScript writes them, integers of 15 to
  // 22 digits (past 2^53 and not), decimals with many significant digits, exponents past the
  // double's range. JSON.stringify writes the first kind back the same; the others must come back
  // as sent, which a plain JSON.parse/JSON.stringify would not do.
  const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((ds) => ds.join(''));
  const literal = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
    fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 9 }), digits(14, 21)).map(([neg, first, rest]) => `${neg ? '-' : ''}${first}${rest}`),
    fc.tuple(fc.boolean(), digits(1, 3), digits(16, 20)).map(([neg, whole, frac]) => `${neg ? '-' : ''}${String(Number(whole))}.${frac}1`),
    fc.tuple(fc.integer({ min: 1, max: 9 }), digits(15, 15), fc.constantFrom('e', 'E', 'e+', 'E+'), fc.integer({ min: 309, max: 999 })).map(([m, rest, mark, e]) => `${m}${rest}${mark}${e}`),
    // short ones past the range either way (1e309 is Infinity, 1e-400 is 0), and negative zeros
    fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 9 }), fc.constantFrom('e', 'E', 'e+'), fc.integer({ min: 309, max: 999 })).map(([neg, m, mark, e]) => `${neg ? '-' : ''}${m}${mark}${e}`),
    fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 9 }), fc.constantFrom('e-', 'E-'), fc.integer({ min: 330, max: 999 })).map(([neg, m, mark, e]) => `${neg ? '-' : ''}${m}${mark}${e}`),
    fc.constantFrom('-0', '-0.0', '-0e5', '-0.000E-3'),
    // subnormals: a double holds fewer digits there, so a short literal may come back as another
    fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 9 }), digits(0, 3), fc.constantFrom('e-', 'E-'), fc.integer({ min: 309, max: 323 })).map(
      ([neg, m, rest, mark, e]) => `${neg ? '-' : ''}${m}${rest === '' ? '' : `.${rest}`}${mark}${e}`,
    ),
  );
  // Strings full of digits, quotes and backslashes: nothing inside a string is a number.
  const text = fc.string({ unit: fc.constantFrom('0', '1', '9', '"', '\\', 'e', '-', '.', 'x') });
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, literal, text.map((s) => JSON.stringify(s)), fc.constantFrom('true', 'false', 'null'), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 4 }).map((vs) => `[${(vs as string[]).join(',')}]`),
    object: fc.array(fc.tuple(text, tie('value')), { maxLength: 4 }).map((kvs) => {
      // (keys that read as array indexes are put first by any JavaScript object: none here)
      const unique = new Map((kvs as [string, string][]).map(([k, v]) => [`k${k}`, v]));
      return `{${[...unique].map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
    }),
  })).value as fc.Arbitrary<string>;

  /** The value with each kept number as the double its literal reads as. */
  const numbersOf = (v: unknown): unknown =>
    isExactNumber(v) ? Number(exactText(v)) : Array.isArray(v) ? v.map(numbersOf) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numbersOf(x)])) : v;

  it('stringifyExact(parseExact(text)) is the text, and the plain parse agrees on the rest', () => {
    fc.assert(
      fc.property(json, (t) => {
        expect(stringifyExact(parseExact(t))).toBe(t);
        // Everything but the kept numbers is JSON.parse's value, and a kept number is its literal's.
        expect(numbersOf(parseExact(t))).toEqual(JSON.parse(t));
        // the quick check never misses a text whose numbers JSON.parse alters
        if (stringifyExact(parseExact(t)) !== JSON.stringify(JSON.parse(t))) expect(mayHoldLossyNumber(t)).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('sameNumber compares digits, never doubles: a marker with a marker or a number, in any spelling of one number', () => {
    const m = (t: string) => exactNumber(t);
    expect(sameNumber(m('9007199254740993'), m('9007199254740993'))).toBe(true);
    expect(sameNumber(m('9007199254740993'), 9007199254740992)).toBe(false);
    expect(sameNumber(m('9007199254740993'), m('9007199254740992'))).toBe(false);
    expect(sameNumber(m('12345678901234567890'), m('1.234567890123456789e19'))).toBe(true);
    expect(sameNumber(m('12345678901234567890'), m('12345678901234567890.00'))).toBe(true);
    expect(sameNumber(m('-12345678901234567890'), m('12345678901234567890'))).toBe(false);
    expect(sameNumber(m('0.10000000000000000'), 0.1)).toBe(true);
    expect(sameNumber(m('1e400'), m('10e399'))).toBe(true);
    expect(sameNumber(m('0.00000000000000000'), 0)).toBe(true);
    expect(sameNumber(1e21, m('1000000000000000000000.0'))).toBe(true);
    expect(sameNumber(m('9007199254740993'), '9007199254740993')).toBe(false);
    expect(sameNumber(m('9007199254740993'), undefined)).toBe(false);
    expect(sameNumber(Infinity, m('1e400'))).toBe(false);
  });

  it('holdsExactNumbers, textOf and isJsonNumberLiteral', () => {
    expect(holdsExactNumbers({ a: [1, { b: exactNumber('9007199254740993') }] })).toBe(true);
    expect(holdsExactNumbers(exactNumber('9007199254740993'))).toBe(true);
    expect(holdsExactNumbers({ a: [1, '9007199254740993'] })).toBe(false);
    expect(holdsExactNumbers(null)).toBe(false);
    expect(textOf(exactNumber('-1e400'))).toBe('-1e400');
    expect(textOf(12)).toBe('12');
    expect(textOf(true)).toBe('true');
    for (const t of ['0', '-0', '12.5', '1e400', '-1.5E-7', '9007199254740993']) expect(isJsonNumberLiteral(t), t).toBe(true);
    for (const t of ['+1', '01', '.5', '1.', '0x1F', '.inf', '1_000', '', ' 1']) expect(isJsonNumberLiteral(t), t).toBe(false);
  });
});
