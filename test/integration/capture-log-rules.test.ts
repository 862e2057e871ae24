// CaptureLog (src-main/store/capture-log.ts) on its own, on real files in a temp dir: LineRunReader's
// runs of whole lines and their byte offsets, append offsets and the fresh line after a torn
// tail, queued appends behind a truncate, the failure record (ENOSPC injected under writev, as in
// write-failure.test.ts) and the cut-back that cannot be done (issue #15).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CaptureLog, LineRunReader, type LineRun } from '../../src-main/store/capture-log';

const fault: { writev?: (length: number) => number | Error; ftruncate?: () => Error | undefined; fstat?: () => Error | undefined } = {};

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writevSync = (fd: number, buffers: NodeJS.ArrayBufferView[], position?: number): number => {
    const decide = fault.writev;
    if (!decide) return fs.writevSync(fd, buffers, position);
    const data = Buffer.concat(buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
    const n = decide(data.length);
    if (n instanceof Error) throw n;
    return n === 0 ? 0 : fs.writevSync(fd, [data.subarray(0, n)], position);
  };
  const ftruncateSync = (fd: number, len?: number) => {
    const e = fault.ftruncate?.();
    if (e) throw e;
    return fs.ftruncateSync(fd, len);
  };
  const fstatSync = ((fd: number, ...rest: unknown[]) => {
    const e = fault.fstat?.();
    if (e) throw e;
    return (fs.fstatSync as (...a: unknown[]) => unknown)(fd, ...rest);
  }) as typeof fs.fstatSync;
  return { ...fs, default: { ...fs, writevSync, ftruncateSync, fstatSync }, writevSync, ftruncateSync, fstatSync };
});

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

const dirs: string[] = [];
const logs: CaptureLog[] = [];
afterEach(async () => {
  fault.writev = fault.ftruncate = fault.fstat = undefined;
  for (const l of logs.splice(0)) await l.close().catch(() => undefined);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempFile(content?: string): string {
  const d = mkdtempSync(join(tmpdir(), 'eventbench-capture-log-'));
  dirs.push(d);
  const path = join(d, 'captures.ndjson');
  if (content !== undefined) writeFileSync(path, content);
  return path;
}
/** A line the log held when opened: its number, byte offset and length, text. */
interface LogLine {
  line: number;
  offset: number;
  length: number;
  text: string;
}
/** Opens the log and reads the lines it held (each flagged when it is a last one without a newline). */
async function openLog(path: string, lines: [LogLine, boolean][] = []): Promise<CaptureLog> {
  const log = await CaptureLog.openForAppend(path);
  logs.push(log);
  const reader = log.lineRuns(64);
  for (let run: LineRun | undefined; (run = await reader.next()); reader.release(run)) {
    let start = 0;
    while (start < run.bytes.length) {
      const nl = run.bytes.indexOf(0x0a, start);
      const end = nl < 0 ? run.bytes.length : nl;
      const offset = run.fileOffset + start;
      lines.push([{ line: lines.length + 1, offset, length: end - start, text: run.bytes.toString('utf8', start, end) }, nl < 0]);
      start = end + 1;
    }
  }
  return log;
}
const B = (s: string) => Buffer.from(s);

describe('LineRunReader', () => {
  /** Every run of a file, each released once read (as the load does) unless `hold`. */
  async function runsOf(content: string, runBytes: number, end = Infinity, hold = false) {
    const fh = await open(tempFile(content), 'r');
    try {
      const reader = new LineRunReader(fh, Math.min(end, Buffer.byteLength(content)), runBytes);
      const runs: { text: string; fileOffset: number; endsUnterminated: boolean; shared: boolean; slot: Buffer }[] = [];
      for (let run: LineRun | undefined; (run = await reader.next()); ) {
        runs.push({ text: run.bytes.toString(), fileOffset: run.fileOffset, endsUnterminated: run.endsUnterminated, shared: run.bytes.buffer instanceof SharedArrayBuffer, slot: run.slot });
        if (!hold) reader.release(run);
      }
      return runs;
    } finally {
      await fh.close();
    }
  }

  it('reads whole lines only, a line longer than a run in a bigger buffer, a torn tail as the last run, in shared memory', async () => {
    const content = `a\nbb\n${'c'.repeat(40)}\ndd\n\ne\n${'f'.repeat(10)}`;
    const runs = await runsOf(content, 16);
    expect(runs.map(({ text, fileOffset, endsUnterminated }) => [text, fileOffset, endsUnterminated])).toEqual([
      ['a\nbb\n', 0, false],
      // The long line needed a buffer of 64: it took the lines after it that fit.
      [`${'c'.repeat(40)}\ndd\n\ne\n`, 5, false],
      ['f'.repeat(10), 52, true],
    ]);
    expect(runs.every((r) => r.shared)).toBe(true);
    // Released runs' buffers carry the next ones; the bigger ones are not kept.
    expect(runs[2].slot).toBe(runs[0].slot);
    expect(runs[0].slot.length).toBe(16);
    expect(runs[1].slot.length).toBeGreaterThanOrEqual(41);
  });

  it("a buffer still held is not reused; the file's end is where it was opened; empty and newline-only files", async () => {
    const held = await runsOf('x\ny\nz\n', 2, Infinity, true);
    expect(held.map((r) => r.text)).toEqual(['x\n', 'y\n', 'z\n']);
    expect(new Set(held.map((r) => r.slot)).size).toBe(3);
    // Bytes after `end` (appended since the file was opened) are not read; the last line read is then cut.
    expect((await runsOf('one\ntwo\nthree\n', 64, 8)).map((r) => [r.text, r.endsUnterminated])).toEqual([['one\ntwo\n', false]]);
    expect((await runsOf('one\ntwo\nthree\n', 64, 6)).map((r) => [r.text, r.endsUnterminated])).toEqual([['one\n', false], ['tw', true]]);
    expect(await runsOf('', 64)).toEqual([]);
    expect((await runsOf('\n\n', 64)).map((r) => r.text)).toEqual(['\n\n']);
  });

  it('a run ends at the last newline read, never at stale bytes a reused buffer still holds; a blank first line is a run', async () => {
    // The second run reuses the first's buffer, which holds a newline past what the second reads.
    expect((await runsOf('abcdef\ng\nhij', 8)).map((r) => [r.text, r.endsUnterminated])).toEqual([['abcdef\n', false], ['g\n', false], ['hij', true]]);
    expect((await runsOf(`\n${'x'.repeat(20)}\n`, 16)).map((r) => r.text)).toEqual(['\n', `${'x'.repeat(20)}\n`]);
  });

  it('whatever the run size, the runs are the file, in order, each but a torn last one ending a line', async () => {
    const content = Array.from({ length: 60 }, (_, i) => 'é'.repeat(i % 17) + String(i)).join('\n') + '\ntail';
    for (const size of [1, 3, 8, 50, 4096]) {
      const runs = await runsOf(content, size);
      expect(Buffer.concat(runs.map((r) => Buffer.from(r.text))).toString()).toBe(content);
      let at = 0;
      for (const r of runs) {
        expect(r.fileOffset).toBe(at);
        at += Buffer.byteLength(r.text);
        expect(r.text.endsWith('\n')).toBe(!r.endsUnterminated);
      }
      expect(runs.at(-1)!.endsUnterminated).toBe(true);
    }
  });
});

describe('appends', () => {
  it('each resolves with the offset its data starts at; a reopened log scans them all', async () => {
    const path = tempFile();
    const log = await openLog(path);
    expect(await log.append(B('one\n'))).toBe(0);
    expect(await log.append(B('two é\n'))).toBe(4);
    expect(await log.append(B('3\n'))).toBe(11);
    expect(log.existingSize).toBe(0);
    expect(await log.read(4, 7)).toBe('two é\n');
    expect((await log.readBytes(11, 2)).toString()).toBe('3\n');
    expect(log.readSync(0, 4).toString()).toBe('one\n');
    // Past the end: what there is.
    expect((await log.readBytes(11, 100)).toString()).toBe('3\n');
    expect(log.readSync(11, 100).toString()).toBe('3\n');
    expect(await log.read(11, 100)).toBe('3\n');
    await log.close();
    logs.pop();
    const lines: [LogLine, boolean][] = [];
    const again = await openLog(path, lines);
    expect(lines.map(([l]) => l.text)).toEqual(['one', 'two é', '3']);
    expect(again.existingSize).toBe(13);
    expect(await again.append(B('4\n'))).toBe(13);
  });

  it('after a torn tail the next append starts on a fresh line, and its offset is past the added newline', async () => {
    const path = tempFile('whole\ntor');
    const lines: [LogLine, boolean][] = [];
    const log = await openLog(path, lines);
    expect(lines).toEqual([
      [{ line: 1, offset: 0, length: 5, text: 'whole' }, false],
      [{ line: 2, offset: 6, length: 3, text: 'tor' }, true],
    ]);
    expect(await log.append(B('next\n'))).toBe(10);
    expect(await log.append(B('more\n'))).toBe(15);
    expect(readFileSync(path, 'utf8')).toBe('whole\ntor\nnext\nmore\n');
  });

  it('appends queued behind a truncate are written after it, copied (the caller may reuse its buffer), from offset 0', async () => {
    const path = tempFile('old line\n');
    const log = await openLog(path);
    const cleared = log.truncate();
    const buf = B('aaaa\n');
    const a = log.append(buf);
    buf.write('XXXX\n');
    const b = log.append(B('bb\n'));
    const flushed = log.flushed();
    await cleared;
    expect(await a).toBe(0);
    expect(await b).toBe(5);
    await flushed;
    expect(readFileSync(path, 'utf8')).toBe('aaaa\nbb\n');
    // Once the queue is empty, appends are written at once again.
    expect(await log.append(B('c\n'))).toBe(8);
    await log.flushed();
  });

  it('a truncate after a torn tail: the next append needs no newline', async () => {
    const path = tempFile('torn');
    const log = await openLog(path);
    await log.truncate();
    expect(await log.append(B('x\n'))).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('x\n');
  });

  it('a short write goes on with the rest; a write that makes no progress fails', async () => {
    const path = tempFile();
    const log = await openLog(path);
    fault.writev = (length) => Math.min(3, length);
    expect(await log.append(B('0123456789\n'))).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('0123456789\n');
    let calls = 0;
    fault.writev = (length) => (++calls === 1 ? Math.min(4, length) : 0);
    await expect(log.append(B('abcdefgh\n'))).rejects.toThrow('the capture log write made no progress');
    expect(readFileSync(path, 'utf8')).toBe('0123456789\n');
  });
});

describe('failures', () => {
  it('cut back to the last good offset; recorded with code, first time and count; told once, and again when a write succeeds', async () => {
    const path = tempFile();
    const log = await openLog(path);
    const told: unknown[] = [];
    log.onWriteStatus = (f) => told.push(f);
    await log.append(B('good\n'));
    let free = 3;
    fault.writev = (length) => {
      if (free === 0) return enospc();
      const n = Math.min(free, length);
      free -= n;
      return n;
    };
    await expect(log.append(B('lost line\n'))).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe('good\n');
    const first = log.writeFailure!;
    expect(first).toEqual({ message: 'ENOSPC: no space left on device, write', code: 'ENOSPC', since: expect.any(String), failedWrites: 1 });
    expect(new Date(first.since).toISOString()).toBe(first.since);
    await expect(log.append(B('again\n'))).rejects.toThrow(/ENOSPC/);
    expect(log.writeFailure).toEqual({ ...first, failedWrites: 2 });
    expect(told).toEqual([first]);

    fault.writev = undefined;
    expect(await log.append(B('back\n'))).toBe(5);
    expect(log.writeFailure).toBeUndefined();
    expect(told).toEqual([first, undefined]);
    expect(readFileSync(path, 'utf8')).toBe('good\nback\n');
    // A success while nothing failed tells nobody.
    await log.append(B('more\n'));
    expect(told).toHaveLength(2);
  });

  it('an error without a code is recorded without one', async () => {
    const log = await openLog(tempFile());
    fault.writev = () => new Error('weird');
    await expect(log.append(B('x\n'))).rejects.toThrow('weird');
    expect(log.writeFailure).toEqual({ message: 'weird', since: expect.any(String), failedWrites: 1 });
    expect('code' in log.writeFailure!).toBe(false);
  });

  it('when the part written cannot be cut back, the error says so and the next append starts on a fresh line after it', async () => {
    const path = tempFile();
    const log = await openLog(path);
    await log.append(B('good\n'));
    let free = 4;
    fault.writev = (length) => {
      if (free === 0) return enospc();
      const n = Math.min(free, length);
      free -= n;
      return n;
    };
    fault.ftruncate = () => Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' });
    await expect(log.append(B('partial line\n'))).rejects.toMatchObject({
      message: 'ENOSPC: no space left on device, write; the part already written could not be removed (EIO: i/o error, ftruncate)',
      code: 'ENOSPC',
    });
    expect(log.writeFailure).toMatchObject({ code: 'ENOSPC', message: 'ENOSPC: no space left on device, write; the part already written could not be removed (EIO: i/o error, ftruncate)' });
    fault.writev = fault.ftruncate = undefined;
    expect(await log.append(B('next\n'))).toBe(10);
    expect(readFileSync(path, 'utf8')).toBe('good\npart\nnext\n');
  });

  it('when nothing was written before the error and the cut-back fails, no newline is added', async () => {
    const path = tempFile();
    const log = await openLog(path);
    await log.append(B('good\n'));
    fault.writev = () => enospc();
    fault.ftruncate = () => new Error('EIO');
    await expect(log.append(B('x\n'))).rejects.toThrow(/could not be removed/);
    fault.writev = fault.ftruncate = undefined;
    expect(await log.append(B('next\n'))).toBe(5);
    expect(readFileSync(path, 'utf8')).toBe('good\nnext\n');
  });

  it('a failed append queued behind a truncate rejects, and the ones after it still go through', async () => {
    const path = tempFile('old\n');
    const log = await openLog(path);
    let calls = 0;
    fault.writev = (length) => (++calls === 2 ? enospc() : length);
    const cleared = log.truncate();
    const a = log.append(B('a\n'));
    const b = log.append(B('b\n'));
    const c = log.append(B('c\n'));
    await cleared;
    expect(await a).toBe(0);
    await expect(b).rejects.toThrow(/ENOSPC/);
    expect(await c).toBe(2);
    expect(readFileSync(path, 'utf8')).toBe('a\nc\n');
  });
});
