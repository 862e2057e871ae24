// Damaged text in a message, U+FFFD and text encoded twice: each string or key named by path, the
// same findings whether or not the caller passes the message's text (the guard that spares the
// walk must never hide one).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { ingestFindings, receiverFindings, validate } from '../../../src-shared/validate/validate';
import { DOUBLE_ENCODED_RULE, mayHoldDamagedText, REPLACEMENT_CHARACTER_RULE } from '../../../src-shared/validate/text-rules';

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

  it('names exactly five with no count after them; quotes a value of 60 characters whole, cuts one of 61', () => {
    const five = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`p${i}`, `v\uFFFD${i}`]));
    expect(ffd({ ...base, properties: five }).map((f) => f.path)).toEqual(['properties.p0', 'properties.p1', 'properties.p2', 'properties.p3', 'properties.p4']);
    const sixty = `${'y'.repeat(59)}\uFFFD`;
    expect(ffd({ ...base, event: sixty })[0].message).toMatch(new RegExp(`^event \\("${'y'.repeat(59)}\uFFFD"\\) holds`));
    expect(ffd({ ...base, event: `z${sixty}` })[0].message).toMatch(new RegExp(`^event \\("z${'y'.repeat(59)}…"\\) holds`));
  });

  it('the rule ids, as findings name them and filters and exports match them', () => {
    expect(ffd({ ...base, event: '\uFFFD' }).map((f) => f.rule)).toEqual(['segment.text.replacement-character']);
    expect(receiverFindings({ ...base, event: 'CafÃ©' }).filter((f) => f.rule === 'segment.text.double-encoded')).toHaveLength(1);
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
    expect(mayHoldDamagedText('{"event":"Opened"}')).toBe(false);
    expect(mayHoldDamagedText('{"event":"\\u00e9"}')).toBe(false);
    expect(mayHoldDamagedText('{"event":"a\uFFFD"}')).toBe(true);
    expect(mayHoldDamagedText('{"event":"a\\ufffd"}')).toBe(true);
    expect(mayHoldDamagedText('{"event":"a\\uFFFD"}')).toBe(true);
    expect(mayHoldDamagedText('{"event":"a\\uFfFd"}')).toBe(true);
    expect(mayHoldDamagedText('{"event":"a\\uFFFE"}')).toBe(false);
    for (const lead of ['\u00C3', '\u00C2', '\u00E2', '\u00D0', '\u00D1', '\\u00c3', '\\u00C2', '\\u00e2', '\\u00d0', '\\u00D1']) expect(mayHoldDamagedText(`{"event":"Caf${lead}"}`), lead).toBe(true);
    expect(mayHoldDamagedText('{"event":"Caf\\u00e9 \u00e9"}')).toBe(false);
  });

  it('gives the same findings with the text as without, however the text is written', () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('a', 'Ã', '©', 'â', '€', '™', 'Â', '\u0081', 'é') }), fc.constantFrom('\uFFFD', 'a\uFFFDb', 'Café', 'CafÃ©', 'itâ€™s'));
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

describe('segment.text.double-encoded', () => {
  const doubled = (m: JsonObject) => receiverFindings(m).filter((f) => f.rule === DOUBLE_ENCODED_RULE);

  it('says what the text was, at its path', () => {
    expect(doubled({ ...base, event: 'CafÃ© opened' })).toEqual([
      {
        severity: 'warning',
        path: 'event',
        rule: DOUBLE_ENCODED_RULE,
        message:
          'event ("CafÃ© opened") looks encoded twice: its UTF-8 bytes were read as Windows-1252 (or Latin-1) and encoded again, and every destination will show it so. It was "Café opened": encode the text once.',
        profile: 'segment',
      },
    ]);
  });

  it('smart quotes, dashes and the euro sign (E2 leads), symbols (C2), keys and arrays', () => {
    const found = doubled({ ...base, properties: { note: 'itâ€™s â‚¬5 â€” ok', tags: ['ok', 'Â© 2026'], ['PreÃ§o']: 3 } });
    expect(found.map((f) => [f.path, f.message.match(/It was (".*?"): /)?.[1]])).toEqual([
      ['properties.note', '"it’s €5 — ok"'],
      ['properties.tags[1]', '"© 2026"'],
      ['properties.PreÃ§o', '"Preço"'],
    ]);
    expect(found[2].message).toMatch(/^The key properties\.PreÃ§o looks encoded twice/);
  });

  it('is quiet for real text that merely holds those letters', () => {
    // â in French, Ã in Portuguese capitals, Â in a word: no UTF-8 hides behind them.
    expect(doubled({ ...base, event: 'pâte à crêpes', properties: { city: 'SÃO PAULO', word: 'CHÂTEAU', plain: 'Café' } })).toEqual([]);
  });

  it('Cyrillic encoded twice (behind Ð, Ñ) is found, with the text or without; Greek (behind Î, Ï) is not looked for', () => {
    const m = { ...base, event: 'ÐŸÑ€Ð¸Ð²ÐµÑ‚', properties: { name: 'Ã©ÐŸ', word: 'España', greek: 'Î±Î²Î³' } };
    expect(doubled(m).map((f) => [f.path, f.message.match(/It was (".*?"): /)?.[1]])).toEqual([
      ['event', '"Привет"'],
      ['properties.name', '"éП"'],
    ]);
    expect(receiverFindings(m)).toEqual(receiverFindings(m, JSON.stringify(m)));
    // Spanish Ñ and Icelandic Ð are letters too: no UTF-8 hides behind them.
    expect(doubled({ ...base, event: 'ESPAÑA', properties: { name: 'Ðóra' } })).toEqual([]);
  });

  it('names exactly five with no count after them', () => {
    const five = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`p${i}`, `CafÃ© ${i}`]));
    expect(doubled({ ...base, properties: five }).map((f) => f.path)).toEqual(['properties.p0', 'properties.p1', 'properties.p2', 'properties.p3', 'properties.p4']);
  });

  it('a string with U+FFFD is reported as that, not as encoded twice', () => {
    const all = receiverFindings({ ...base, event: 'CafÃ© \uFFFD' });
    expect(all.filter((f) => f.rule === DOUBLE_ENCODED_RULE)).toEqual([]);
    expect(all.filter((f) => f.rule === REPLACEMENT_CHARACTER_RULE).map((f) => f.path)).toEqual(['event']);
  });

  it('names five, then counts the rest', () => {
    const properties = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`p${i}`, `CafÃ© ${i}`]));
    const found = doubled({ ...base, properties });
    expect(found.map((f) => f.path)).toEqual(['properties.p0', 'properties.p1', 'properties.p2', 'properties.p3', 'properties.p4', '']);
    expect(found[5].message).toBe('2 more strings look encoded twice besides the 5 named.');
    const six = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`p${i}`, 'Ã©']));
    expect(doubled({ ...base, properties: six }).at(-1)?.message).toBe('1 more string looks encoded twice besides the 5 named.');
  });
});
