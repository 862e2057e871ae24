// The users import's CSV reading as it was before it stopped asking csv-parse to mark each quoted
// cell through its cast option (which built three info objects a cell: 3.6 s of a 100,000-user
// import's 4 s). Kept as the reference the reading is compared with where csv-parse refuses nothing:
// the same columns and row values (its lines are csv-parse's, where a record ends, a CRLF inside
// quotes counted twice; and it lost the rows after a bad closing quote: see users-import-faults).
import { Parser, type Options as CsvOptions } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { plural } from '../../../src-shared/plural';
import { setProperty } from '../../../src-shared/matching/extract';
import { csvDelimiterOf, restoreDefused } from '../../../src-shared/spreadsheet-cell';
import { repeatedColumn, type ParsedTable } from '../../../src-main/derived/users-import';

/** A cell as csv-parse gives it: its text, or `{ q: text }` when it was quoted (see csvOptions' cast). */
type CsvCell = string | { q: string };
type CsvRecord = { info: { lines: number }; record: CsvCell[] };
type CsvError = { message: string; lines?: number };

/** `delimiter`: the header row's (csvDelimiterOf): semicolons and tabs were read as one column. */
function csvOptions(errors: ParsedTable['errors'], delimiter: string): CsvOptions {
  return {
    delimiter,
    info: true,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Quoted cells are marked: a quoted empty cell ("") is an empty text, an unquoted one nothing
    // (unless the file quotes every cell: see tableFromRecords), and a quoted header keeps its
    // surrounding space (the export quotes such a property name).
    cast: (value: string, context: { quoting: boolean }) => (context.quoting ? { q: value } : value),
    on_skip: (err: CsvError | undefined) => {
      if (err) errors.push({ line: err.lines ?? 0, message: err.message });
    },
  };
}

/** csv-parse's records (header first) -> the table; rows whose field count differs are named. */
function tableFromRecords(records: CsvRecord[], errors: ParsedTable['errors']): ParsedTable {
  if (records.length === 0) return { format: 'csv', columns: [], rows: [], errors: errors.length ? errors : [{ line: 1, message: 'no header row: the first line must name the columns' }] };
  // A cell the export put behind an apostrophe (a formula to a spreadsheet) is read as it was. An
  // unquoted header is trimmed (a CRM's "Email "); a quoted one is the name as written.
  const columns = records[0].record.map((c) => restoreDefused(typeof c === 'string' ? c.trim() : c.q));
  // Two columns of one name would be one field of each row, the later cell over the earlier: the
  // preview showed the later value under both, and an import mapped neither to email (or id).
  const twice = repeatedColumn(columns);
  if (twice) return { format: 'csv', columns, rows: [], errors: [{ line: records[0].info.lines, message: twice }, ...errors] };
  // A writer that quotes every cell, the header's too (PowerShell's Export-Csv, Salesforce, Python's
  // QUOTE_ALL), writes "" for an empty cell: there it is no value, where every empty cell of such a
  // file was a property holding ''. One that quotes a cell only when it needs it (Excel, the export
  // here, whose header is never all quoted) writes "" for an empty text, and it stays one.
  const quotesEveryCell = records.every((r) => r.record.every((c) => typeof c !== 'string'));
  const rows: ParsedTable['rows'] = [];
  for (let r = 1; r < records.length; r++) {
    const { info, record } = records[r];
    // Nothing in any cell (Excel's `;;;;` for a row once formatted, a quote-all writer's `"";""`):
    // a blank line, skipped as one, where it was an error saying the rule could never find the user.
    if (record.every((c) => (typeof c === 'string' ? c : c.q) === '')) continue;
    if (record.length !== columns.length) {
      errors.push({ line: info.lines, message: `${plural(record.length, 'field')}, but the header names ${plural(columns.length, 'column')}` });
      continue;
    }
    // A column named `__proto__` or `constructor` is a column like any other (see setProperty).
    const values: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const cell = record[i];
      if (cell !== '' && !(quotesEveryCell && typeof cell !== 'string' && cell.q === '')) setProperty(values, c, restoreDefused(typeof cell === 'string' ? cell : cell.q));
    });
    rows.push({ line: info.lines, values });
  }
  errors.sort((a, b) => a.line - b.line);
  return { format: 'csv', columns, rows, errors };
}

export function referenceParseCsv(text: string): ParsedTable {
  const errors: ParsedTable['errors'] = [];
  try {
    return tableFromRecords(parse(text, csvOptions(errors, csvDelimiterOf(text))) as unknown as CsvRecord[], errors);
  } catch (e) {
    const err = e as Error & { lines?: number };
    return { format: 'csv', columns: [], rows: [], errors: [{ line: err.lines ?? 1, message: err.message }] };
  }
}

/** Characters of CSV handed to the parser per step; progress is reported between steps. */
const CSV_STEP = 256 * 1024;

/**
 * The same table as parseUsersTable, read in steps through csv-parse's stream parser so a large
 * import reports progress (characters read of all) and leaves the event loop free between steps.
 */
export async function referenceParseCsvInSteps(text: string, onProgress: (done: number, total: number) => void): Promise<ParsedTable> {
  const errors: ParsedTable['errors'] = [];
  const records: CsvRecord[] = [];
  const parser = new Parser(csvOptions(errors, csvDelimiterOf(text)));
  parser.on('data', (r: CsvRecord) => records.push(r));
  const ended = new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
  });
  ended.catch(() => undefined); // awaited below; a parse error must not go unhandled meanwhile
  try {
    for (let from = 0; from < text.length; ) {
      let to = Math.min(text.length, from + CSV_STEP);
      // Never cut a UTF-16 surrogate pair in two: the parser reads each piece as UTF-8.
      const last = text.charCodeAt(to - 1);
      if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
      parser.write(text.slice(from, to));
      from = to;
      onProgress(from, text.length);
      await new Promise((r) => setImmediate(r));
    }
    parser.end();
    await ended;
  } catch (e) {
    const err = e as Error & { lines?: number };
    return { format: 'csv', columns: [], rows: [], errors: [{ line: err.lines ?? 1, message: err.message }] };
  }
  return tableFromRecords(records, errors);
}

