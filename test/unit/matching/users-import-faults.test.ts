// Users import: a CSV row csv-parse refuses (a stray quote, a quote never closed, a row of the wrong
// width) is named by the line it starts on, as an editor numbers lines, in plain words; every good
// row before and after it is imported. csv-parse counted a CRLF inside a quoted cell as two lines,
// and, told to skip a row after a bad closing quote, read on inside the quote: every later row was lost.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseUsersTable, parseUsersTableInSteps, suggestMapping, usersFromTable, type ParsedTable } from '../../../src-main/derived/users-import';

/** Both readings (one pass, in steps) of a text: they must agree. */
async function read(text: string): Promise<ParsedTable> {
  const table = parseUsersTable(text);
  expect(await parseUsersTableInSteps(text, () => undefined)).toEqual(table);
  return table;
}

const rowsOf = (table: ParsedTable) => table.rows.map((r) => [r.line, r.values]);

describe('users import: bad CSV rows', () => {
  it('names the line a bad row starts on after a quoted cell holding CRLF line breaks', async () => {
    // Lines: 1 header, 2 ada, 3 bob, 4-6 cy's note (two CRLFs inside its quotes), 7 the bad row, 8 eve.
    const csv = 'username,email,note\r\nada,ada@example.com,ok\r\nbob,bob@example.com,ok\r\ncy,cy@example.com,"first\r\nsecond\r\nthird"\r\ndee,dee@example.com\r\neve,eve@example.com,ok\r\n';
    const table = await read(csv);
    expect(table.errors).toEqual([{ line: 7, message: '2 fields, but the header names 3 columns' }]);
    // Each row by the line it starts on: cy's on 4, where its record begins, eve's on 8.
    expect(table.rows.map((r) => [r.line, r.values.username])).toEqual([[2, 'ada'], [3, 'bob'], [4, 'cy'], [8, 'eve']]);
    const { users, errors } = usersFromTable(table, suggestMapping(table.columns), new Set(['user-1']));
    expect(errors).toEqual([{ line: 7, message: '2 fields, but the header names 3 columns' }]);
    expect(users.map((u) => u.username)).toEqual(['ada', 'bob', 'cy', 'eve']);
    // A later problem the mapping finds (a repeated id) names both lines the same way.
    const ids = await read('id,email,note\r\nu1,a@x.io,"one\r\ntwo"\r\nu1,b@x.io,ok\r\n');
    expect(usersFromTable(ids, suggestMapping(ids.columns), new Set()).errors).toEqual([{ line: 4, message: 'id "u1" is already used on line 2' }]);
  });

  it('a cell with text after its closing quote ("ab"c) is named in plain words; the rows after it are imported', async () => {
    for (const nl of ['\n', '\r\n']) {
      const csv = ['username,email', 'ada,ada@example.com', 'bob,"bob@example.com"x', 'cy,cy@example.com', 'dee,"dee@example.com"', ''].join(nl);
      const table = await read(csv);
      expect(table.errors).toEqual([
        { line: 3, message: 'cell 2 ("email") has text after its closing quote (a quote inside a quoted cell is written twice, as ""): "bob@example.com"x' },
      ]);
      expect(rowsOf(table)).toEqual([
        [2, { username: 'ada', email: 'ada@example.com' }],
        [4, { username: 'cy', email: 'cy@example.com' }],
        [5, { username: 'dee', email: 'dee@example.com' }],
      ]);
    }
  });

  it('a closing quote with text after it, lines into a quoted cell, skips the lines up to it and names them', async () => {
    // The quote opened on line 3 closes on line 5 ("Inc"x): lines 3-5 are the bad row; line 6 is read.
    const csv = 'username,company\nada,Acme\nbob,"Bob\'s\nComputers,\nInc"x\ncy,"Cy, Ltd"\n';
    const table = await read(csv);
    expect(table.errors).toEqual([
      { line: 3, message: 'cell 2 ("company") (on line 5; lines 3–5 are skipped) has text after its closing quote (a quote inside a quoted cell is written twice, as ""): …Inc"x' },
    ]);
    expect(rowsOf(table)).toEqual([
      [2, { username: 'ada', company: 'Acme' }],
      [6, { username: 'cy', company: 'Cy, Ltd' }],
    ]);
  });

  it('a quote in text that is not quoted (12" screen) is named; the rows after it are imported', async () => {
    const table = await read('username,email,device\nada,a@x.io,laptop\nbob,b@x.io,12" screen\ncy,c@x.io,"phone"\n');
    expect(table.errors).toEqual([
      { line: 3, message: 'cell 3 ("device") holds a quote but is not in quotes (such a cell is put in quotes, its own quotes written twice): 12" screen' },
    ]);
    expect(table.rows.map((r) => [r.line, r.values.username])).toEqual([[2, 'ada'], [4, 'cy']]);
  });

  it('a quote never closed (the file ends inside it) skips only its own line; the rows after it are imported', async () => {
    const table = await read('username,email\r\nada,a@x.io\r\nbob,"b@x.io\r\ncy,c@x.io\r\ndee,d@x.io\r\n');
    expect(table.errors).toEqual([
      { line: 3, message: 'cell 2 ("email") opens a quote that is never closed: "b@x.io' },
    ]);
    expect(table.rows.map((r) => [r.line, r.values.username])).toEqual([[2, 'ada'], [4, 'cy'], [5, 'dee']]);
    // On the last line, nothing follows.
    const last = await read('username,email\nada,a@x.io\nbob,"b@x.io');
    expect(last.errors).toEqual([{ line: 3, message: 'cell 2 ("email") opens a quote that is never closed: "b@x.io' }]);
    expect(last.rows.map((r) => r.values.username)).toEqual(['ada']);
  });

  it('rows of the wrong width are named by the line they start on, the good ones around them imported', async () => {
    const csv = 'id,email,note\r\nu1,a@x.io,"one\r\ntwo"\r\nu2,b@x.io,"three\r\nfour",extra\r\nu3,c@x.io\r\n\r\nu4,d@x.io,ok\r\n';
    const table = await read(csv);
    expect(table.errors).toEqual([
      { line: 4, message: '4 fields, but the header names 3 columns' },
      { line: 6, message: '2 fields, but the header names 3 columns' },
    ]);
    expect(table.rows.map((r) => [r.line, r.values.id])).toEqual([[2, 'u1'], [8, 'u4']]);
  });

  it('several bad rows, blank lines and a byte-order mark: each named at its line, every good row kept', async () => {
    const csv = '\uFEFFusername,email\n\nada,"a"b\n\n\nbob,b@x.io\nc"y,c@x.io\n"dee","d@x.io"\nemé 😀,"e@x.io"z\nfay,f@x.io';
    const table = await read(csv);
    expect(table.errors.map((e) => [e.line, e.message.slice(0, 22)])).toEqual([
      [3, 'cell 2 ("email") has t'],
      [7, 'cell 1 ("username") ho'],
      [9, 'cell 2 ("email") has t'],
    ]);
    expect(table.rows.map((r) => [r.line, r.values.username])).toEqual([[6, 'bob'], [8, 'dee'], [10, 'fay']]);
  });

  it('a fault in the header row stops the import, saying so', async () => {
    const table = await read('username,e"mail\nada,a@x.io\n');
    expect(table).toEqual({
      format: 'csv',
      columns: [],
      rows: [],
      errors: [{ line: 1, message: 'the header row cannot be read, so nothing was imported; fix it, then import again: its cell 2 holds a quote but is not in quotes (such a cell is put in quotes, its own quotes written twice): e"mail' }],
    });
  });

  it('a large file with many bad rows, read in steps across pieces: every good row at its line', async () => {
    // Over 1 MB (several of the reading's pieces), non-ASCII text (bytes are not characters), a bad
    // row every 7th row, multi-line CRLF cells every 5th.
    const lines = ['id,name,note'];
    const expected: [number, string][] = [];
    const bad: number[] = [];
    let line = 2;
    for (let i = 0; i < 12_000; i++) {
      if (i % 7 === 3) {
        lines.push(`u${i},"Zoë ${i}"x,😀 note`);
        bad.push(line);
        line += 1;
      } else if (i % 5 === 0) {
        lines.push(`u${i},"Zoë ${i}","a 😀 note\r\nspanning\r\nlines"`);
        expected.push([line, `u${i}`]);
        line += 3;
      } else {
        lines.push(`u${i},"Zoë ${i}",plain é note ${'x'.repeat(80)}`);
        expected.push([line, `u${i}`]);
        line += 1;
      }
    }
    const text = lines.join('\r\n') + '\r\n';
    expect(text.length).toBeGreaterThan(1_000_000);
    const table = await read(text);
    expect(table.rows.map((r) => [r.line, r.values.id])).toEqual(expected);
    expect(table.errors.map((e) => e.line)).toEqual(bad);
  });

  it('any mix of good, bad, ragged and multi-line rows: every good row imported at the line it starts on', async () => {
    const row = fc.oneof(
      fc.record({ kind: fc.constant('good' as const), note: fc.constantFrom('', 'ok', 'say "hi"', 'a,b', 'two\nlines', 'two\r\nlines', 'x\r\ny\r\nz', '\r\n') }),
      fc.record({ kind: fc.constantFrom('closing' as const, 'opening' as const, 'ragged' as const, 'blank' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), async (rows, nl) => {
        const out = ['id,email,note'];
        const good: [number, Record<string, string>][] = [];
        const errorLines: number[] = [];
        let line = 2;
        rows.forEach((r, i) => {
          const id = `u${i}`;
          let text: string;
          if (r.kind === 'good') {
            const quoted = /[",\r\n]/.test(r.note);
            text = `${id},${id}@x.io,${quoted ? `"${r.note.replace(/"/g, '""')}"` : r.note}`;
            const values: Record<string, string> = { id, email: `${id}@x.io` };
            if (r.note !== '') values.note = r.note;
            good.push([line, values]);
          } else if (r.kind === 'closing') {
            text = `${id},"${id}"@x.io,n`;
            errorLines.push(line);
          } else if (r.kind === 'opening') {
            text = `${id},${id}@x.io,12" screen`;
            errorLines.push(line);
          } else if (r.kind === 'ragged') {
            text = `${id},${id}@x.io`;
            errorLines.push(line);
          } else text = '';
          out.push(text);
          line += 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
        });
        const table = await read(out.join(nl) + nl);
        expect(table.rows.map((r) => [r.line, r.values])).toEqual(good);
        expect(table.errors.map((e) => e.line)).toEqual(errorLines);
      }),
      { numRuns: 300 },
    );
  });
});

// The reading's edges that mutation testing found untested (test/RECORD.md, mutation testing).
describe('users import: where the reading counts lines and cuts its pieces', () => {
  it('a bad row spanning lines, and blank lines, are counted alike with CR, LF or CRLF line ends', async () => {
    for (const nl of ['\n', '\r', '\r\n']) {
      const csv = ['username,company', '', '', 'ada,Acme', 'bob,"Bob\'s', 'Computers,', 'Inc"x', '', 'cy,"Cy, Ltd"', ''].join(nl);
      const table = await read(csv);
      expect(table.errors, JSON.stringify(nl)).toEqual([
        { line: 5, message: 'cell 2 ("company") (on line 7; lines 5–7 are skipped) has text after its closing quote (a quote inside a quoted cell is written twice, as ""): …Inc"x' },
      ]);
      expect(rowsOf(table), JSON.stringify(nl)).toEqual([
        [4, { username: 'ada', company: 'Acme' }],
        [9, { username: 'cy', company: 'Cy, Ltd' }],
      ]);
    }
  });

  it('a character outside the BMP where the first piece ends is read whole (the piece never cuts a surrogate pair)', async () => {
    // The first piece is 256 Ki characters: put the character's first half (the lowest and highest
    // high surrogates, 0xd800 and 0xdbff, and an emoji's) on its last character, or its second half.
    for (const [ch, at] of [['😀', 262_143], ['\u{10000}', 262_143], ['\u{10FFFD}', 262_143], ['😀', 262_142]] as const) {
      const head = 'id,name\n';
      const filler: string[] = [];
      let length = head.length;
      for (let i = 0; length < 262_144 - 200; i++) {
        const row = `u${i},${'n'.repeat(60)}\n`;
        filler.push(row);
        length += row.length;
      }
      const name = `${'e'.repeat(at - length - 'u-wide,'.length)}${ch} end`;
      const text = `${head}${filler.join('')}u-wide,${name}\nlast,after\n`;
      expect(text.codePointAt(at)).toBe(ch.codePointAt(0));
      const table = await read(text);
      expect(table.errors).toEqual([]);
      expect(table.rows.find((r) => r.values.id === 'u-wide')?.values.name, ch).toBe(name);
      expect(table.rows.at(-1)).toEqual({ line: filler.length + 3, values: { id: 'last', name: 'after' } });
    }
  });

  it('a bad row several pieces into a reading, after non-ASCII text, is named with its cell and line; the rows after it are read', async () => {
    // Each text: the first piece is 256 Ki characters, a reading resumed after a bad row starts with
    // 4 Ki and doubles. Rows of "é" and emoji make bytes and characters differ before the bad row.
    const row = (i: number) => `u${i},Zoë 😀 ${i},é ${'x'.repeat(40)}`;
    for (const [earlyFault, count] of [[false, 6000], [true, 1500]] as const) {
      const lines = ['id,name,note'];
      if (earlyFault) lines.push('u-early,"a"b,x');
      for (let i = 0; i < count; i++) lines.push(row(i));
      lines.push('u-bad,"Zoë 😀"x,note', 'u-after,Ünal,ok', '');
      const table = await read(lines.join('\r\n'));
      const badLine = lines.length - 2;
      expect(table.errors.at(-1)).toEqual({ line: badLine, message: 'cell 2 ("name") has text after its closing quote (a quote inside a quoted cell is written twice, as ""): "Zoë 😀"x' });
      expect(table.errors).toHaveLength(earlyFault ? 2 : 1);
      expect(table.rows.at(-1)).toEqual({ line: badLine + 1, values: { id: 'u-after', name: 'Ünal', note: 'ok' } });
      expect(table.rows).toHaveLength(count + 1);
    }
  });

  it('a bad row whose quoted cell runs over several pieces is named from where it starts', async () => {
    // After the first bad row the reading resumes with pieces of 4, 8, 16 Ki characters: the bad
    // cell's 300 lines (about 14 Ki characters, non-ASCII) start in one piece and end pieces later.
    const spanned = Array.from({ length: 300 }, (_, i) => `Zoë 😀 line ${i} ${'é'.repeat(30)}`);
    const lines = ['id,name,note', 'u-early,"a"b,x', ...Array.from({ length: 50 }, (_, i) => `u${i},Zoë 😀 ${i},ok`)];
    const badLine = lines.length + 1;
    const text = [...lines, `u-bad,ok,"${spanned.join('\r\n')}"x`, 'u-after,Ünal,ok', ''].join('\r\n');
    const table = await read(text);
    const faultLine = badLine + 299;
    expect(table.errors).toEqual([
      { line: 2, message: 'cell 2 ("name") has text after its closing quote (a quote inside a quoted cell is written twice, as ""): "a"b' },
      { line: badLine, message: `cell 3 ("note") (on line ${faultLine}; lines ${badLine}–${faultLine} are skipped) has text after its closing quote (a quote inside a quoted cell is written twice, as ""): …${`${spanned[299]}"x`.slice(0, 40)}…` },
    ]);
    expect(table.rows.at(-1)).toEqual({ line: faultLine + 1, values: { id: 'u-after', name: 'Ünal', note: 'ok' } });
    expect(table.rows).toHaveLength(51);
  });

  it('a bad cell after quoted cells holding the separator and doubled quotes, and a header fault after a BOM or over two lines, are named as written', async () => {
    // A CRM export's company "Acme, Inc" (or "Acme, ""Inc""") before the bad cell: its comma ends no cell.
    for (const company of ['"Acme, Inc"', '"Acme, ""Inc"""']) {
      const table = await read(`id,company,email\nu1,${company},a"b@x.io\nu2,B,b@x.io\n`);
      expect(table.errors).toEqual([{ line: 2, message: 'cell 3 ("email") holds a quote but is not in quotes (such a cell is put in quotes, its own quotes written twice): a"b@x.io' }]);
      expect(rowsOf(table)).toEqual([[3, { id: 'u2', company: 'B', email: 'b@x.io' }]]);
    }
    // Notepad's byte-order mark is no part of the header's first cell.
    expect((await read('\uFEFFuser"name,email\nada,a@x\n')).errors).toEqual([
      { line: 1, message: 'the header row cannot be read, so nothing was imported; fix it, then import again: its cell 1 holds a quote but is not in quotes (such a cell is put in quotes, its own quotes written twice): user"name' },
    ]);
    expect((await read('username,"e\nmail"x\nada,a@x\n')).errors).toEqual([
      { line: 1, message: 'the header row cannot be read, so nothing was imported; fix it, then import again: its cell 2 (on line 2) has text after its closing quote (a quote inside a quoted cell is written twice, as ""): …mail"x' },
    ]);
  });
});
