// CSV cells that a spreadsheet would run as a formula (OWASP's "CSV injection"): Excel, LibreOffice
// and Google Sheets take a cell that starts with =, +, -, @, a tab or a carriage return for one,
// and =HYPERLINK(...) or =IMPORTXML(...) sends the other cells wherever it points. A captured
// userId or trait (any page can post to a webhook) lands in the users export, so such a cell is
// written behind an apostrophe, which spreadsheets show as text. A plain number (-5, +1e3) is no
// formula and is left as it is. Read back, one apostrophe is taken off again: the mapping is
// one-to-one (a value that already starts with apostrophes before such a character gets one more).

const FORMULA_START = /^'*[=+\-@\t\r]/;
const DEFUSED = /^'+[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The text to write in a CSV cell: `'=1+1` for `=1+1`; anything else unchanged. */
export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * A value as one cell of a tab-separated list (Copy list): tabs and line breaks, which would end the
 * cell or the row, become one space; a formula is defused; nothing is ''.
 */
export function tabSeparatedCell(value: string | undefined): string {
  return value === undefined ? '' : defuseFormula(value.replace(/[\t\r\n]+/g, ' '));
}

/** A cell's text as defuseFormula was given it. */
export function restoreDefused(cell: string): string {
  return DEFUSED.test(cell) ? cell.slice(1) : cell;
}

/**
 * The field separator of a CSV text, read from its header row: a comma, a semicolon (Excel's CSV
 * where the decimal separator is a comma, as in most of Europe) or a tab (cells copied from a
 * spreadsheet and pasted), whichever the header row holds most of outside quotes; a comma when
 * none, or on a tie.
 */
export function csvDelimiterOf(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}
