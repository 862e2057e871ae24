// The users import reads which CSV cells were quoted from each record's text (csv-parse's raw)
// instead of csv-parse's cast option, which built three info objects for every cell. Whatever the
// text (quotes, empty cells, blank lines, CRLF and lone CRs, bad quotes csv-parse refuses), the
// table must be the one the cast reading gives, rows, lines and errors alike, in one pass and in
// steps; and where csv-parse refuses nothing, the rows the reading before gave (users-import-reference:
// its lines were csv-parse's, where a record ends, a CRLF in a quoted cell counted twice).
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { castTable, parseUsersTable, parseUsersTableInSteps } from '../../../src-main/derived/users-import';
import { referenceParseCsv, referenceParseCsvInSteps } from './users-import-reference';

// The import falls back on the cast reading when a record's text does not give its cells back;
// counted here, so that the fast reading is seen to be the one at work on the files writers write.
// `spoilRaw` spoils the record texts the fast reading is given, to see the fallback at work.
const castReadings = vi.hoisted(() => ({ count: 0, spoilRaw: false }));
vi.mock('csv-parse', async (importOriginal) => {
  const original = await importOriginal<typeof import('csv-parse')>();
  type Push = (r: { raw?: string }) => void;
  type Api = { parse: (buf: unknown, end: boolean, push: Push, close: () => void) => unknown };
  class Parser extends original.Parser {
    constructor(options: { cast?: unknown }) {
      super(options as never);
      if (options?.cast) castReadings.count++;
      else if (castReadings.spoilRaw) {
        const api = (this as unknown as { api: Api }).api;
        const parse = api.parse.bind(api);
        api.parse = (buf, end, push, close) => parse(buf, end, (r) => push({ ...r, raw: '"spoilt"' }), close);
      }
    }
  }
  return { ...original, Parser };
});

/** CSV-ish text from the pieces that change how a cell is read. */
const csvText = fc
  .array(fc.constantFrom('a', 'b', 'id', 'x y', ' ', '"', '""', ',', ';', '\t', '\n', '\r\n', '\r', "'=1", 'é', '😀', ''), { maxLength: 60 })
  .map((parts) => parts.join(''));

/** A header then rows, each cell quoted or not, some empty: the files a writer produces. */
const tableText = fc
  .record({
    delimiter: fc.constantFrom(',', ';', '\t'),
    newline: fc.constantFrom('\n', '\r\n'),
    quoteHeader: fc.boolean(),
    rows: fc.array(fc.array(fc.record({ text: fc.constantFrom('', 'u1', 'a b', ' pad ', 'x"y', 'two\nlines', 'c,d', "'+1"), quoted: fc.boolean() }), { minLength: 1, maxLength: 4 }), { maxLength: 8 }),
    blankLines: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ delimiter, newline, quoteHeader, rows, blankLines, bom }) => {
    const cell = (text: string, quoted: boolean) => (quoted || /[",;\t\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
    const header = ['id', 'email', ' plan ', 'note'].slice(0, Math.max(1, rows[0]?.length ?? 2)).map((h) => cell(h, quoteHeader)).join(delimiter);
    const lines = [header, ...rows.map((r) => r.map((c) => cell(c.text, c.quoted)).join(delimiter))];
    return (bom ? '\uFEFF' : '') + lines.join(blankLines ? newline + newline : newline) + newline;
  });

/** Cast readings the import itself did (the reference's own are not counted). */
let importCastReadings = 0;

async function same(text: string): Promise<void> {
  const before = castReadings.count;
  const table = parseUsersTable(text);
  const stepped = await parseUsersTableInSteps(text, () => undefined);
  importCastReadings += castReadings.count - before;
  expect(table).toEqual(castTable(text));
  expect(stepped).toEqual(table);
  const reference = referenceParseCsv(text);
  expect(await referenceParseCsvInSteps(text, () => undefined)).toEqual(reference);
  if (reference.errors.length === 0) {
    expect(table.errors).toEqual([]);
    expect(table.columns).toEqual(reference.columns);
    expect(table.rows.map((r) => r.values)).toEqual(reference.rows.map((r) => r.values));
  }
}

describe('users import: quoted cells read from the record text', () => {
  it('gives the cast reading\'s table for writers\' files (quote-all, quoted empties, blank lines, BOM, CRLF)', async () => {
    const before = importCastReadings;
    await fc.assert(fc.asyncProperty(tableText, same), { numRuns: 400 });
    expect(importCastReadings - before).toBe(0);
  });

  it('gives the cast reading\'s table for any text, bad quotes and stray line ends too', async () => {
    // Texts starting with "[" or "{" are JSON; these never do.
    await fc.assert(fc.asyncProperty(csvText, same), { numRuns: 1500 });
  });

  it('the cases that shaped it', async () => {
    const before = importCastReadings;
    for (const text of [
      'id,email\n\n\n"u1",""\n',           // blank lines ahead of a record are in its text
      'a,b\r\n"c\nd",e\n\rf,g\r\n',        // CRLF file: a lone LF or CR is a cell's
      'a,b\n"x",\r\n"",y',                 // LF file: the CR is a cell's
      '"a";"b"\r\n"1";""\r\n"";""\r\n',    // quote-all: "" is no value, "";"" a blank row
      'id,note\nu1,""\nu2,\n',             // quoted empty text, empty cell
      'a,b\nx"y,1\n"q"z,2\n"ok",3\n"open,4\nlast,5', // csv-parse's refusals and what follows them
    ]) await same(text);
    expect(importCastReadings - before).toBe(0);
    // No text found so far makes the fast reading fall back (200,000 random ones tried); a record
    // text that does not give its cells back is read the slow way, to the same table.
    castReadings.spoilRaw = true;
    try {
      for (const text of ['id,note\nu1,""\nu2,\n', '"a";"b"\r\n"1";""\r\n', 'a,b\nx"y,1\n"ok",3\n']) {
        const count = castReadings.count;
        const table = parseUsersTable(text);
        expect(castReadings.count - count).toBeGreaterThan(0); // the fallback's (a parser for each stretch between bad rows)
        castReadings.spoilRaw = false;
        expect(table).toEqual(castTable(text));
        castReadings.spoilRaw = true;
      }
    } finally {
      castReadings.spoilRaw = false;
    }
  });
});

/** A cell's text: the pieces RFC 4180 quoting is about (quotes, separators, line ends), spaces, non-ASCII. */
const cellText = fc.array(fc.constantFrom('a', 'u1', ' ', '"', '""', ',', ';', '\t', '\n', '\r\n', '\r', 'é', '😀', 'x y'), { maxLength: 5 }).map((p) => p.join(''));

/**
 * A table written as RFC 4180 CSV, as writers do: a cell in quotes when it holds the separator, a
 * quote or a line end (its quotes written twice), and else quoted or not as the writer likes
 * ('needed': Excel, this app's export, which quotes an empty text as ""; 'all': PowerShell's
 * Export-Csv, Python's QUOTE_ALL; 'any': either, cell by cell). With what the import must read
 * back: each row's values and the line it starts on.
 */
const writtenTable = fc
  .record({
    width: fc.integer({ min: 1, max: 4 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    newline: fc.constantFrom('\n', '\r\n', '\r'),
    quoting: fc.constantFrom('needed', 'all', 'any'),
    quoteHeader: fc.boolean(),
    rows: fc.array(fc.array(fc.record({ text: cellText, quote: fc.boolean() }), { minLength: 4, maxLength: 4 }), { maxLength: 6 }),
    blankLinesAfter: fc.array(fc.nat(2), { minLength: 7, maxLength: 7 }),
    lastNewline: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ width, delimiter: d, newline, quoting, quoteHeader, rows, blankLinesAfter, lastNewline, bom }) => {
    // One column: no separator in the header, so the import reads it as comma-separated.
    const delimiter = width === 1 ? ',' : d;
    const must = (text: string) => text.includes(delimiter) || /["\r\n]/.test(text);
    const quoteOf = (text: string, quote: boolean) => must(text) || quoting === 'all' || (quoting === 'needed' ? text === '' : quote);
    const write = (text: string, quoted: boolean) => (quoted ? `"${text.replace(/"/g, '""')}"` : text);
    const columns = Array.from({ length: width }, (_, i) => `col ${i}`);
    const headerQuoted = quoting === 'all' || (quoting === 'any' && quoteHeader);
    const header = columns.map((c) => write(c, headerQuoted)).join(delimiter);
    let text = (bom ? '\uFEFF' : '') + header;
    let line = 1;
    const lineBreaks = (s: string) => s.split(/\r\n|\r|\n/).length - 1;
    const expected: { line: number; values: Record<string, string> }[] = [];
    const grid = rows.map((r) => r.slice(0, width).map((c) => ({ text: c.text, quoted: quoteOf(c.text, c.quote) })));
    // A file that quotes every cell, its header's too: "" is no value. Else a quoted "" is an empty
    // text, an empty cell no value.
    const everyQuoted = headerQuoted && grid.every((r) => r.every((c) => c.quoted));
    grid.forEach((cells, r) => {
      const ends = newline + newline.repeat(blankLinesAfter[r]);
      text += ends;
      line += lineBreaks(ends);
      const written = cells.map((c) => write(c.text, c.quoted)).join(delimiter);
      if (cells.some((c) => c.text !== '')) {
        const values: Record<string, string> = {};
        cells.forEach((c, i) => {
          if (c.text !== '' || (c.quoted && !everyQuoted)) values[columns[i]] = c.text;
        });
        expected.push({ line, values });
      }
      text += written;
      line += lineBreaks(written);
    });
    if (lastNewline) text += newline;
    return { text, columns, expected };
  });

describe('users import: any table written as RFC 4180 CSV reads back as written', () => {
  it('every cell, quoted or not, at the line its row starts on, read the fast way', async () => {
    const before = castReadings.count;
    await fc.assert(
      fc.asyncProperty(writtenTable, async ({ text, columns, expected }) => {
        for (const table of [parseUsersTable(text), await parseUsersTableInSteps(text, () => undefined)]) {
          expect(table.errors).toEqual([]);
          expect(table.columns).toEqual(columns);
          expect(table.rows).toEqual(expected);
        }
      }),
      { numRuns: 600 },
    );
    // Each record's text gave its cells back: the cast reading was never needed.
    expect(castReadings.count - before).toBe(0);
  });
});
