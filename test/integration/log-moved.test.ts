// captures.ndjson removed or replaced under a running engine (a clean-up script, an editor that
// saves by writing a new file): the engine's file handle then points at a file no longer in the
// data dir, so whatever it writes is gone at the next restart. It must not answer 200 for that.
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
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
