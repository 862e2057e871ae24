// The search corpus must find exactly the rows a per-row String.includes over the lower-cased
// texts finds, whatever the texts hold (any Unicode, case changes that change the byte length,
// rows larger than a buffer) and wherever buffer boundaries fall. And the index's search over it
// must keep the documented rule (src-shared/search-text.ts): a text anywhere in the payload
// JSON, case-insensitively; for a JSON fragment, with whitespace between tokens ignored on both sides.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SearchCorpus } from '../../../src-main/store/search-corpus';
import { MessageIndex } from '../../../src-main/store/message-index';
import { canonicalJsonEscapes, compactJsonText, compactNeedles, isJsonFragment } from '../../../src-shared/search-text';
import type { MessageSummary } from '../../../src-shared/capture';
import { summaryRow } from '../../summary-row';

/** The rule, row by row, as the index applied it before it had a corpus. */
function naiveRows(texts: readonly string[], text: string): number[] {
  const needle = text.toLowerCase();
  const out: number[] = [];
  texts.forEach((t, i) => {
    const lower = canonicalJsonEscapes(t).toLowerCase();
    if (lower.includes(needle)) out.push(i);
    else if (isJsonFragment(needle)) {
      const compact = compactJsonText(lower);
      if (compactNeedles(needle).some((r) => compact.includes(r))) out.push(i);
    }
  });
  return out;
}

function found(corpus: SearchCorpus, needle: string, from = 0): number[] {
  const rows: number[] = [];
  corpus.find(Buffer.from(needle.toLowerCase()), from, (r) => rows.push(r));
  return rows;
}

describe('SearchCorpus', () => {
  it('finds rows by lower-cased text, across buffers, never across rows', () => {
    const corpus = new SearchCorpus(64);
    const texts = ['{"a":"Ada@Example.COM"}', '{"b":"x"}', '{"c":"ÜNÏCODE 😀"}', '{"d":"' + 'z'.repeat(100) + '"}', '{"e":"İstanbul"}', '{"f":1}'];
    corpus.appendText(texts[0]!);
    corpus.appendBytes(Buffer.from(`head${texts[1]}tail`), 4, 4 + Buffer.byteLength(texts[1]!));
    for (const t of texts.slice(2)) {
      const b = Buffer.from(t);
      corpus.appendBytes(b, 0, b.length);
    }
    expect(corpus.rows).toBe(6);
    expect(found(corpus, 'ada@example.com')).toEqual([0]);
    expect(found(corpus, 'ünïcode 😀')).toEqual([2]);
    expect(found(corpus, 'z'.repeat(100))).toEqual([3]);
    // 'İ' lower-cases to two code points, three bytes where it had two.
    expect(found(corpus, 'i̇stanbul')).toEqual([4]);
    expect(found(corpus, '{')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(found(corpus, '{', 3)).toEqual([3, 4, 5]);
    // The end of one row and the start of the next are not one text.
    expect(found(corpus, '"}{"')).toEqual([]);
    expect(found(corpus, '}\n{')).toEqual([]);
    expect(found(corpus, '')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(corpus.textAt(2)).toBe('{"c":"ünïcode 😀"}');
    expect(corpus.textAt(5)).toBe('{"f":1}');
    expect(corpus.rowContains(3, Buffer.from('zzz'))).toBe(true);
    expect(corpus.rowContains(5, Buffer.from('zzz'))).toBe(false);
    corpus.clear();
    expect(corpus.rows).toBe(0);
    expect(found(corpus, '{')).toEqual([]);
  });

  it("finds escaped characters by what they are: analytics-python's \\u00fc as ü, PHP's \\/ as /", () => {
    const corpus = new SearchCorpus(64);
    // As Python's json.dumps writes them (ensure_ascii): every non-ASCII character escaped, an
    // astral one as a surrogate pair. \u0022 and \u000a read as JSON.stringify writes them (\" and
    // \n); an escaped backslash before a "u" and a lone surrogate stay as they are.
    const texts = [
      '{"city": "Z\\u00fcrich", "jp": "\\u65e5\\u672c\\u8a9e", "emoji": "\\ud83d\\ude00"}',
      '{"url":"https:\\/\\/example.com\\/a"}',
      '{"q":"say \\u0022hi\\u0022\\u000a","path":"C:\\\\users","lone":"\\ud800x"}',
    ];
    corpus.appendText(texts[0]!);
    for (const t of texts.slice(1)) corpus.appendBytes(Buffer.from(t), 0, Buffer.byteLength(t));
    expect(found(corpus, 'Zürich')).toEqual([0]);
    expect(found(corpus, '日本語')).toEqual([0]);
    expect(found(corpus, '😀')).toEqual([0]);
    expect(found(corpus, 'https://example.com/a')).toEqual([1]);
    expect(found(corpus, 'u00fc')).toEqual([]);
    expect(corpus.textAt(2)).toBe('{"q":"say \\"hi\\"\\n","path":"c:\\\\users","lone":"\\ud800x"}');
  });

  it('finds a text that opens a row, however many rows lie between it and the last hit', () => {
    const corpus = new SearchCorpus();
    const rows = ['{a', 'b', 'c', '{d', 'e', 'f', 'g', 'h', '{i', 'j', '{k', '{l'];
    for (const r of rows) corpus.appendText(r);
    expect(found(corpus, '{')).toEqual([0, 3, 8, 10, 11]);
    expect(found(corpus, '{', 1)).toEqual([3, 8, 10, 11]);
    expect(corpus.rowContains(0, Buffer.from('{a'))).toBe(true);
    expect(corpus.rowContains(1, Buffer.from('{a'))).toBe(false);
    expect(corpus.rowContains(11, Buffer.from('{l'))).toBe(true);
  });

  it('holds thousands of rows (its row table grows)', () => {
    const corpus = new SearchCorpus(4096);
    for (let i = 0; i < 3000; i++) corpus.appendText(`{"n":"Row-${i}"}`);
    expect(corpus.rows).toBe(3000);
    expect(found(corpus, 'row-2999"')).toEqual([2999]);
    expect(found(corpus, 'row-1024"')).toEqual([1024]);
    expect(corpus.textAt(2048)).toBe('{"n":"row-2048"}');
  });

  it('reports each byte with its neighbours, and skips the rest of a row when told', () => {
    const corpus = new SearchCorpus(32);
    for (const t of ['{"a": 1}', '{"b":"x y"}', ' {"c" :[1, 2]}']) corpus.appendText(t);
    const seen: [number, string, string][] = [];
    corpus.findByte(0x20, 0, (row, before, after) => {
      seen.push([row, String.fromCharCode(before), String.fromCharCode(after)]);
      return false;
    });
    expect(seen).toEqual([
      [0, ':', '1'],
      [1, 'x', 'y'],
      [2, '\0', '{'],
      [2, '"', ':'],
      [2, ',', '2'],
    ]);
    const rows: number[] = [];
    corpus.findByte(0x20, 1, (row) => {
      rows.push(row);
      return true;
    });
    expect(rows).toEqual([1, 2]);
  });

  it('agrees with String.includes per row for any texts and needles', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('{"plan": "Pro"}', '{"plan":"pro"}', '{ "a" : [1 ,2] }', 'ÄÖÜ ß İ', ''));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), fc.integer({ min: 8, max: 64 }), fc.oneof(text, fc.constantFrom('pro', '"plan":"pro"', 'ü', ' ', '"')), (texts, chunk, needle) => {
        const clean = texts.map((t) => t.replace(/\n/g, ' '));
        const corpus = new SearchCorpus(chunk);
        clean.forEach((t, i) => {
          if (i % 2 === 0) corpus.appendText(t);
          else {
            const b = Buffer.from(t);
            corpus.appendBytes(b, 0, b.length);
          }
        });
        const lowered = needle.replace(/\n/g, ' ').toLowerCase();
        const expected = clean.flatMap((t, i) => (Buffer.from(canonicalJsonEscapes(t).toLowerCase()).includes(Buffer.from(lowered)) ? [i] : []));
        expect(found(corpus, lowered)).toEqual(expected);
        clean.forEach((t, i) => expect(corpus.textAt(i)).toBe(Buffer.from(canonicalJsonEscapes(t).toLowerCase()).toString()));
      }),
      { numRuns: 300 },
    );
  });

  it('takes over from the second thread in the row after the last one it reported', async () => {
    // Buffers of 64 bytes: two long rows fill one each, the six short ones share the third, which
    // the second thread scans. Room for 3 hits: it stops at row 3's second "pro".
    const corpus = new SearchCorpus(64, { minBytes: 1, maxHits: 3 });
    try {
      for (const t of ['a'.repeat(50), 'b'.repeat(50), 'pro pro', 'pro pro', 'pro pro', 'x', 'pro pro', 'pro pro']) corpus.appendText(t);
      expect(found(corpus, 'pro')).toEqual([2, 3, 4, 6, 7]);
      expect(found(corpus, 'pro', 4)).toEqual([4, 6, 7]);
    } finally {
      await corpus.close();
    }
  });

  it('maps the hits of the second thread to rows from its first buffer on, and resumes in the right buffer when it runs out of room', async () => {
    // Rows of 20 characters take a 64-byte buffer each; the short ones share one. Six buffers: the
    // second thread scans the last three (rows 3 to 7). With room for 2 hits it stops at row 4's
    // second "pro", in its second buffer, and this thread goes on from row 5 to the end.
    const corpus = new SearchCorpus(64, { minBytes: 1, maxHits: 2 });
    const two = new SearchCorpus(64, { minBytes: 1 });
    try {
      for (const t of ['x'.repeat(20), 'y'.repeat(20), 'pro' + 'z'.repeat(17), 'pro' + 'w'.repeat(17), 'pro pro' + 'v'.repeat(13), 'q', 'pro', 'pro' + 'u'.repeat(17)]) corpus.appendText(t);
      expect(found(corpus, 'pro')).toEqual([2, 3, 4, 6, 7]);
      expect(found(corpus, 'pro', 3)).toEqual([3, 4, 6, 7]);
      // Two buffers: the second thread's first hit is in row 1, the first row it scans.
      for (const t of ['x'.repeat(20), 'a b pro' + 'x'.repeat(13)]) two.appendText(t);
      expect(found(two, 'pro')).toEqual([1]);
      const spaced: number[] = [];
      two.findRowsWithByte(0x20, 0, undefined, (r) => spaced.push(r));
      expect(spaced).toEqual([1]);
    } finally {
      await Promise.all([corpus.close(), two.close()]);
    }
  });

  it('resumes in the first row of the buffer the second thread stopped in, when its last hit was in an earlier buffer', async () => {
    // Buffers: [row 0], [row 1], [rows 2, 3], [row 4]; the second thread scans the last two, fills
    // its room with row 2's two hits and stops at row 4's: this thread goes on from row 4.
    const corpus = new SearchCorpus(64, { minBytes: 1, maxHits: 2 });
    try {
      for (const t of ['x'.repeat(20), 'y'.repeat(20), 'pro pro' + 'v'.repeat(8), 'k', 'pro' + 'u'.repeat(17)]) corpus.appendText(t);
      expect(found(corpus, 'pro')).toEqual([2, 4]);
    } finally {
      await corpus.close();
    }
  });

  it('finds rows holding a byte across the same buffers, also when the second thread stops in its second buffer', async () => {
    const corpus = new SearchCorpus(64, { minBytes: 1, maxHits: 2 });
    const rowsWith = (from: number) => {
      const rows: number[] = [];
      corpus.findRowsWithByte(0x20, from, undefined, (r) => rows.push(r));
      return rows;
    };
    try {
      for (const t of ['x'.repeat(20), 'y'.repeat(20), ' ' + 'z'.repeat(19), ' ' + 'w'.repeat(19), '  ' + 'v'.repeat(18), 'q', ' ', ' ' + 'u'.repeat(19)]) corpus.appendText(t);
      expect(rowsWith(0)).toEqual([2, 3, 4, 6, 7]);
      expect(rowsWith(3)).toEqual([3, 4, 6, 7]);
      corpus.clear();
      for (const t of ['x'.repeat(20), 'y'.repeat(20), '  ' + 'v'.repeat(13), 'k', ' ' + 'u'.repeat(19)]) corpus.appendText(t);
      expect(rowsWith(0)).toEqual([2, 4]);
    } finally {
      await corpus.close();
    }
  });

  it('looks on in a row past a space whose neighbours do not count', () => {
    const corpus = new SearchCorpus(64);
    corpus.appendText('{"a":"x y","b": 1}');
    const flags = (chars: string) => Uint8Array.from({ length: 256 }, (_, b) => (chars.includes(String.fromCharCode(b)) ? 1 : 0));
    const rows: number[] = [];
    corpus.findRowsWithByte(0x20, 0, { before: flags(':'), after: flags('}') }, (r) => rows.push(r));
    expect(rows).toEqual([0]);
  });

  it('finds the rows holding a byte in a context, on one thread or two, also when the second runs out of room', async () => {
    const flags = (chars: string) => {
      const f = new Uint8Array(256);
      for (const ch of chars) f[ch.charCodeAt(0)] = 1;
      return f;
    };
    const context = { before: flags(':,{[\0'), after: flags('}],:\n') };
    /** The rule row by row: a space after a marked byte (or at the row's start), or before one (or at its end). */
    const naive = (texts: string[], from: number, withContext: boolean) =>
      texts.flatMap((t, i) => {
        if (i < from) return [];
        const lower = Buffer.from(canonicalJsonEscapes(t).toLowerCase());
        for (let j = 0; j < lower.length; j++) {
          if (lower[j] !== 0x20) continue;
          if (!withContext) return [i];
          const before = j === 0 ? 0 : lower[j - 1]!;
          const after = j + 1 === lower.length ? 0x0a : lower[j + 1]!;
          if (context.before[before] === 1 || context.after[after] === 1) return [i];
        }
        return [];
      });
    const corpora = [new SearchCorpus(48), new SearchCorpus(48, { minBytes: 1, maxHits: 2 }), new SearchCorpus(48, { minBytes: 1, maxHits: 1000 })];
    try {
      const text = fc.oneof(fc.constantFrom('{"a": 1}', '{"b":"x y"}', ' {"c" :[1, 2]}', '{ }', 'a b c', 'x ', ' ab'), fc.string({ maxLength: 12 }).map((t) => t.replace(/\n/g, ' ')));
      fc.assert(
        fc.property(fc.array(text, { minLength: 1, maxLength: 30 }), fc.nat(2), fc.nat(30), fc.boolean(), (texts, which, from, withContext) => {
          const corpus = corpora[which]!;
          corpus.clear();
          for (const t of texts) corpus.appendText(t);
          const start = Math.min(from, texts.length - 1);
          const rows: number[] = [];
          corpus.findRowsWithByte(0x20, start, withContext ? context : undefined, (r) => rows.push(r));
          expect(rows).toEqual(naive(texts, start, withContext));
        }),
        { numRuns: 300 },
      );
    } finally {
      await Promise.all(corpora.map((c) => c.close()));
    }
  });

  it('finds the same rows, in order, when a second thread scans the later buffers, also when it runs out of room for hits', async () => {
    // One corpus per (buffer size, room for hits), reused across runs through clear(): a thread
    // takes tens of milliseconds to start. Room for 3 hits makes this thread take over part-way.
    const corpora = [16, 64].flatMap((chunk) => [3, 1000].map((maxHits) => new SearchCorpus(chunk, { minBytes: 1, maxHits })));
    try {
      const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('{"plan":"pro","pro":"PRO"}', 'pro pro pro', 'ÄÖÜ ß İ', ''));
      fc.assert(
        fc.property(
          fc.array(text, { minLength: 1, maxLength: 40 }),
          fc.nat(corpora.length - 1),
          fc.oneof(text, fc.constantFrom('pro', 'o', '"', 'ü')),
          fc.nat(40),
          (texts, which, needle, from) => {
            const corpus = corpora[which]!;
            corpus.clear();
            const clean = texts.map((t) => t.replace(/\n/g, ' '));
            for (const t of clean) corpus.appendText(t);
            const lowered = needle.replace(/\n/g, ' ').toLowerCase();
            const start = Math.min(from, clean.length - 1);
            const expected = clean.flatMap((t, i) => (i >= start && Buffer.from(canonicalJsonEscapes(t).toLowerCase()).includes(Buffer.from(lowered)) ? [i] : []));
            expect(found(corpus, lowered, start)).toEqual(expected);
          },
        ),
        { numRuns: 300 },
      );
    } finally {
      await Promise.all(corpora.map((c) => c.close()));
    }
  });
});

const summary = (seq: number) => summaryRow(seq, { name: 'x', endpoint: '/v1/track', origin: 'test' as MessageSummary['origin'] });

/** An index whose rows' texts sit in a fake log (as ingest leaves them), some given as strings. */
function indexOver(texts: readonly string[], given: (i: number) => boolean): { index: MessageIndex; add(text: string, asString: boolean): void } {
  const log: Buffer[] = [];
  let size = 0;
  const index = new MessageIndex((offset, length) => Buffer.concat(log).subarray(offset, offset + length));
  const add = (text: string, asString: boolean) => {
    const bytes = Buffer.from(`{"seq":${index.size + 1},"message":${text}}\n`);
    const head = Buffer.byteLength(`{"seq":${index.size + 1},"message":`);
    index.add(summary(index.size + 1), undefined, size, bytes.length - 1, asString ? text : undefined, size + head, Buffer.byteLength(text));
    log.push(bytes);
    size += bytes.length;
  };
  texts.forEach((t, i) => add(t, given(i)));
  return { index, add };
}

describe('MessageIndex search', () => {
  const texts = [
    '{"plan": "Pro","user":"Ada"}',
    '{"plan":"pro"}',
    '{\n\t"plan" :\r\n "PRO" }',
    '{"note":"plan: pro"}',
    '{"event":"Order Completed","email":"ada@example.com"}',
    '{"event":"order  completed"}',
    '{"ü":"ÄÖÜ"}',
  ];

  it('keeps the rule: anywhere in the payload, any case; a fragment however either side spaced it', () => {
    const { index } = indexOver(texts, (i) => i % 3 === 0);
    for (const needle of ['pro', '"plan":"pro"', '"plan": "pro"', 'plan": "pro', 'plan: pro', 'order completed', '"event":"order completed"', 'ADA', '"ü":"äöü"', '"', ' ', 'nothing']) {
      expect(index.search(needle), needle).toEqual(naiveRows(texts, needle).map((i) => i + 1));
    }
  });

  it('extends a search to rows added since, and narrows it as the text grows', () => {
    const { index, add } = indexOver(texts, () => false);
    expect(index.search('pro')).toEqual([1, 2, 3, 4]);
    add('{"plan":"Pro Max"}', false);
    add('{"plan" : "pro"}', true);
    const all = [...texts, '{"plan":"Pro Max"}', '{"plan" : "pro"}'];
    for (const needle of ['pro', 'pro max', 'pro', '"plan":"pro"', '"plan":"pro', 'ada', 'ada@', 'ada@example']) {
      expect(index.search(needle), needle).toEqual(naiveRows(all, needle).map((i) => i + 1));
    }
    expect(index.filter({ text: 'PRO MAX' }).map((i) => index.seqAt(i))).toEqual([8]);
    add('{"plan":"pro max"}', false);
    expect(index.filter({ text: 'pro max' }, 8).map((i) => index.seqAt(i))).toEqual([10]);
    index.clear();
    expect(index.search('pro')).toEqual([]);
  });

  it('searches the texts the loader handed over without reading the log back; only later rows are read', () => {
    const reads: [number, number][] = [];
    const log = Buffer.from('{"seq":3,"message":{"event":"Late"}}\n');
    const index = new MessageIndex((offset, length) => {
      reads.push([offset, length]);
      return log.subarray(offset, offset + length);
    });
    // Rows as the loader adds them: the text's place in the file, and the text itself at once.
    index.add(summary(1), undefined, 1000, 40, undefined, 1010, 20);
    index.noteText('{"event":"Loaded One"}');
    index.add(summary(2), undefined, 2000, 40, undefined, 2010, 20);
    index.noteText('{"event":"Loaded Two"}');
    expect(index.search('loaded')).toEqual([1, 2]);
    expect(reads).toEqual([]);
    // A live capture's text is in the file only; the first search that reaches it reads it there.
    const head = Buffer.byteLength('{"seq":3,"message":');
    index.add(summary(3), undefined, 0, log.length - 1, undefined, head, log.length - 1 - head - 1);
    expect(index.search('"event":"late"')).toEqual([3]);
    expect(reads).toEqual([[head, log.length - 1 - head - 1]]);
    // A text handed over for a row the corpus is not level with is not taken (it would shift every row after it).
    index.add(summary(4), undefined, 0, log.length - 1, undefined, head, log.length - 1 - head - 1);
    index.add(summary(5), undefined, 0, 10, '{"event":"Five"}');
    index.noteText('{"event":"Wrong"}');
    expect(index.search('late')).toEqual([3, 4]);
    expect(index.search('five')).toEqual([5]);
    expect(index.search('wrong')).toEqual([]);
  });

  it('agrees with the rule row by row for any payloads and texts', () => {
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('Pro', 'pro', 'Ä Ö', 'a: b'), fc.integer());
    const payload = fc.tuple(fc.dictionary(fc.constantFrom('plan', 'event', 'ü', 'n'), value, { maxKeys: 3 }), fc.constantFrom(0, 1, 2)).map(([o, spacing]) => {
      const json = JSON.stringify(o, null, spacing === 2 ? '\t' : undefined);
      return spacing === 1 ? json.replace(/":/g, '": ').replace(/,"/g, ', "') : json.replace(/\n/g, ' ');
    });
    fc.assert(
      fc.property(fc.array(payload, { minLength: 1, maxLength: 12 }), fc.array(fc.oneof(fc.constantFrom('pro', '"plan":"pro"', '"plan": "pro"', 'plan":"', ': ', '"ü":'), fc.string({ maxLength: 4 })), { maxLength: 4 }), (rows, needles) => {
        const { index } = indexOver(rows, (i) => i % 2 === 1);
        for (const needle of needles) expect(index.search(needle)).toEqual(naiveRows(rows, needle).map((i) => i + 1));
      }),
      { numRuns: 200 },
    );
  });

  it('narrows a text typed on among few matches, and reuses or grows its marks as rows arrive', () => {
    // 300 rows, three of them about Ada: few enough matches that a longer text is checked only in
    // the rows that matched the shorter one. Then 1,100 arrivals take the rows past the marks kept.
    const rows = Array.from({ length: 300 }, (_, i) => (i === 10 ? '{"plan": "pro","user":"Ada Lovelace"}' : i === 20 ? '{"plan":"pro","user":"ada"}' : i === 30 ? '{"user":"adam"}' : `{"n":${i}}`));
    const { index, add } = indexOver(rows, (i) => i % 2 === 1);
    const check = (needle: string) => expect(index.search(needle), needle).toEqual(naiveRows(rows, needle).map((i) => i + 1));
    for (const needle of ['ada', 'ada l', 'ada lovelace', 'plan', '"plan":"pro', '"plan":"pro"', 'n', 'zz', 'ada']) check(needle);
    const more = Array.from({ length: 1100 }, (_, i) => (i % 500 === 7 ? '{"user":"Ada"}' : `{"c":${i}}`));
    for (const t of more) add(t, false);
    rows.push(...more);
    // The same text again first: its marks are extended, grown past the 1,024 kept.
    for (const needle of ['ada', 'zz', 'ada', '"c":1', 'ada l', 'plan']) check(needle);
  });

  it('agrees with the rule through any run of searches and arrivals (marks reused, extended, narrowed)', () => {
    const payload = fc.oneof(fc.constantFrom('{"plan":"Pro"}', '{"plan": "pro max"}', '{"n":1}', '{"user":"ada"}', '{"ü":"Ä"}'), fc.string({ maxLength: 6 }).map((v) => JSON.stringify({ v })));
    const step = fc.oneof(
      fc.record({ add: fc.array(payload, { minLength: 1, maxLength: 1100 }) }),
      fc.record({ search: fc.constantFrom('pro', 'pro max', 'p', '"plan":"pro', 'ada', 'a', '{', 'ä', 'zz') }),
    );
    fc.assert(
      fc.property(fc.array(payload, { minLength: 1, maxLength: 30 }), fc.array(step, { maxLength: 10 }), (first, steps) => {
        const rows = [...first];
        const { index, add } = indexOver(rows, (i) => i % 2 === 1);
        for (const s of steps) {
          if ('add' in s) {
            for (const t of s.add) add(t, rows.length % 3 === 0);
            rows.push(...s.add);
          } else expect(index.search(s.search), s.search).toEqual(naiveRows(rows, s.search).map((i) => i + 1));
        }
      }),
      { numRuns: 150 },
    );
  });
});
