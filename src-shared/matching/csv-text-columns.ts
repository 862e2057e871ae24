// A CSV cell is text: "42", "true" and {"a":1} are imported as the text written, so a CSV export
// imported back gives a number property back as text (README: JSON is the exact round trip). The
// import preview names the columns holding such cells, so that is said before importing, not found
// later in a rule that compared 42 with "42". A text JSON would not read as a number ("00123",
// "+1 555 0100") is text either way, and is not named.

/** A JSON number as JSON writes one: no leading zero, no plus sign, no spaces. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Whether JSON would read this cell as a number, true, false, null, an object or a list. */
export function looksTyped(cell: string): boolean {
  if (JSON_NUMBER.test(cell) || cell === 'true' || cell === 'false' || cell === 'null') return true;
  if (!/^[[{]/.test(cell)) return false;
  try {
    JSON.parse(cell);
    return true;
  } catch {
    return false;
  }
}

export interface ColumnReadAsText {
  column: string;
  /** The first such cell, as written. */
  example: string;
}

/** Each column holding a cell JSON would read as another type, with its first such cell, in column order. */
export function columnsReadAsText(columns: readonly string[], rows: readonly { values: Readonly<Record<string, unknown>> }[]): ColumnReadAsText[] {
  const found: ColumnReadAsText[] = [];
  for (const column of columns) {
    for (const row of rows) {
      const cell = Object.hasOwn(row.values, column) ? row.values[column] : undefined;
      if (typeof cell === 'string' && looksTyped(cell)) {
        found.push({ column, example: cell });
        break;
      }
    }
  }
  return found;
}
