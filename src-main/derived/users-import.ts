// A customer's users from CSV (header row) or a JSON array of objects -> starting-directory users.
// Columns are mapped to id / username / email / a property / ignored; a bad row is reported by its
// line (CSV) or item number (JSON) with the reason, and the good rows are kept.
import { plural } from '../../src-shared/plural';
import { maxNestingDepth } from '../../src-shared/tracking-api/batch-scan';
import { MAX_NESTING_DEPTH, tooDeepMessage } from '../../src-shared/tracking-api/limits';
import { Parser, type Options as CsvOptions } from 'csv-parse';
import type { ColumnTarget, UsersImportPreview } from '../../src-shared/api';
import { looseEmailKey, ownProperty, setProperty } from '../../src-shared/matching/extract';
import { csvDelimiterOf, restoreDefused } from '../../src-shared/spreadsheet-cell';
import type { StartingUser } from '../../src-shared/matching/types';
import { CSV_PROPERTY_PREFIX, suggestMapping } from '../../src-shared/matching/columns';
import { columnsReadAsText } from '../../src-shared/matching/csv-text-columns';
import { jsonSyntaxWhere, locateJsonError } from '../../src-shared/tracking-api/json-error';
import { exactText, isExactNumber, mayHoldLossyNumber, parseExact, stringifyExact } from '../../src-shared/exact-json';
export { CSV_PROPERTY_PREFIX, EXPORT_ONLY, suggestMapping } from '../../src-shared/matching/columns';

export interface ParsedTable {
  format: 'csv' | 'json';
  columns: string[];
  /** Each row with the line it ends on (CSV) or its item number (JSON). */
  rows: { line: number; values: Record<string, unknown> }[];
  errors: { line: number; message: string }[];
  /** CSV: the header row's line and text (headerOnlyFault names it). */
  header?: { line: number; text: string };
}

const PREVIEW_ROWS = 5;

export function detectFormat(text: string): 'csv' | 'json' {
  const first = text.trimStart()[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

function parseJson(text: string): ParsedTable {
  let data: unknown;
  // A byte-order mark (Notepad, PowerShell's Out-File write one) is no part of the JSON: JSON.parse
  // refused it as an 'Unexpected token', where a CSV file with one was read (csv-parse's bom option).
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    data = JSON.parse(json);
    // A number JSON.parse alters (an id past 2^53, a Java Long: 9007199254740993 read as …992) is
    // kept as its text: an id, username or email takes the digits sent, and a property keeps them
    // (the starting directory holds them as such, users.json writes them back as sent).
    if (mayHoldLossyNumber(json)) data = parseExact(json);
  } catch (e) {
    // The file's line of the fault, and its column (it was line 1 and JSON.parse's position in the whole file).
    return { format: 'json', columns: [], rows: [], errors: [{ line: locateJsonError(json)?.line ?? 1, message: `not valid JSON ${jsonSyntaxWhere(json, e, false)}` }] };
  }
  // Any depth parses; the rows are written and compared recursively ("Maximum call stack size exceeded", a 500).
  const depth = maxNestingDepth(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (depth > MAX_NESTING_DEPTH) return { format: 'json', columns: [], rows: [], errors: [{ line: 1, message: tooDeepMessage(depth, 'the JSON') }] };
  if (!Array.isArray(data)) return { format: 'json', columns: [], rows: [], errors: [{ line: 1, message: 'JSON users must be an array of objects, one per user' }] };
  const columns = new Set<string>();
  const rows: ParsedTable['rows'] = [];
  const errors: ParsedTable['errors'] = [];
  data.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push({ line: i + 1, message: `item ${i + 1} is ${Array.isArray(item) ? 'a list' : item === null ? 'null' : `a ${typeof item}`}, not an object` });
      return;
    }
    for (const k of Object.keys(item)) columns.add(k);
    rows.push({ line: i + 1, values: item as Record<string, unknown> });
  });
  return { format: 'json', columns: [...columns], rows, errors };
}

/**
 * A record as the reading gives it: its cells, the line it starts on, and its text (csv-parse's raw),
 * from which quotedCells reads which cells were quoted; `quoted` once read (or given by the cast reading).
 */
type CsvRecord = { line: number; raw: string; record: string[]; quoted?: boolean[] };
/** A record as csv-parse pushes it (info: true, raw: true): `info.bytes` is where the next one starts. */
type CsvParsed = { info: { bytes: number }; raw: string; record: (string | { q: string })[] };
/** What csv-parse's error says of where it stopped: the cell it was reading (its index in the record). */
type CsvFault = Error & { code?: string; column?: number | string | null };
/**
 * csv-parse's parser without its stream: `parse` reads one piece (a Buffer) and pushes the records
 * it completes, or returns the error it stopped at. The stream Parser keeps it as `api`.
 */
interface CsvApi {
  parse(buf: Buffer | undefined, end: boolean, push: (r: CsvParsed) => void, close: () => void): CsvFault | undefined;
  options: { record_delimiter: Buffer[] };
}

/**
 * `delimiter`: the header row's (csvDelimiterOf): semicolons and tabs were read as one column.
 * `recordDelimiter`: once known, given to a reading that resumes after a bad record (see CsvReader).
 */
function csvOptions(delimiter: string, recordDelimiter?: string): CsvOptions {
  return {
    delimiter,
    info: true,
    raw: true,
    bom: recordDelimiter === undefined,
    relax_column_count: true,
    skip_empty_lines: true,
    ...(recordDelimiter ? { record_delimiter: recordDelimiter } : {}),
  };
}

/**
 * The options of the fallback reading, which asks csv-parse to mark each quoted cell (`{ q: text }`)
 * through its cast option. That builds three info objects for every cell (3.6 s of a 100,000-user
 * import's 4 s), so it is used only when a record's text does not give its cells back (see
 * quotedCells), which no file of this project's tests does.
 */
function castOptions(delimiter: string, recordDelimiter?: string): CsvOptions {
  return {
    ...csvOptions(delimiter, recordDelimiter),
    cast: (value: string, context: { quoting: boolean }) => (context.quoting ? { q: value } : value),
  };
}

function csvApi(options: CsvOptions): CsvApi {
  const api = (new Parser(options) as unknown as { api?: CsvApi }).api;
  if (typeof api?.parse !== 'function') throw new Error("csv-parse's Parser no longer has its parser as `api`: the users import reads through it (see CsvReader)");
  return api;
}

/** Line breaks in a record's text as an editor counts them: CRLF, a lone LF, a lone CR, each one. */
function lineBreaks(raw: string): number {
  let n = 0;
  for (let i = raw.indexOf('\n'); i >= 0; i = raw.indexOf('\n', i + 1)) n++;
  for (let i = raw.indexOf('\r'); i >= 0; i = raw.indexOf('\r', i + 1)) if (raw.charCodeAt(i + 1) !== 10) n++;
  return n;
}

/** The same, between two places of the whole text (looking no further: it is done for each bad record). */
function lineBreaksBetween(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && !(i + 1 < to && text.charCodeAt(i + 1) === 10))) n++;
  }
  return n;
}

/** The line breaks a record's text starts with (the blank lines csv-parse skipped ahead of it). */
function leadingBreaks(raw: string): number {
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 13) n++;
    else if (c === 10) {
      if (i === 0 || raw.charCodeAt(i - 1) !== 13) n++;
    } else break;
  }
  return n;
}

/** Characters of CSV handed to the parser per step; progress is reported between steps. */
const CSV_STEP = 256 * 1024;
/** The first piece after a bad record: the rest of the piece read before it is read again, so small. */
const CSV_STEP_AFTER_FAULT = 4 * 1024;
const SNIPPET = 40;

/**
 * A CSV text read record by record through csv-parse, in pieces, with each record's line (where it
 * starts, as an editor numbers lines: csv-parse counted a CRLF inside a quoted cell as two, and gave
 * the line a record ends on). A record csv-parse refuses (a stray quote, a quote never closed) is
 * named by its line in plain words and skipped to the end of the line where the fault is; the
 * reading resumes there, so every good record after it is read too (csv-parse, told to skip it,
 * read on inside the quote: every later row was lost). A fault in the header ends the reading.
 */
class CsvReader {
  readonly records: CsvRecord[] = [];
  readonly errors: ParsedTable['errors'] = [];
  /** How far the text has been handed to the parser (characters). */
  fed = 0;
  private done = false;
  private api!: CsvApi;
  /** Where the current reading (segment) starts, and the pieces handed to it: [char start, byte start]. */
  private segmentStart = 0;
  private pieces: [number, number][] = [];
  private bytesFed = 0;
  /** The line the next record's text starts on, and (bytes into the segment) where that text starts. */
  private line = 1;
  private nextBytes = 0;
  private step = CSV_STEP;
  /** The header's names, for naming a bad cell by its column. */
  private columns: string[] | undefined;
  private readonly push = (r: CsvParsed): void => {
    const raw = r.raw;
    const record = this.cast ? r.record.map((c) => (typeof c === 'string' ? c : c.q)) : (r.record as string[]);
    const read: CsvRecord = { line: this.line + leadingBreaks(raw), raw, record };
    if (this.cast) read.quoted = r.record.map((c) => typeof c !== 'string');
    this.line += lineBreaks(raw);
    this.nextBytes = r.info.bytes;
    this.records.push(read);
  };

  constructor(
    private readonly text: string,
    private readonly delimiter: string,
    private readonly cast = false,
  ) {
    this.begin(0, undefined);
  }

  private begin(at: number, recordDelimiter: string | undefined): void {
    this.api = csvApi(this.cast ? castOptions(this.delimiter, recordDelimiter) : csvOptions(this.delimiter, recordDelimiter));
    this.segmentStart = at;
    this.fed = at;
    this.pieces = [];
    this.bytesFed = 0;
    this.nextBytes = 0;
  }

  /** Reads one more piece; true once the whole text is read. */
  readStep(): boolean {
    if (this.done) return true;
    const text = this.text;
    if (this.fed >= text.length) {
      const fault = this.api.parse(undefined, true, this.push, () => undefined);
      if (fault) this.onFault(fault);
      else this.done = true;
      return this.done;
    }
    let to = Math.min(text.length, this.fed + this.step);
    // Never cut a UTF-16 surrogate pair in two: the parser reads each piece as UTF-8.
    const last = text.charCodeAt(to - 1);
    if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
    const buf = Buffer.from(text.slice(this.fed, to));
    this.pieces.push([this.fed, this.bytesFed]);
    this.bytesFed += buf.length;
    this.fed = to;
    this.step = Math.min(CSV_STEP, this.step * 2);
    const fault = this.api.parse(buf, false, this.push, () => undefined);
    if (fault) this.onFault(fault);
    return this.done;
  }

  /** The character offset of a byte offset into the current segment (a record's start: never inside a character). */
  private charAt(bytes: number): number {
    let i = this.pieces.length - 1;
    while (i > 0 && this.pieces[i][1] > bytes) i--;
    const [chars, start] = this.pieces[i] ?? [this.segmentStart, 0];
    if (bytes === start) return chars;
    const piece = this.text.slice(chars, i + 1 < this.pieces.length ? this.pieces[i + 1][0] : this.fed);
    return chars + Buffer.from(piece).subarray(0, bytes - start).toString().length;
  }

  private onFault(fault: CsvFault): void {
    const text = this.text;
    const rd = this.api.options.record_delimiter[0]?.toString();
    let at = this.charAt(this.nextBytes);
    if (at === 0 && text.charCodeAt(0) === 0xfeff) at = 1;
    // The blank lines csv-parse skipped ahead of the record.
    let line = this.line;
    if (rd) {
      while (text.startsWith(rd, at)) {
        at += rd.length;
        line++;
      }
    }
    const index = typeof fault.column === 'number' ? fault.column : -1;
    const cellAt = index >= 0 ? cellStart(text, at, index, this.delimiter) : at;
    // Where the fault is: the character after the closing quote, the quote inside unquoted text,
    // or the quote that opens a cell never closed.
    let faultAt = cellAt;
    let problem: string;
    if (fault.code === 'CSV_INVALID_CLOSING_QUOTE') {
      faultAt = closingQuote(text, cellAt) + 1;
      problem = 'has text after its closing quote (a quote inside a quoted cell is written twice, as "")';
    } else if (fault.code === 'INVALID_OPENING_QUOTE') {
      const q = text.indexOf('"', cellAt);
      if (q >= 0) faultAt = q;
      problem = 'holds a quote but is not in quotes (such a cell is put in quotes, its own quotes written twice)';
    } else if (fault.code === 'CSV_QUOTE_NOT_CLOSED') {
      problem = 'opens a quote that is never closed';
    } else problem = `could not be read (${fault.message})`;
    // The cell as written ends the message: nothing after it to be taken for part of it.
    const written = index >= 0 ? `: ${snippet(text, cellAt, faultAt, this.delimiter)}` : '';
    const faultLine = line + lineBreaksBetween(text, at, faultAt);
    const header = this.records.length === 0;
    const columns = header ? undefined : (this.columns ??= this.records[0].record.map((c) => restoreDefused(c.trim())));
    const cell = index < 0 ? 'a cell' : `cell ${index + 1}${columns?.[index] ? ` ("${columns[index]}")` : ''}`;
    if (header) {
      // The header names the columns: nothing can be read without it.
      this.errors.push({ line, message: `the header row cannot be read, so nothing was imported; fix it, then import again: its ${cell}${faultLine !== line ? ` (on line ${faultLine})` : ''} ${problem}${written}` });
      this.done = true;
      return;
    }
    // The bad record runs to the end of the line the fault is on; the reading resumes after it.
    let resume = text.length;
    if (rd) {
      const end = text.indexOf(rd, faultAt);
      if (end >= 0) resume = end + rd.length;
    }
    const span = faultLine !== line ? ` (on line ${faultLine}; lines ${line}–${faultLine} are skipped)` : '';
    this.errors.push({ line, message: `${cell}${span} ${problem}${written}` });
    this.line = faultLine + lineBreaksBetween(text, faultAt, resume);
    this.step = CSV_STEP_AFTER_FAULT;
    this.begin(resume, rd);
  }
}

/** Where a record's cell starts: the cells before it are ones csv-parse read (quoted, or up to a delimiter). */
function cellStart(text: string, at: number, index: number, delimiter: string): number {
  for (let c = 0; c < index; c++) {
    if (text.charCodeAt(at) === QUOTE) at = closingQuote(text, at) + 1;
    else {
      const d = text.indexOf(delimiter, at);
      if (d < 0) return at;
      at = d;
    }
    at += delimiter.length;
  }
  return at;
}

/** A quoted cell's closing quote (its first quote not doubled), or the text's end. */
function closingQuote(text: string, open: number): number {
  for (let q = open + 1; ; q += 2) {
    q = text.indexOf('"', q);
    if (q < 0) return text.length;
    if (text.charCodeAt(q + 1) !== QUOTE) return q;
  }
}

/** A cell as written, from its start (or the start of the line the fault is on) to its end on that line, shortened. */
function snippet(text: string, cellAt: number, faultAt: number, delimiter: string): string {
  let from = faultAt;
  while (from > cellAt && text[from - 1] !== '\n' && text[from - 1] !== '\r') from--;
  let to = faultAt;
  while (to < text.length && to - from <= SNIPPET) {
    const c = text[to];
    if (c === '\n' || c === '\r' || (c === delimiter && to > faultAt)) break;
    to++;
  }
  const cut = to - from > SNIPPET;
  return `${from > cellAt ? '…' : ''}${text.slice(from, cut ? from + SNIPPET : to)}${cut ? '…' : ''}`;
}

const QUOTE = 34;

/**
 * Which cells of a record csv-parse accepted were quoted, read from its text: a cell was quoted when
 * its text starts with a quote (csv-parse refuses a quote anywhere else in a cell). The text is
 * split again and each cell compared with csv-parse's; undefined when they differ, and the caller
 * then reads the file the slow way. A record's text holds the blank lines skipped ahead of it, and
 * its line end (or part of one): both are allowed for.
 */
function quotedCells(raw: string, cells: readonly string[], delimiter: string): boolean[] | undefined {
  // The record's own text starts after the blank lines' ends, which a cell may start with too (a lone
  // CR in a CRLF file): each start is tried, the cells compared.
  for (let from = 0; ; from++) {
    const found = splitQuoted(raw, from, cells, delimiter);
    if (found) return found;
    if (raw[from] !== '\n' && raw[from] !== '\r') return undefined;
  }
}

/** A line end, or the part of one a record's text keeps. */
const lineEndOnly = (text: string): boolean => text === '' || text === '\n' || text === '\r' || text === '\r\n';

function splitQuoted(raw: string, from: number, cells: readonly string[], delimiter: string): boolean[] | undefined {
  const quoted: boolean[] = new Array(cells.length);
  let i = from;
  for (let c = 0; c < cells.length; c++) {
    const last = c === cells.length - 1;
    if (raw.charCodeAt(i) === QUOTE) {
      // "…" with "" for a quote inside.
      let value = '';
      let start = i + 1;
      let end: number;
      for (;;) {
        const q = raw.indexOf('"', start);
        if (q < 0) return undefined;
        if (raw.charCodeAt(q + 1) === QUOTE) {
          value += raw.slice(start, q + 1);
          start = q + 2;
          continue;
        }
        value += raw.slice(start, q);
        end = q + 1;
        break;
      }
      if (value !== cells[c]) return undefined;
      if (last) {
        if (!lineEndOnly(raw.slice(end))) return undefined;
      } else {
        if (raw[end] !== delimiter) return undefined;
        i = end + 1;
      }
      quoted[c] = true;
    } else {
      const stop = last ? raw.length : raw.indexOf(delimiter, i);
      if (stop < 0) return undefined;
      const text = raw.slice(i, stop);
      if (text.includes('"')) return undefined;
      if (text !== cells[c] && !(last && text.startsWith(cells[c]) && lineEndOnly(text.slice(cells[c].length)))) return undefined;
      quoted[c] = false;
      i = stop + 1;
    }
  }
  return quoted;
}

/** A header that names a column twice (columns without a name aside: a trailing comma), in words, or undefined. */
export function repeatedColumn(columns: string[]): string | undefined {
  const first = new Map<string, number>();
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    if (c === '') continue;
    const at = first.get(c);
    if (at === undefined) first.set(c, i);
    else return `the header names column "${c}" twice (columns ${at + 1} and ${i + 1}); rename one (each row's cells would be read into one field), then import again`;
  }
  return undefined;
}

/**
 * csv-parse's records (header first) -> the table; rows whose field count differs are named.
 * Undefined when a record's quoting cannot be read from its text (see quotedCells).
 */
function tableFromRecords(records: CsvRecord[], errors: ParsedTable['errors'], delimiter: string): ParsedTable | undefined {
  if (records.length === 0) return { format: 'csv', columns: [], rows: [], errors: errors.length ? errors : [{ line: 1, message: 'no header row: the first line must name the columns' }] };
  const quotedOf = (r: CsvRecord): boolean[] | undefined => (r.quoted ??= quotedCells(r.raw ?? '', r.record, delimiter));
  const headerQuoted = quotedOf(records[0]);
  if (!headerQuoted) return undefined;
  // A cell the export put behind an apostrophe (a formula to a spreadsheet) is read as it was. An
  // unquoted header is trimmed (a CRM's "Email "); a quoted one is the name as written.
  const columns = records[0].record.map((c, i) => restoreDefused(headerQuoted[i] ? c : c.trim()));
  const header = { line: records[0].line, text: (records[0].raw ?? '').trim() };
  // Two columns of one name would be one field of each row, the later cell over the earlier: the
  // preview showed the later value under both, and an import mapped neither to email (or id).
  const twice = repeatedColumn(columns);
  if (twice) return { format: 'csv', columns, rows: [], errors: [{ line: records[0].line, message: twice }, ...errors], header };
  // A writer that quotes every cell, the header's too (PowerShell's Export-Csv, Salesforce, Python's
  // QUOTE_ALL), writes "" for an empty cell: there it is no value, where every empty cell of such a
  // file was a property holding ''. One that quotes a cell only when it needs it (Excel, the export
  // here, whose header is never all quoted) writes "" for an empty text, and it stays one. Which
  // cells were quoted is read only where it matters: every record's when the header is all quoted,
  // else a record's with an empty cell.
  let quotesEveryCell = headerQuoted.every((q) => q);
  if (quotesEveryCell) {
    for (let r = 1; r < records.length; r++) {
      const quoted = quotedOf(records[r]);
      if (!quoted) return undefined;
      if (!quoted.every((q) => q)) quotesEveryCell = false;
    }
  }
  const rows: ParsedTable['rows'] = [];
  const width = columns.length;
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    const cells = record.record;
    // Nothing in any cell (Excel's `;;;;` for a row once formatted, a quote-all writer's `"";""`):
    // a blank line, skipped as one, where it was an error saying the rule could never find the user.
    if (cells.every((c) => c === '')) continue;
    if (cells.length !== width) {
      errors.push({ line: record.line, message: `${plural(cells.length, 'field')}, but the header names ${plural(width, 'column')}` });
      continue;
    }
    // An empty cell is no value, unless it was quoted ("") in a file that does not quote every cell.
    let quoted: boolean[] | undefined;
    if (!quotesEveryCell && cells.includes('')) {
      quoted = quotedOf(record);
      if (!quoted) return undefined;
    }
    // A column named `__proto__` or `constructor` is a column like any other (see setProperty).
    const values: Record<string, unknown> = {};
    for (let i = 0; i < width; i++) {
      const cell = cells[i];
      if (cell !== '') setProperty(values, columns[i], restoreDefused(cell));
      else if (quoted?.[i]) setProperty(values, columns[i], '');
    }
    rows.push({ line: record.line, values });
  }
  errors.sort((a, b) => a.line - b.line);
  return { format: 'csv', columns, rows, errors, header };
}

/** A reading's table, or its own failure (an error of csv-parse's not caught as a bad record) as line 1. */
function readTable(read: () => ParsedTable | undefined, text: string): ParsedTable {
  try {
    return read() ?? castTable(text);
  } catch (e) {
    return { format: 'csv', columns: [], rows: [], errors: [{ line: 1, message: (e as Error).message }] };
  }
}

/**
 * The table from the cast reading: for a file whose quoting the fast one could not read. Exported
 * for the test that compares the two readings.
 */
export function castTable(text: string): ParsedTable {
  const delimiter = csvDelimiterOf(text);
  return readTable(() => {
    const reader = new CsvReader(text, delimiter, true);
    while (!reader.readStep());
    return tableFromRecords(reader.records, reader.errors, delimiter) as ParsedTable;
  }, text);
}

function parseCsv(text: string): ParsedTable {
  const delimiter = csvDelimiterOf(text);
  return readTable(() => {
    const reader = new CsvReader(text, delimiter);
    while (!reader.readStep());
    return tableFromRecords(reader.records, reader.errors, delimiter);
  }, text);
}

/**
 * The same table as parseUsersTable, read in steps so a large import reports progress (characters
 * read of all) and leaves the event loop free between steps.
 */
export async function parseUsersTableInSteps(text: string, onProgress: (done: number, total: number) => void): Promise<ParsedTable> {
  if (detectFormat(text) === 'json') return parseJson(text);
  const delimiter = csvDelimiterOf(text);
  let reader: CsvReader;
  try {
    reader = new CsvReader(text, delimiter);
  } catch (e) {
    return { format: 'csv', columns: [], rows: [], errors: [{ line: 1, message: (e as Error).message }] };
  }
  let shown = 0;
  for (;;) {
    let done: boolean;
    try {
      done = reader.readStep();
    } catch (e) {
      return { format: 'csv', columns: [], rows: [], errors: [{ line: 1, message: (e as Error).message }] };
    }
    if (done) break;
    // A reading resumed after a bad record reads a little again: progress never goes back.
    if (reader.fed > shown) onProgress((shown = reader.fed), text.length);
    await new Promise((r) => setImmediate(r));
  }
  return readTable(() => tableFromRecords(reader.records, reader.errors, delimiter), text);
}

export function parseUsersTable(text: string): ParsedTable {
  return detectFormat(text) === 'json' ? parseJson(text) : parseCsv(text);
}

export function previewUsers(text: string): UsersImportPreview {
  const table = parseUsersTable(text);
  // users.starting's users: the import reads `propertiesJson` as the digits of `properties`, never
  // as a column of its own (it was listed, mapped to a property, and skipped). Listed only when a
  // user holds one that is not such a text (that one is imported as a property).
  const digitsOnly =
    table.format === 'json' &&
    table.rows.every((r) => ownProperty(r.values, 'propertiesJson') === undefined || exactPropertiesText(r.values) !== undefined);
  const columns = digitsOnly ? table.columns.filter((c) => c !== 'propertiesJson') : table.columns;
  // `properties` with the digits the import takes (the plain object holds the nearest doubles), user
  // by user: in a file that also lists the column for another user's sake, this user's propertiesJson
  // is still read as those digits and imported as no property (the preview showed the rounded
  // number, and the text as a property to come).
  const cell = (values: Record<string, unknown>, c: string) => {
    // (A CSV cell is text, never the properties object exactPropertiesText asks for beside it.)
    const exact = c === 'properties' || c === 'propertiesJson' ? exactPropertiesText(values) : undefined;
    if (exact !== undefined) return c === 'properties' ? stringifyExact(parseExact(exact)) : '';
    return cellText(ownProperty(values, c));
  };
  return {
    format: table.format,
    columns,
    rows: table.rows.slice(0, PREVIEW_ROWS).map((r) => ({ line: r.line, values: columns.map((c) => cell(r.values, c)) })),
    total: table.rows.length + table.errors.length,
    mapping: suggestMapping(columns, table.format),
    errors: table.errors.slice(0, PREVIEW_ROWS),
    ...(table.format === 'csv' ? { readAsText: columnsReadAsText(table.columns, table.rows) } : {}),
  };
}

function cellText(v: unknown): string {
  return v === undefined ? '' : typeof v === 'string' ? (isExactNumber(v) ? exactText(v) : v) : stringifyExact(v);
}

/**
 * A JSON user's propertiesJson (users.starting's text of its properties, with their digits), when
 * it is text holding an object and the user has a `properties` object beside it; else undefined.
 */
function exactPropertiesText(values: Record<string, unknown>): string | undefined {
  const text = ownProperty(values, 'propertiesJson');
  const plain = ownProperty(values, 'properties');
  if (typeof text !== 'string' || typeof plain !== 'object' || plain === null || Array.isArray(plain)) return undefined;
  try {
    const parsed = parseExact(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? text : undefined;
  } catch {
    return undefined;
  }
}

/** A field mapped to an identifier: text, or a number read as text; '' counts as absent. */
function idText(v: unknown, what: string): string | undefined | Error {
  if (v === undefined || v === null || v === '') return undefined;
  if (isExactNumber(v)) return exactText(v); // the digits sent (parseJson)
  if (typeof v === 'string') return v.trim() === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return new Error(`${what} is ${Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`}, not text`);
}

const HEADER_SHOWN = 40;

/**
 * A CSV file that is its header row alone, naming no column the rule reads ("1234", a stray line):
 * it was 0 users and no error. In words, with its line and text; undefined for any other table (a
 * header naming id, username or email with no rows is a directory with no users, which a replace
 * may mean; rows, even bad ones, are reported by line).
 */
export function headerOnlyFault(table: ParsedTable, mapping: Readonly<Record<string, ColumnTarget>>): string | undefined {
  if (table.format !== 'csv' || table.rows.length > 0 || table.errors.length > 0 || table.header === undefined) return undefined;
  const target = (c: string) => ownProperty(mapping, c) as ColumnTarget | undefined;
  if (table.columns.some((c) => target(c) === 'id' || target(c) === 'username' || target(c) === 'email')) return undefined;
  const { line, text } = table.header;
  const shown = text.length > HEADER_SHOWN ? `${text.slice(0, HEADER_SHOWN)}…` : text;
  return `line ${line} (${JSON.stringify(shown).slice(0, -1)}") was read as the header row, but it names no id, username or email column and no row follows it: nothing to import (a users file is a header row naming its columns, such as "id,email", then a row per user)`;
}

export interface UsersFromTable {
  users: StartingUser[];
  errors: { line: number; message: string }[];
  /** Rows imported as they are, with something worth a look (an email without "@", an email another user has). */
  warnings: { line: number; message: string }[];
}

/**
 * The word on a user whose email another user has (as matching compares it by default: ignoring
 * case and surrounding space): a message's email finds only one of them. Both are kept, as the
 * directory keeps such users and its Duplicates report lists them.
 */
function sameEmailWarning(id: string, email: string, other: { id: string; email: string; line?: number }): string {
  const where = other.line !== undefined ? `line ${other.line}` : 'already in the directory';
  const same =
    email === other.email
      ? `, ${JSON.stringify(email)}`
      : ` but for case or spacing, which matching ignores by default (${JSON.stringify(email)} and ${JSON.stringify(other.email)})`;
  return `id "${id}" has the same email as id "${other.id}" (${where})${same}: a message with it finds only one of them (see Duplicates)`;
}

/** The word on an email without "@", which is kept: the rule compares it as text, as it does a message's. */
export const noAtWarning = (email: string): string => `email "${email}" has no "@": imported as it is (matching compares it as text, as it does a message's email)`;

/**
 * Rows -> users under a mapping. Ids given must be unique within the import; rows without one get
 * `user-<n>` past the ids already in use. `directory`: the users the import adds to (none for a
 * replace), for the warning on an email one of them has.
 */
export function usersFromTable(table: ParsedTable, mapping: Record<string, ColumnTarget>, usedIds: ReadonlySet<string>, directory: readonly StartingUser[] = []): UsersFromTable {
  for (const [col, target] of Object.entries(mapping)) {
    if (!table.columns.includes(col)) throw new Error(`the mapping names column "${col}", which the file does not have (columns: ${table.columns.join(', ')})`);
    if (!['id', 'username', 'email', 'property', 'ignore'].includes(target)) throw new Error(`column "${col}" is mapped to "${target}"; use id, username, email, property or ignore`);
  }
  for (const t of ['id', 'username', 'email'] as const) {
    const cols = Object.keys(mapping).filter((c) => mapping[c] === t);
    if (cols.length > 1) throw new Error(`columns ${cols.map((c) => `"${c}"`).join(' and ')} are both mapped to ${t}; map one`);
  }
  const targetOf = (c: string) => (ownProperty(mapping, c) as ColumnTarget | undefined) ?? 'property';
  const colOf = (t: ColumnTarget) => table.columns.find((c) => targetOf(c) === t);
  const idCol = colOf('id');
  const usernameCol = colOf('username');
  const emailCol = colOf('email');
  const propertyCols = table.columns.filter((c) => targetOf(c) === 'property');
  const errors = [...table.errors];
  const warnings: UsersFromTable['warnings'] = [];
  const users: StartingUser[] = [];
  const idLine = new Map<string, number>();
  let next = 1;
  const freshId = () => {
    while (usedIds.has(`user-${next}`) || idLine.has(`user-${next}`)) next++;
    return `user-${next++}`;
  };
  const pending: { line: number; user: StartingUser; needsId: boolean }[] = [];
  for (const { line, values } of table.rows) {
    const id = idCol ? idText(ownProperty(values, idCol), `id ("${idCol}")`) : undefined;
    const username = usernameCol ? idText(ownProperty(values, usernameCol), `username ("${usernameCol}")`) : undefined;
    const email = emailCol ? idText(ownProperty(values, emailCol), `email ("${emailCol}")`) : undefined;
    const bad = [id, username, email].find((v): v is Error => v instanceof Error);
    if (bad) {
      errors.push({ line, message: bad.message });
      continue;
    }
    if (username === undefined && email === undefined) {
      errors.push({ line, message: `neither a username${usernameCol ? ` ("${usernameCol}")` : ''} nor an email${emailCol ? ` ("${emailCol}")` : ''}: the rule could never find this user` });
      continue;
    }
    // The rule takes any text as a message's email (Product Fruits' document says nothing of an
    // email's form) and creates users with it, "n/a" too: refused here, a saved directory holding
    // such a user could not be imported again. Taken as it is, with a word.
    if (typeof email === 'string' && !email.includes('@')) warnings.push({ line, message: noAtWarning(email) });
    if (typeof id === 'string') {
      const earlier = idLine.get(id);
      if (earlier !== undefined) {
        errors.push({ line, message: `id "${id}" is already used on line ${earlier}` });
        continue;
      }
      idLine.set(id, line);
    }
    const properties: Record<string, unknown> = {};
    // users.starting's users (over the WebSocket) carry a property past 2^53 twice: `properties`
    // with the nearest double, `propertiesJson` with the digits. Imported back, the digits are read
    // and propertiesJson is no property of its own.
    const exactText = table.format === 'json' ? exactPropertiesText(values) : undefined;
    for (const c of propertyCols) {
      const v = ownProperty(values, c);
      if (v === undefined || (exactText !== undefined && c === 'propertiesJson')) continue;
      // A JSON user's `properties` object holds its properties, as GET /api/users, the JSON export
      // and a saved scenario's users write them (a property named id or email included).
      if (table.format === 'json' && c === 'properties' && typeof v === 'object' && v !== null && !Array.isArray(v)) {
        for (const [k, pv] of Object.entries(exactText !== undefined ? (parseExact(exactText) as Record<string, unknown>) : v)) setProperty(properties, k, pv);
      } else {
        const name = table.format === 'csv' && c.startsWith(CSV_PROPERTY_PREFIX) ? c.slice(CSV_PROPERTY_PREFIX.length) : c;
        setProperty(properties, name, v);
      }
    }
    const user: StartingUser = { id: (id as string | undefined) ?? '', properties };
    if (username !== undefined) user.username = username as string;
    if (email !== undefined) user.email = email as string;
    pending.push({ line, user, needsId: id === undefined });
  }
  for (const p of pending) {
    if (p.needsId) p.user.id = freshId();
    users.push(p.user);
  }
  // Two users of one email: the first holder of each email (a directory user the import does not
  // replace, else the earliest row), and a warning on each later row.
  const imported = new Set(users.map((u) => u.id));
  const holder = new Map<string, { id: string; email: string; line?: number }>();
  for (const u of directory) {
    if (u.email === undefined || imported.has(u.id)) continue;
    const key = looseEmailKey(u.email);
    if (key !== '' && !holder.has(key)) holder.set(key, { id: u.id, email: u.email });
  }
  for (const { line, user } of pending) {
    if (user.email === undefined) continue;
    const key = looseEmailKey(user.email);
    if (key === '') continue;
    const other = holder.get(key);
    if (other === undefined) holder.set(key, { id: user.id, email: user.email, line });
    else warnings.push({ line, message: sameEmailWarning(user.id, user.email, other) });
  }
  errors.sort((a, b) => a.line - b.line);
  warnings.sort((a, b) => a.line - b.line);
  return { users, errors, warnings };
}
