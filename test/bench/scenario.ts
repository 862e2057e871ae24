// A 10,001-step scenario run headless (5,000 sends, each followed by a clock step, then an
// expectation), beside the same 5,000 messages posted straight to the receiver one after another.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine } from '../../src-main/engine';
import { loadScenario } from '../../src-main/replay/load';
import { runScenario } from '../../src-main/replay/scenario-runner';
import { httpPost } from '../../src-main/replay/http-client';

const SENDS = 5000;

export async function benchScenario(): Promise<{ postMs: number; scenarioMs: number; steps: number; passed: boolean }> {
  const text = [
    'name: bench',
    'steps:',
    '  - repeat:',
    `      times: ${SENDS}`,
    '      steps:',
    '        - send: { message: { type: track, anonymousId: "visitor-{{i}}", userId: u, event: Clicked, properties: { module: Home, n: "{{i}}" } } }',
    '        - advance: 1s',
    `  - expect: { messages: { count: ${SENDS} } }`,
  ].join('\n');
  const loaded = loadScenario(text, 'bench.scenario.yaml');
  if (!loaded.ok) throw new Error(loaded.errors[0].message);

  const dirA = mkdtempSync(join(tmpdir(), 'eventbench-scnbench-a-'));
  const dirB = mkdtempSync(join(tmpdir(), 'eventbench-scnbench-b-'));
  try {
    // Baseline: the same messages, posted straight to a fresh engine's receiver, one at a time.
    const a = await createEngine({ dataDir: dirA, port: 0, shell: 'test', log: () => undefined });
    const auth = `Basic ${Buffer.from('bench:').toString('base64')}`;
    let t = performance.now();
    for (let i = 1; i <= SENDS; i++) {
      const res = await httpPost(`${a.url}/v1/track`, JSON.stringify({ type: 'track', anonymousId: `visitor-${i}`, userId: 'u', event: 'Clicked', properties: { module: 'Home', n: i } }), { 'content-type': 'application/json', authorization: auth });
      if (res.status !== 200) throw new Error(res.text);
    }
    const postMs = performance.now() - t;
    await a.close();

    const b = await createEngine({ dataDir: dirB, port: 0, shell: 'test', log: () => undefined });
    t = performance.now();
    const result = await runScenario({ api: b, url: b.url }, loaded.scenario);
    const scenarioMs = performance.now() - t;
    await b.close();
    return { postMs, scenarioMs, steps: loaded.scenario.steps.length, passed: result.passed };
  } finally {
    rmSync(dirA, { recursive: true, force: true });
    rmSync(dirB, { recursive: true, force: true });
  }
}
