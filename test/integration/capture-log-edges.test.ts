// CaptureLog (src-main/store/capture-log.ts) beyond capture-log-rules.test.ts: the last line with a
// prefix found across the backward reads' 64 KiB chunks, an open whose scan fails, flushed() and
// close() behind queued work, a truncate that fails, and a failure whose size check fails too
// (issue #15). Real files in temp dirs; faults injected under node:fs as in capture-log-rules.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CaptureLog } from '../../src-main/store/capture-log';
import { tempDirsPerTest } from '../unit/store/temp-dirs';

const fault: { writev?: () => Error | undefined; ftruncate?: () => Error | undefined; fstat?: () => Error | undefined } = {};

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const writevSync = ((fd: number, buffers: NodeJS.ArrayBufferView[], position?: number) => {
    const e = fault.writev?.();
    if (e) throw e;
    return fs.writevSync(fd, buffers, position);
  }) as typeof fs.writevSync;
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

const tempDir = tempDirsPerTest('capture-log-edges');
const logs: CaptureLog[] = [];
afterEach(async () => {
  fault.writev = fault.ftruncate = fault.fstat = undefined;
  for (const l of logs.splice(0)) await l.close().catch(() => undefined);
});
function file(content: string): string {
  const path = join(tempDir(), 'captures.ndjson');
  writeFileSync(path, content);
  return path;
}
async function openForAppend(path: string): Promise<CaptureLog> {
  const log = await CaptureLog.openForAppend(path);
  logs.push(log);
  return log;
}
const B = (s: string) => Buffer.from(s);

describe('lastLineStartingWith across chunks', () => {
  const pad = (n: number) => 'x'.repeat(n);

  it('finds a line whose start is chunks before the end, and the last of several', async () => {
    // "S 1" and "S 2" lines, then 200 KiB of other lines: the match is three 64 KiB chunks back.
    const other = Array.from({ length: 200 }, (_, i) => `o ${i} ${pad(1020)}`).join('\n');
    const log = await openForAppend(file(`S 1 ${pad(10)}\nS 2 ${pad(100_000)}\n${other}\n`));
    expect(await log.lastLineStartingWith('S ')).toBe(`S 2 ${pad(100_000)}`);
    expect(await log.lastLineStartingWith('o 199 ')).toBe(`o 199 ${pad(1020)}`);
    expect(await log.lastLineStartingWith('o 0 ')).toBe(`o 0 ${pad(1020)}`);
    expect(await log.lastLineStartingWith('S 1')).toBe(`S 1 ${pad(10)}`);
    expect(await log.lastLineStartingWith('none')).toBeUndefined();
  });

  it('a line that starts exactly at a chunk boundary, and one longer than a chunk', async () => {
    // The last chunk read is the file's last 65,536 bytes: make a line start right there.
    const tail = `T ${pad(65_536 - 3)}\n`; // exactly 65,536 bytes
    const head = `H ${pad(70_000)}\n`; // longer than a chunk
    const log = await openForAppend(file(`${head}${tail}`));
    expect(await log.lastLineStartingWith('T ')).toBe(tail.slice(0, -1));
    expect(await log.lastLineStartingWith('H ')).toBe(head.slice(0, -1));
    expect(await log.lastLineStartingWith('x')).toBeUndefined();
  });

  it('after a torn tail longer than a chunk, the search starts before it', async () => {
    const log = await openForAppend(file(`S a\nS b ${pad(10)}\nS torn ${pad(150_000)}`));
    expect(await log.lastLineStartingWith('S ')).toBe(`S b ${pad(10)}`);
    expect(await log.lastLineStartingWith('S t')).toBeUndefined();
  });

  it('a file that is one torn line: nothing', async () => {
    const log = await openForAppend(file(`S ${pad(100_000)}`));
    expect(await log.lastLineStartingWith('S')).toBeUndefined();
  });
});

describe('the queue', () => {
  it('flushed() settles at once when idle, and after every queued operation otherwise; close waits for them', async () => {
    const path = file('old\n');
    const log = await openForAppend(path);
    const order: string[] = [];
    await log.flushed().then(() => order.push('idle flushed'));
    const cleared = log.truncate().then(() => order.push('truncated'));
    const a = log.append(B('a\n')).then((o) => order.push(`a at ${o}`));
    const flushed = log.flushed().then(() => order.push('flushed'));
    const b = log.append(B('bb\n')).then((o) => order.push(`b at ${o}`));
    const closed = log.close().then(() => order.push('closed'));
    logs.pop();
    await Promise.all([cleared, a, flushed, b, closed]);
    expect(order).toEqual(['idle flushed', 'truncated', 'a at 0', 'flushed', 'b at 2', 'closed']);
    expect(readFileSync(path, 'utf8')).toBe('a\nbb\n');
  });

  it('flushed() asked while the only operation (a truncate) is running settles after it, not at once', async () => {
    const path = file('old\n');
    const log = await openForAppend(path);
    const order: string[] = [];
    const cleared = log.truncate().then(() => order.push('truncated'));
    const flushed = log.flushed().then(() => order.push('flushed'));
    await Promise.all([cleared, flushed]);
    expect(order).toEqual(['truncated', 'flushed']);
    expect(readFileSync(path, 'utf8')).toBe('');
  });

  it('a truncate that fails rejects; appends queued after it still go through, at the end of the file', async () => {
    const path = file('kept\n');
    const log = await openForAppend(path);
    const writer = (log as unknown as { writer: { truncate: (n: number) => Promise<void> } }).writer;
    writer.truncate = () => Promise.reject(Object.assign(new Error('EIO: i/o error, ftruncate'), { code: 'EIO' }));
    const cleared = log.truncate();
    const a = log.append(B('next\n'));
    await expect(cleared).rejects.toThrow('EIO: i/o error, ftruncate');
    expect(await a).toBe(5);
    expect(readFileSync(path, 'utf8')).toBe('kept\nnext\n');
  });
});

describe('a failure whose clean-up fails too', () => {
  it('when neither the cut-back nor the size check works, the write error is reported (not the size check’s) and the next append is written', async () => {
    const path = file('');
    const log = await openForAppend(path);
    await log.append(B('good\n'));
    fault.writev = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    fault.ftruncate = () => new Error('EIO: ftruncate');
    fault.fstat = () => new Error('EIO: fstat');
    await expect(log.append(B('x\n'))).rejects.toMatchObject({ message: 'ENOSPC: no space left on device, write; the part already written could not be removed (EIO: ftruncate)', code: 'ENOSPC' });
    expect(log.writeFailure).toMatchObject({ code: 'ENOSPC', failedWrites: 1 });
    fault.writev = fault.ftruncate = fault.fstat = undefined;
    expect(await log.append(B('next\n'))).toBe(5);
    expect(log.writeFailure).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe('good\nnext\n');
  });
});

describe('reading', () => {
  it('read, readBytes and readSync at any offset, up to the end of the file', async () => {
    const path = file('0123456789\nabcdéf\n');
    const log = await openForAppend(path);
    expect(await log.read(11, 6)).toBe('abcdé');
    expect((await log.readBytes(3, 4)).toString()).toBe('3456');
    expect(log.readSync(3, 4).toString()).toBe('3456');
    expect((await log.readBytes(15, 100)).toString()).toBe('éf\n');
    expect(log.readSync(15, 100).length).toBe(4);
    expect((await log.readBytes(50, 10)).length).toBe(0);
    expect(log.readSync(50, 10).length).toBe(0);
    expect((await log.readBytes(0, 0)).length).toBe(0);
  });
});
