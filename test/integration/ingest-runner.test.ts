// The ingest runner's paths, with small shared-memory slots so that each one is taken: result and
// its fields in the slot; bytes in the slot but fields posted; all of it posted (the bytes did not
// fit); a body too big for a slot, and one arriving while every slot is busy, read in this thread. Every result must
// equal what the job gives when run directly.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeMeta, runIngestJob, type IngestJob, type IngestResult } from '../../src-main/ingest/ingest-job';
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

/** A result in comparable form (its bytes as text; the slot view is not compared by identity). */
function plain(r: IngestResult) {
  return r.ok ? { ...r, json: Buffer.from(r.json).toString('utf8') } : r;
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
    expect((await run(escaped) as { json: string }).json).toContain('"event":"Café"');
    // The bytes fit the slot but the fields after them do not: they are posted instead.
    const fieldsPosted = job(30, 0, { library: { name: 'x'.repeat(100) } });
    expect(fieldsPosted.body.length).toBeLessThanOrEqual(4096);
    const { json, ...fields } = runIngestJob(fieldsPosted) as Extract<IngestResult, { ok: true }>;
    expect(json.length).toBeLessThan(8192);
    expect(json.length + Buffer.byteLength(encodeMeta(fields))).toBeGreaterThan(8192);
    expect(await run(fieldsPosted)).toEqual(direct(fieldsPosted));
    // Not even the bytes fit (batch fields are copied into every message): all of it is posted.
    const allPosted = job(30, 0, { library: { name: 'x'.repeat(300) } });
    expect(allPosted.body.length).toBeLessThanOrEqual(4096);
    expect((runIngestJob(allPosted) as Extract<IngestResult, { ok: true }>).json.length).toBeGreaterThan(8192);
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
