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

const EXPECTS = 2500;

/**
 * 2,500 sends, each followed by a messages expectation: all passing (the baseline), then all
 * failing, each naming its nearest misses among the run's messages so far. Each failure compared
 * every message of the run, writing out every difference: 37 s against 12 s passing.
 */
export async function benchScenarioNearMisses(): Promise<{ passingMs: number; failingMs: number; expectations: number; near: string }> {
  const run = async (event: string) => {
    const text = [
      'name: bench near misses',
      'steps:',
      '  - repeat:',
      `      times: ${EXPECTS}`,
      '      steps:',
      '        - send: { message: { type: track, anonymousId: "visitor-{{i}}", userId: u, event: Clicked, properties: { module: Home, n: "{{i}}" } } }',
      `        - expect: { messages: { match: { event: ${event}, properties: { n: "{{i}}" } } } }`,
    ].join('\n');
    const loaded = loadScenario(text, 'bench-near.scenario.yaml');
    if (!loaded.ok) throw new Error(loaded.errors[0].message);
    const dir = mkdtempSync(join(tmpdir(), 'eventbench-scnbench-near-'));
    try {
      const engine = await createEngine({ dataDir: dir, port: 0, shell: 'test', log: () => undefined });
      const t = performance.now();
      const result = await runScenario({ api: engine, url: engine.url }, loaded.scenario);
      const ms = performance.now() - t;
      await engine.close();
      return { ms, result };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const passing = await run('Clicked');
  if (!passing.result.passed) throw new Error('the passing baseline failed');
  const failing = await run('Missing');
  const last = failing.result.steps.at(-1)?.expectations?.[0];
  if (failing.result.passed || !last || last.passed) throw new Error('the failing run passed');
  return { passingMs: passing.ms, failingMs: failing.ms, expectations: EXPECTS, near: last.message.slice(last.message.indexOf('nearest:'), last.message.indexOf('nearest:') + 60) };
}

/**
 * Files of thousands of bad steps, against a good file of as many steps (the baseline). Each bad
 * step's error once cost every error before it (Ajv's allErrors copied them): 20,000 steps of an
 * unknown key took 17 s, and 15,000 sends written without "message:" over two minutes.
 */
export function benchScenarioBadFiles(): { goodMs: number; cases: { what: string; ms: number; errors: number }[] } {
  const time = (text: string) => {
    const t = performance.now();
    const r = loadScenario(text, 'bench-bad.scenario.yaml');
    return { ms: performance.now() - t, errors: r.ok ? 0 : r.errors.length };
  };
  const good = time('name: a\nsteps:\n' + '  - advance: 1s\n'.repeat(20_000));
  if (good.errors !== 0) throw new Error('the good file was refused');
  const cases: [string, string][] = [
    ['20,000 steps of an unknown key', 'name: a\nsteps:\n' + '  - bogus: 1\n'.repeat(20_000)],
    ['20,000 steps each with an unknown key', 'name: a\nsteps:\n' + '  - advance: 1s\n    bogus: 1\n'.repeat(20_000)],
    ['one repeat of 20,000 unknown-key steps', 'name: a\nsteps:\n  - repeat:\n      times: 2\n      steps:\n' + '        - bogus: 1\n'.repeat(20_000)],
    ['15,000 sends written without "message:"', 'name: a\nsteps:\n' + '  - send: { type: track, event: E, userId: u }\n'.repeat(15_000)],
  ];
  return {
    goodMs: good.ms,
    cases: cases.map(([what, text]) => {
      const r = time(text);
      if (r.errors === 0) throw new Error(`${what}: not refused`);
      return { what, ...r };
    }),
  };
}

/**
 * Sends that merge one anchor (`<<: *base`, YAML's way to template a message) against the same
 * sends written out. The yaml library's alias.resolve(doc) walked the whole file for each alias:
 * 500 such steps took 3.2 s to load (0.15 s written out), and the time grew with the square of
 * the count; the aliases are now resolved in one walk.
 */
export function benchScenarioAliases(steps = 5_000): { writtenMs: number; aliasedMs: number; steps: number } {
  const time = (text: string) => {
    const t = performance.now();
    const r = loadScenario(text, 'bench-aliases.scenario.yaml');
    if (!r.ok) throw new Error(`refused: ${r.errors[0]?.message}`);
    return performance.now() - t;
  };
  const written = 'name: a\nsteps:\n' + Array.from({ length: steps }, (_, i) => `  - send: { message: { type: track, userId: u, event: E${i} } }\n`).join('');
  const aliased = 'name: a\nsteps:\n  - send: { message: &base { type: track, userId: u, event: E } }\n' + Array.from({ length: steps - 1 }, (_, i) => `  - send: { message: { <<: *base, event: E${i} } }\n`).join('');
  time(written); // warm-up
  return { writtenMs: Math.min(time(written), time(written)), aliasedMs: Math.min(time(aliased), time(aliased)), steps };
}

/**
 * What a 2.8 MB scenario check costs the engine's thread (where /v1/track is answered), each the
 * fastest of 7: the frame read (its bytes to text, JSON.parse) and the text posted to the ingest
 * worker, then the answer received from it. The worker sent back the whole parsed file (every step's
 * message) and the check was computed here; it now sends the check alone. Each post is received on
 * the same thread (a MessageChannel), so the figures hold both ends of the copy.
 */
export async function benchScenarioCheckHandOff(): Promise<{ mb: number; steps: number; frameMs: number; postTextMs: number; parsedBackMs: number; checkBackMs: number }> {
  const { MessageChannel, receiveMessageOnPort } = await import('node:worker_threads');
  const lines = ['name: big', 'steps:'];
  for (let i = 0; i < 22_500; i++) lines.push(`  - id: s-${i}`, '    send:', `      message: { type: track, userId: u-${i}, event: Checkout Started, properties: { n: ${i} } }`);
  const text = lines.join('\n') + '\n';
  const bytes = Buffer.from(JSON.stringify({ id: 1, command: 'scenarios.check', arg: { text, file: 'big.scenario.yaml' } }));
  const loaded = loadScenario(text, 'big.scenario.yaml');
  if (!loaded.ok) throw new Error(loaded.errors[0].message);
  const { checkScenario } = await import('../../src-shared/scenario/check');
  const checked = checkScenario(loaded);
  const { port1, port2 } = new MessageChannel();
  const roundTrip = (v: unknown) => {
    port1.postMessage(v);
    return receiveMessageOnPort(port2);
  };
  const fastest = (f: () => unknown) => {
    let best = Infinity;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      f();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  const result = {
    mb: text.length / 1e6,
    steps: loaded.scenario.steps.length,
    frameMs: fastest(() => JSON.parse(bytes.toString('utf8'))),
    postTextMs: fastest(() => roundTrip({ kind: 'scenario', id: 1, text, file: 'big.scenario.yaml', check: true })),
    parsedBackMs: fastest(() => checkScenario((roundTrip({ id: 1, scenario: loaded }) as { message: { scenario: typeof loaded } }).message.scenario)),
    checkBackMs: fastest(() => roundTrip({ id: 1, check: checked })),
  };
  port1.close();
  return result;
}

/**
 * What Play of the same 2.8 MB scenario costs the engine's thread on receiving the ingest worker's
 * answer, each the fastest of 7 (on one thread, a MessageChannel: both ends of the copy). The worker
 * sent back the whole parse (every step's message as objects) and the check was computed here for
 * the set-aside; it now sends what Play needs (to-play.ts): what the run changes, each step's head,
 * and each step's body as text, read as the run reaches it (the last figure: every body read, which
 * the run spreads over its steps, one at a time).
 */
export async function benchScenarioPlayHandOff(): Promise<{ mb: number; steps: number; parsedBackMs: number; toPlayBackMs: number; bodiesReadMs: number }> {
  const { MessageChannel, receiveMessageOnPort } = await import('node:worker_threads');
  const { checkScenario } = await import('../../src-shared/scenario/check');
  const { toPlay, playable } = await import('../../src-shared/scenario/to-play');
  const lines = ['name: big', 'steps:'];
  for (let i = 0; i < 22_500; i++) lines.push(`  - id: s-${i}`, '    send:', `      message: { type: track, userId: u-${i}, event: Checkout Started, properties: { n: ${i} } }`);
  const text = lines.join('\n') + '\n';
  const loaded = loadScenario(text, 'big.scenario.yaml');
  if (!loaded.ok) throw new Error(loaded.errors[0].message);
  const play = toPlay(loaded);
  if (!play.ok) throw new Error('not playable');
  const { port1, port2 } = new MessageChannel();
  const roundTrip = (v: unknown) => {
    port1.postMessage(v);
    return receiveMessageOnPort(port2)!.message;
  };
  const fastest = (f: () => unknown) => {
    let best = Infinity;
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      f();
      best = Math.min(best, performance.now() - t);
    }
    return best;
  };
  const received = playable((roundTrip({ id: 1, play }) as { play: typeof play }).play);
  const result = {
    mb: text.length / 1e6,
    steps: loaded.scenario.steps.length,
    parsedBackMs: fastest(() => checkScenario((roundTrip({ id: 1, scenario: loaded }) as { scenario: typeof loaded }).scenario)),
    toPlayBackMs: fastest(() => playable((roundTrip({ id: 1, play }) as { play: typeof play }).play)),
    bodiesReadMs: fastest(() => {
      for (const head of received.steps) received.stepAt(head.index);
    }),
  };
  port1.close();
  return result;
}
