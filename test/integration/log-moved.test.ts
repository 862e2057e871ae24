// captures.ndjson removed or replaced under a running engine (a clean-up script, an editor that
// saves by writing a new file): the engine's file handle then points at a file no longer in the
// data dir, so whatever it writes is gone at the next restart. It must not answer 200 for that.
import { appendFile, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

const auth = { authorization: `Basic ${Buffer.from('wk:').toString('base64')}` };
const track = (url: string, id: string) => fetch(`${url}/v1/track`, { method: 'POST', headers: auth, body: JSON.stringify({ type: 'track', event: 'E', userId: 'u', messageId: id }) });

describe('the capture log removed or replaced while the engine runs', { timeout: 30_000 }, () => {
  it('removed: captures are refused with a 500 saying so (the client retries them), health says so, and after a restart the retry is stored', async () => {
    t = await startTestEngine();
    const log = join(t.dataDir, 'captures.ndjson');
    expect((await track(t.engine.url, 'm1')).status).toBe(200);
    await rm(log);

    const refused = await track(t.engine.url, 'm2');
    expect(refused.status).toBe(500);
    const body = (await refused.json()) as { error: string };
    expect(body.error).toContain(`captures.ndjson was removed while Eventbench was running; captures are refused until it is restarted (it then starts from the file at ${log})`);
    const health = await fetch(`${t.engine.url}/api/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { error: string }).error).toContain('captures.ndjson was removed while Eventbench was running');
    const exported = await fetch(`${t.engine.url}/api/export`);
    expect(exported.status).toBe(503);
    expect(((await exported.json()) as { error: string }).error).toContain('captures.ndjson was removed while Eventbench was running');

    const engine = await t.restart();
    expect((await track(engine.url, 'm2')).status).toBe(200);
    const lines = (await readFile(log, 'utf8')).trim().split('\n');
    expect(lines.filter((l) => l.startsWith('{"seq":')).map((l) => (JSON.parse(l) as { message: { messageId: string } }).message.messageId)).toEqual(['m2']);
  });

  it('replaced: captures are refused and the file put there is left as it is', async () => {
    t = await startTestEngine();
    const log = join(t.dataDir, 'captures.ndjson');
    expect((await track(t.engine.url, 'm1')).status).toBe(200);
    const edited = (await readFile(log, 'utf8')).replace('"userId":"u"', '"userId":"edited"');
    await writeFile(join(t.dataDir, 'edited.ndjson'), edited);
    await rename(join(t.dataDir, 'edited.ndjson'), log);

    const refused = await track(t.engine.url, 'm2');
    expect(refused.status).toBe(500);
    expect(((await refused.json()) as { error: string }).error).toContain('captures.ndjson was replaced while Eventbench was running');
    expect(await readFile(log, 'utf8')).toBe(edited);
  });
});

// captures.ndjson edited in place while the engine runs (its inode kept): a line cut short by
// hand, lines added. The next capture was appended to the cut line (a restart then skipped both,
// and the message lines after it were taken as the previous request's), every read of the list
// broke off after "[" (GET /api/messages, whatever the filter), and the export read bytes that
// were no longer there.
describe('the capture log edited in place while the engine runs', { timeout: 30_000 }, () => {
  const changed = (n: number, how: 'shorter' | 'longer', was: number, is: number) =>
    `captures.ndjson was changed while Eventbench was running: it is ${n} bytes ${how} than Eventbench wrote it (${is.toLocaleString('en-US')} bytes, not ${was.toLocaleString('en-US')}), so its messages can no longer be read where they were; captures are refused until Eventbench is restarted (it then reads the file as it is now)`;

  it('cut short: captures are refused and nothing is written to the file; reads say why instead of breaking off; a restart takes the retry with its own request', async () => {
    t = await startTestEngine();
    const log = join(t.dataDir, 'captures.ndjson');
    expect((await track(t.engine.url, 'm1')).status).toBe(200);
    expect((await track(t.engine.url, 'm2')).status).toBe(200);
    const written = (await readFile(log)).length;
    await truncate(log, written - 40);
    const cut = await readFile(log);
    // Said before any capture is tried: a health check sees it at once.
    const early = await fetch(`${t.engine.url}/api/health`);
    expect(early.status).toBe(503);
    expect(await early.json()).toMatchObject({ status: 'store-failing', error: changed(40, 'shorter', written, written - 40) });

    const refused = await track(t.engine.url, 'm3');
    expect(refused.status).toBe(500);
    expect(((await refused.json()) as { error: string }).error).toContain(changed(40, 'shorter', written, written - 40));
    expect(await readFile(log)).toEqual(cut);

    for (const path of ['/api/messages', '/api/messages?messageId=m1', '/api/export']) {
      const res = await fetch(`${t.engine.url}${path}`);
      expect(res.status, path).toBe(503);
      expect(((await res.json()) as { error: string }).error, path).toBe(changed(40, 'shorter', written, written - 40));
    }
    await expect(t.engine.call('messages.get', { seq: 1 })).rejects.toThrow(changed(40, 'shorter', written, written - 40));
    const health = await fetch(`${t.engine.url}/api/health`);
    expect(health.status).toBe(503);

    const engine = await t.restart();
    expect((await track(engine.url, 'm3')).status).toBe(200);
    const listed = (await (await fetch(`${engine.url}/api/messages`)).json()) as { requestId: string; message: { messageId: string } }[];
    expect(listed.map((m) => m.message.messageId)).toEqual(['m1', 'm3']);
    expect(listed[0].requestId).not.toBe(listed[1].requestId);
  });

  it('lines added by hand: captures are refused and the lines left as they are; a restart lists them', async () => {
    t = await startTestEngine();
    const log = join(t.dataDir, 'captures.ndjson');
    expect((await track(t.engine.url, 'm1')).status).toBe(200);
    const written = await readFile(log, 'utf8');
    const added = written.replace('"m1"', '"m0"');
    await appendFile(log, added);

    const refused = await track(t.engine.url, 'm2');
    expect(refused.status).toBe(500);
    const [was, more] = [Buffer.byteLength(written), Buffer.byteLength(added)];
    expect(((await refused.json()) as { error: string }).error).toContain(changed(more, 'longer', was, was + more));
    expect(await readFile(log, 'utf8')).toBe(written + added);

    const engine = await t.restart();
    expect((await track(engine.url, 'm2')).status).toBe(200);
    const listed = (await (await fetch(`${engine.url}/api/messages`)).json()) as { message: { messageId: string } }[];
    expect(listed.map((m) => m.message.messageId)).toEqual(['m1', 'm0', 'm2']);
  });
});
