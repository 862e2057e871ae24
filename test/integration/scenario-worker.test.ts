// A big scenario file is parsed in the ingest worker, not on the engine's main thread: a 2.8 MB
// file checked there held a /v1/track request for 17 s, and every SDK pointed at the receiver timed
// out. The check's answer and the requests' answers are recorded in the order they arrive, over real
// sockets (the order is asserted, not a time). The parse is the same function in both places: its
// errors, and where they are, come back unchanged.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { postJson, SOURCE_INGEST_WORKER, startTestEngine, type TestEngine } from './helpers/engine';
import { loadScenario } from '../../src-main/replay/load';
import { checkScenario } from '../../src-main/replay/scenario-player';
import { createIngestRunner } from '../../src-main/ingest/ingest-runner';
import { toPlay } from '../../src-shared/scenario/to-play';

/** Runs `run` with every message the engine's worker threads send back recorded in `replies`. */
async function withWorkerReplies(run: (replies: unknown[]) => Promise<void>): Promise<void> {
  const replies: unknown[] = [];
  const emit = Worker.prototype.emit;
  const spy = vi.spyOn(Worker.prototype, 'emit').mockImplementation(function (this: Worker, name: string | symbol, ...args: unknown[]) {
    if (name === 'message') replies.push(args[0]);
    return emit.call(this, name, ...args);
  });
  try {
    await run(replies);
  } finally {
    spy.mockRestore();
  }
}

const started: TestEngine[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((t) => t.dispose()));
});

async function start(worker: boolean): Promise<TestEngine> {
  const t = await startTestEngine({ ingestWorker: worker ? SOURCE_INGEST_WORKER : undefined });
  started.push(t);
  return t;
}

/** A valid scenario of `n` sends (about 95 bytes each). */
function bigScenario(n: number): string {
  const lines = ['name: big', 'steps:'];
  for (let i = 0; i < n; i++) lines.push(`  - id: s-${i}`, '    send:', `      message: { type: track, userId: u-${i}, event: Checkout Started, properties: { n: ${i} } }`);
  return lines.join('\n') + '\n';
}

/** Sends one command frame over the engine's WebSocket; resolves with its answer. */
async function command(t: TestEngine, name: string, arg: unknown): Promise<Record<string, unknown>> {
  const ws = new WebSocket(`${t.engine.url.replace(/^http/, 'ws')}/ws`);
  await new Promise((r) => ws.once('open', r));
  try {
    return await new Promise((resolve) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as Record<string, unknown>;
        if (frame.id === 1) resolve(frame);
      });
      ws.send(JSON.stringify({ id: 1, command: name, arg }));
    });
  } finally {
    ws.terminate();
  }
}

describe('scenario files parsed in the ingest worker', { timeout: 120_000 }, () => {
  it('the receiver answers /v1/track while a big file is checked', async () => {
    const t = await start(true);
    const text = bigScenario(12_000); // about 1.1 MB: a second or more of parsing
    const events: string[] = [];
    const check = command(t, 'scenarios.check', { text, file: 'big.scenario.yaml' }).then((answer) => {
      events.push('check answered');
      return answer;
    });
    // Sent one after another once the check is on its way: the later ones arrive while it is parsed.
    for (let i = 0; i < 3; i++) {
      const res = await postJson(`${t.engine.url}/v1/track`, { event: 'During Check', userId: 'u', messageId: `during-${i}` }, { authorization: `Basic ${Buffer.from('wk:').toString('base64')}` });
      events.push(`track ${res.status}`);
    }
    const answer = await check;
    expect(events).toEqual(['track 200', 'track 200', 'track 200', 'check answered']);
    expect(answer).toMatchObject({ ok: true, result: { ok: true, name: 'big' } });
    expect((answer.result as { steps: unknown[] }).steps).toHaveLength(12_000);
  });

  // The worker sent back the whole parsed file (every step's message) for a check that answers only
  // each step's line and label: this thread deserialized it, and /v1/track waited (`npm run bench -- scenario`).
  it('a check brings back from the worker only what it answers, not the parsed file', async () => {
    await withWorkerReplies(async (replies) => {
      const t = await start(true);
      const text = bigScenario(50);
      const answer = await command(t, 'scenarios.check', { text, file: 'big.scenario.yaml' });
      expect(answer).toEqual({ id: 1, ok: true, result: checkScenario(loadScenario(text, 'big.scenario.yaml')) });
      const fromWorker = replies.filter((r) => r !== null && typeof r === 'object' && ('scenario' in r || 'check' in r));
      expect(fromWorker).toEqual([{ id: expect.any(Number), check: (answer as { result: unknown }).result }]);
    });
  });

  // Play brought the whole parsed file (every step's message as objects) back to this thread: 115-280 ms
  // for a 2.8 MB file while /v1/track waited. Only what Play needs crosses now: each step's body as text.
  it('Play brings back from the worker each step as text, not the parsed file, and the run sends every message', async () => {
    await withWorkerReplies(async (replies) => {
      const t = await start(true);
      const text = bigScenario(50) + '  - expect: { messages: { filter: { event: Checkout Started }, count: 50 } }\n';
      const answer = await command(t, 'scenarios.start', { text, file: 'big.scenario.yaml' });
      expect(answer).toMatchObject({ ok: true, result: { name: 'big', state: 'running' } });
      const fromWorker = replies.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object' && ('play' in r || 'scenario' in r || 'check' in r));
      expect(fromWorker).toEqual([{ id: expect.any(Number), play: toPlay(loadScenario(text, 'big.scenario.yaml')) }]);
      const play = fromWorker[0].play as { heads: unknown; bodies: unknown[] };
      expect(typeof play.heads).toBe('string');
      expect(play.bodies.every((b) => typeof b === 'string')).toBe(true);
      type Progress = { state: string; result?: { passed: boolean } };
      const progress = async () => (await command(t, 'scenarios.progress', undefined)).result as Progress;
      let last = await progress();
      while (last.state !== 'done') {
        await new Promise((r) => setTimeout(r, 50));
        last = await progress();
      }
      expect(last.result?.passed).toBe(true);
    });
  });

  it('a check answers the same errors, at the same places, from the worker as from this thread', async () => {
    const t = await start(true);
    const bad = 'name: bad\nsteps:\n  - advance: 1s\n  - send: { type: track, event: E, userId: u }\n  - advance: soon\n  - repeat: { times: 100000, steps: [ { advance: 1s }, { advance: 1s }, { advance: 1s } ] }\n';
    const answer = await command(t, 'scenarios.check', { text: bad, file: 'bad.scenario.yaml' });
    const here = checkScenario(loadScenario(bad, 'bad.scenario.yaml'));
    expect(here.ok).toBe(false);
    expect(answer).toMatchObject({ ok: true, result: here });
    const expansion = 'name: x\nsteps:\n  - repeat: { times: 100000, steps: [ { repeat: { times: 100000, steps: [ { advance: 1s } ] } } ] }\n';
    expect(await command(t, 'scenarios.check', { text: expansion, file: 'x.scenario.yaml' })).toMatchObject({ ok: true, result: checkScenario(loadScenario(expansion, 'x.scenario.yaml')) });
  });

  // type: trak passed the check without a word; a scenario may send it on purpose, so it is a warning.
  it("a check answers a send's type that is no call type as a warning, from the worker as from this thread", async () => {
    const text = 'name: typo\nsteps:\n  - send: { message: { type: trak, userId: u, event: Paid } }\n';
    for (const worker of [true, false]) {
      const answer = await command(await start(worker), 'scenarios.check', { text, file: 'typo.scenario.yaml' });
      expect(answer).toMatchObject({ ok: true, result: { ok: true, name: 'typo', steps: [{ index: 0, line: 3, label: expect.any(String) }] } });
      expect((answer.result as { warnings: unknown }).warnings).toEqual([
        {
          line: 3,
          column: 30,
          message: 'step 1: send.message.type: "trak" is not a Segment call type; did you mean "track"? Segment would drop the message (unknown-type)',
          hint: 'if that is on purpose, say so after the send: expect: { dropReasons: { codes: [unknown-type] } }',
          // The steps (rounds) it holds in: the tab marks those rows with the warning's place.
          stepIndexes: [0],
          text: expect.stringMatching(/^typo\.scenario\.yaml:3:30: step 1: send\.message\.type: "trak"/),
        },
      ]);
    }
  });

  it('a run of a file that does not parse is refused with the same error and where, worker or not', async () => {
    const bad = 'name: bad\nsteps:\n  - advance: 1s\n  - advance: soon\n';
    const answers = [];
    for (const worker of [true, false]) answers.push(await command(await start(worker), 'scenarios.start', { text: bad, file: 'bad.scenario.yaml' }));
    expect(answers[0]).toMatchObject({ ok: false, error: { where: 'bad.scenario.yaml:4:14', message: expect.stringMatching(/step 2: advance/) } });
    expect(answers[0]).toEqual(answers[1]);
  });

  it('a worker that dies while it holds a scenario file: the file is parsed here, the same answer', async () => {
    const logged: string[] = [];
    const runner = createIngestRunner({ url: new URL('./helpers/dies-on-scenario.mjs', import.meta.url) }, (m) => logged.push(m));
    try {
      const bad = 'name: bad\nsteps:\n  - advance: soon\n';
      expect(await runner.playScenario(bad, 'bad.scenario.yaml')).toEqual(toPlay(loadScenario(bad, 'bad.scenario.yaml')));
      expect(runner.mode).toBe('in-thread');
      expect(logged.join('\n')).toMatch(/ingest worker thread failed \(it exited with code 9\)/);
    } finally {
      await runner.close();
    }
  });
});
