// simulation.json edited by hand (or damaged) with a clock the clock could never reach: a moment
// past any date (1e308) or a speed of 1e300. Every capture was refused with "500 internal error:
// Invalid time value" (its receipt time could not be written), with health saying "ok" and no
// warning. Now the start-up warnings name the field and its value, the clock starts live, and
// captures are taken.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir, startTestEngine, type TestEngine } from './helpers/engine';

const engines: TestEngine[] = [];
afterEach(async () => {
  for (const t of engines.splice(0)) await t.dispose();
});

async function startWith(simulation: string): Promise<TestEngine> {
  const dataDir = await makeDataDir();
  await writeFile(join(dataDir, 'simulation.json'), simulation);
  const t = await startTestEngine({ dataDir });
  engines.push(t);
  return t;
}

const track = (t: TestEngine, messageId: string) =>
  fetch(`${t.engine.url}/v1/track`, { method: 'POST', body: JSON.stringify({ userId: 'sim-file', event: 'Captured', messageId }) });
const health = async (t: TestEngine) => (await (await fetch(`${t.engine.url}/api/health`)).json()) as { storeWarnings: string[] };
const clock = async (t: TestEngine) => (await (await fetch(`${t.engine.url}/api/clock`)).json()) as { mode: string };

describe('a simulation.json the clock cannot stand at', () => {
  it('a moment past every date: named at start, the clock live, and captures taken', async () => {
    const t = await startWith('{"clock":{"mode":"paused","anchorRealMs":0,"anchorSimMs":1e308,"speed":1},"sessions":{"timeoutMs":1800000}}');
    expect((await health(t)).storeWarnings).toEqual([
      'simulation.json: clock: anchorSimMs must be a moment between 1970-01-01T00:00:00Z and 9999-12-31T00:00:00Z, not 1e+308; the clock is live until it is moved again (the file as it was is kept as simulation.json.damaged)',
    ]);
    expect((await clock(t)).mode).toBe('live');
    const res = await track(t, 'sim-file-1');
    expect(res.status).toBe(200);
    const stored = (await (await fetch(`${t.engine.url}/api/messages?messageId=sim-file-1`)).json()) as unknown[];
    expect(stored).toHaveLength(1);
  });

  it('a speed of 1e300 and a timeout out of range: both named', async () => {
    const t = await startWith('{"clock":{"mode":"running","anchorRealMs":0,"anchorSimMs":0,"speed":1e300},"sessions":{"timeoutMs":-5}}');
    expect((await health(t)).storeWarnings).toEqual([
      'simulation.json: clock: speed must be a number from above 0 to 100000, or "max", not 1e+300; the clock is live until it is moved again (the file as it was is kept as simulation.json.damaged)',
      'simulation.json: sessions.timeoutMs must be from 1000 (1 second) to 604800000 (7 days), not -5; sessions time out after 30 minutes until the timeout is saved again (the file as it was is kept as simulation.json.damaged)',
    ]);
    expect((await track(t, 'sim-file-2')).status).toBe(200);
  });

  it('a file that is not an object is named too', async () => {
    const t = await startWith('[1, 2]');
    expect((await health(t)).storeWarnings).toEqual(['simulation.json: must be an object with "clock" and "sessions", not [1,2]; the clock is live and sessions time out after 30 minutes until they are saved again (the file as it was is kept as simulation.json.damaged)']);
  });
  // A timeout written at the top (as PUT /api/sessions/settings takes it), or a clock's fields
  // without "clock" around them, was silently ignored: sessions timed out after 30 minutes.
  it('a key other than "clock" and "sessions" is named, with where the setting goes', async () => {
    const t = await startWith('{"timeoutMs":60000,"mode":"paused","sessions":{"timeoutMs":120000}}');
    expect((await health(t)).storeWarnings).toEqual([
      'simulation.json: unknown keys "timeoutMs", "mode": the file holds "clock" and "sessions" (the session timeout as "sessions": {"timeoutMs": …}); they are ignored (the file as it was is kept as simulation.json.damaged)',
    ]);
    // What the file says in its own places still applies.
    expect(((await (await fetch(`${t.engine.url}/api/sessions/settings`)).json()) as { timeoutMs: number }).timeoutMs).toBe(120000);
  });
});
