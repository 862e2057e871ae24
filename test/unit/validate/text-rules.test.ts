// U+FFFD in a message: each string or key holding it named by path, the same findings whether
// or not the caller passes the message's text (the guard that spares the walk must never hide one).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { ingestFindings, receiverFindings, validate } from '../../../src-shared/validate/validate';
import { mayHoldReplacementCharacter, REPLACEMENT_CHARACTER_RULE } from '../../../src-shared/validate/text-rules';

const ffd = (m: JsonObject, text?: string) => receiverFindings(m, text).filter((f) => f.rule === REPLACEMENT_CHARACTER_RULE);
const base = { type: 'track', userId: 'u1', event: 'Opened' };

describe('segment.text.replacement-character', () => {
  it('names the field, quotes its value and says what to do', () => {
    expect(ffd({ ...base, event: 'Caf\uFFFD opened' })).toEqual([
      {
        severity: 'warning',
        path: 'event',
        rule: REPLACEMENT_CHARACTER_RULE,
        message:
          'event ("Caf\uFFFD opened") holds U+FFFD (\uFFFD), the replacement character: a reader put it where the text\'s bytes were not UTF-8 (Windows-1252 text, say, or a character cut in two), and every destination will show it. Send the text encoded as UTF-8.',
        profile: 'segment',
      },
    ]);
  });

  it('finds it in nested objects, arrays and keys, and cuts a long value', () => {
    const long = `${'x'.repeat(70)}\uFFFD`;
    const found = ffd({ ...base, properties: { products: [{ name: 'ok' }, { name: 'M\uFFFDnchen' }], ['Gr\uFFFD\uFFFDe']: 1 }, context: { traits: { note: long } } });
    expect(found.map((f) => f.path)).toEqual(['properties.products[1].name', 'properties.Gr\uFFFD\uFFFDe', 'context.traits.note']);
    expect(found[1].message).toMatch(/^The key properties\.Gr\uFFFD\uFFFDe holds U\+FFFD/);
    expect(found[2].message).toContain(`("${'x'.repeat(60)}…")`);
  });

  it('names five, then counts the rest in one more finding', () => {
    const properties = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`p${i}`, `v\uFFFD${i}`]));
    const found = ffd({ ...base, properties });
    expect(found.map((f) => f.path)).toEqual(['properties.p0', 'properties.p1', 'properties.p2', 'properties.p3', 'properties.p4', '']);
    expect(found[5].message).toBe('3 more strings hold U+FFFD (\uFFFD) besides the 5 named.');
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`p${i}`, '\uFFFD']));
    expect(ffd({ ...base, properties: six }).at(-1)?.message).toBe('1 more string holds U+FFFD (\uFFFD) besides the 5 named.');
  });

  it('is a Segment warning, so it counts in the tally as a problem', () => {
    const all = ingestFindings({ ...base, event: '\uFFFD' });
    expect(all.filter((f) => f.rule === REPLACEMENT_CHARACTER_RULE).map((f) => [f.profile, f.severity])).toEqual([['segment', 'warning']]);
    expect(validate({ ...base, event: '\uFFFD' }, ['freshsuccess']).some((f) => f.rule === REPLACEMENT_CHARACTER_RULE)).toBe(false);
  });

  it('is quiet for text without U+FFFD, non-ASCII included', () => {
    expect(ffd({ ...base, event: 'Café ☕ 😀 \u00e9', properties: { a: ['ü'] } })).toEqual([]);
  });

  it('the text guard: a raw U+FFFD or its escape, in either case', () => {
    expect(mayHoldReplacementCharacter('{"event":"Opened"}')).toBe(false);
    expect(mayHoldReplacementCharacter('{"event":"\\u00e9"}')).toBe(false);
    expect(mayHoldReplacementCharacter('{"event":"a\uFFFD"}')).toBe(true);
    expect(mayHoldReplacementCharacter('{"event":"a\\ufffd"}')).toBe(true);
    expect(mayHoldReplacementCharacter('{"event":"a\\uFFFD"}')).toBe(true);
    expect(mayHoldReplacementCharacter('{"event":"a\\uFfFd"}')).toBe(true);
    expect(mayHoldReplacementCharacter('{"event":"a\\uFFFE"}')).toBe(false);
  });

  it('gives the same findings with the text as without, however the text is written', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('\uFFFD', 'a\uFFFDb', 'Café'));
    const message = fc.record({ event: text, properties: fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 })), { maxKeys: 4 }) });
    fc.assert(
      fc.property(message, (m) => {
        const full = { ...base, ...m } as JsonObject;
        const without = receiverFindings(full);
        // As sent by a client that writes characters, and by one (PHP, Python) that escapes all non-ASCII.
        const escaped = JSON.stringify(full).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        expect(receiverFindings(full, JSON.stringify(full))).toEqual(without);
        expect(receiverFindings(full, escaped)).toEqual(without);
        expect(receiverFindings(full, escaped.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) => `\\u${hex.toUpperCase()}`))).toEqual(without);
      }),
      { numRuns: 500 },
    );
  });
});
