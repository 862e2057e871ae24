// The ingest runner's paths, with small shared-memory slots so that each one is taken: result and
// its fields in the slot; bytes in the slot but fields posted; all of it posted (the bytes did not
// fit); a body too big for a slot, and one arriving while every slot is busy, read in this thread. Every result must
// equal what the job gives when run directly.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeResult, runIngestJob, splitIds, type IngestJob, type IngestResult } from '../../src-main/ingest/ingest-job';
import { createIngestRunner, type IngestRunner } from '../../src-main/ingest/ingest-runner';
import { SOURCE_INGEST_WORKER } from './helpers/engine';

let runner: IngestRunner | undefined;
afterEach(async () => {
  await runner?.close();
  runner = undefined;
});

/** A batch of `count` messages; `context`: a batch-level context, copied into every message. */
function job(count: number, pad = 0, context?: object): IngestJob {
  const batch = Array.from({ length: count }, (_, i) => ({ type: 'track', event: `E${i % 3}`, userId: `u${i}`, messageId: `m-${count}-${pad}-${i}`, properties: { pad: 'é'.repeat(pad) } }));
  return { path: 'batch', body: Buffer.from(JSON.stringify({ batch, writeKey: 'wk', context })), receivedAt: '2026-11-23T10:00:00.000Z', receivedAtMs: Date.UTC(2026, 10, 23, 10) };
}

/**
 * A result in comparable form: its fields, and each message's line as text (not where it sits);
 * messageIds the job assigned (random) read "(assigned)".
 */
function plain(r: IngestResult) {
  if (!r.ok) return r;
  const { bytes, ranges, ids, idLengths, ...fields } = r;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lines = Array.from({ length: ranges.length / 4 }, (_, i) => b.toString('utf8', ranges[4 * i], ranges[4 * i + 1]) + b.toString('utf8', ranges[4 * i + 2], ranges[4 * i + 3]));
  const { messageIds: sent, userIds, anonymousIds } = splitIds({ ids, idLengths });
  const messageIds = sent.map((id, i) => (fields.messageIdAssigned[i] ? '(assigned)' : id));
  return { ...fields, messageIds, userIds, anonymousIds, lines: lines.map((l, i) => (fields.messageIdAssigned[i] ? l.replace(sent[i], '(assigned)') : l)) };
}

/** A batch of `count` short messages without messageIds: each gets one, in a tail of its own. */
function jobWithoutIds(count: number): IngestJob {
  const batch = Array.from({ length: count }, (_, i) => ({ type: 'track', event: 'E', userId: `u${i}` }));
  return { path: 'batch', body: Buffer.from(JSON.stringify({ batch })), receivedAt: '2026-11-23T10:00:00.000Z', receivedAtMs: 0 };
}

describe('ingest runner with a worker', () => {
  it('gives the same results on every path: in the slot, fields posted, body too big, all slots busy', async () => {
    runner = createIngestRunner({ ...SOURCE_INGEST_WORKER, slotCount: 2, slotBytes: 8192 });
    const direct = (j: IngestJob) => plain(runIngestJob({ ...j, body: Buffer.from(j.body) }));
    const run = async (j: IngestJob) => {
      const r = await runner!.run({ ...j, body: Buffer.from(j.body) });
      const p = plain(r); // read before release: a released slot's bytes may be overwritten
      runner!.release(r);
      return p;
    };

    // Result and its fields in the slot.
    expect(await run(job(1))).toEqual(direct(job(1)));
    // An ASCII body whose re-serialized text is not ASCII ("\u00e9" -> é): measured again, still in the slot.
    const escaped: IngestJob = { ...job(1), path: 'track', body: Buffer.from('{"event":"Caf\\u00e9","userId":"u","writeKey":"wk","messageId":"m"}') };
    expect(await run(escaped)).toEqual(direct(escaped));
    expect(((await run(escaped)) as { lines: string[] }).lines[0]).toContain('"event":"Café"');
    // The bytes fit the slot but the fields after them do not: the result is posted whole.
    const fieldsPosted = jobWithoutIds(40);
    expect(fieldsPosted.body.length).toBeLessThanOrEqual(4096);
    const fitted = runIngestJob(fieldsPosted) as Extract<IngestResult, { ok: true }>;
    expect(fitted.bytes.length).toBeLessThan(8192);
    expect(encodeResult(fitted, Buffer.alloc(8192), fitted.bytes.length)).toBeUndefined();
    expect(await run(fieldsPosted)).toEqual(direct(fieldsPosted));
    // Not even the bytes fit (each assigned messageId makes a tail of its own): posted whole too.
    const allPosted = jobWithoutIds(70);
    expect(allPosted.body.length).toBeLessThanOrEqual(4096);
    expect((runIngestJob(allPosted) as Extract<IngestResult, { ok: true }>).bytes.length).toBeGreaterThan(8192);
    expect(await run(allPosted)).toEqual(direct(allPosted));
    expect(runner.stats).toEqual({ worker: 5, inThread: 0 });
    // Over half a slot: read in this thread.
    const big = job(20, 150);
    expect(big.body.length).toBeGreaterThan(4096);
    expect(await run(big)).toEqual(direct(big));
    expect(runner.stats).toEqual({ worker: 5, inThread: 1 });
    // Six at once on two slots: two in the worker, the rest in this thread, all the same results.
    const burst = Array.from({ length: 6 }, (_, i) => job(2 + i));
    expect(await Promise.all(burst.map(run))).toEqual(burst.map(direct));
    expect(runner.stats).toEqual({ worker: 7, inThread: 5 });
    expect(runner.mode).toBe('worker');
    // Slots are free again: the next job goes to the worker.
    const before = runner.stats.worker;
    const again = await runner.run(job(3));
    expect(plain(again)).toEqual(plain(runIngestJob(job(3))));
    expect(runner.stats.worker).toBe(before + 1);
  });

  it('hands results out in arrival order, though jobs read in this thread (slots busy) finish first', async () => {
    runner = createIngestRunner({ ...SOURCE_INGEST_WORKER, slotCount: 1, slotBytes: 1 << 20 });
    const jobs = [job(400), job(1, 1), job(2, 2), job(3, 3)]; // the first (slow) in the worker, the rest in this thread
    const resolved: number[] = [];
    const results = await Promise.all(jobs.map((j, i) => runner!.run(j).then((r) => (resolved.push(i), plain(r)))));
    expect(resolved).toEqual([0, 1, 2, 3]);
    expect(results).toEqual(jobs.map((j) => plain(runIngestJob(j))));
    expect(runner.stats).toEqual({ worker: 1, inThread: 3 });
  });

  it('answers bad input from the worker with the parser\'s 400, and frees the slot', async () => {
    runner = createIngestRunner({ ...SOURCE_INGEST_WORKER, slotCount: 1, slotBytes: 8192 });
    const bad: IngestJob = { ...job(1), body: Buffer.from('{"batch": [1]}') };
    for (let i = 0; i < 3; i++) {
      const r = await runner.run(bad);
      expect(r).toMatchObject({ ok: false, status: 400, code: 'batch-item-not-object' });
    }
    expect(runner.stats).toEqual({ worker: 3, inThread: 0 });
  });
});
