// The scenario runner against a real engine: a send through the Segment sender to this receiver
// with its delivery expected, a signed webhook, a catalog event, and a step that cannot run.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src-main/replay/load';
import { runScenario } from '../../src-main/replay/scenario-runner';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeEach(async () => {
  t = await startTestEngine();
});
afterEach(() => t.dispose());

const run = (text: string) => {
  const loaded = loadScenario(text, 'x.scenario.yaml');
  if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
  return runScenario({ api: t.engine, url: t.engine.url }, loaded.scenario);
};

describe('scenario runner', () => {
  it('sends through the sender (analytics-node) and expects its delivery', async () => {
    const r = await run(['name: sender', 'steps:', '  - id: s', '    send: { via: sender, message: { type: track, userId: u-1, event: Sent By SDK } }', '  - expect:', '      delivery: { step: s, state: delivered, status: 200 }', '      messages: { match: { event: Sent By SDK, userId: u-1 }, count: 1 }', ''].join('\n'));
    expect(r.steps.map((s) => s.status)).toEqual(['passed', 'passed']);
    expect(r.steps[0].seqs).toHaveLength(1);
    const captured = await t.engine.call('messages.get', { seq: r.steps[0].seqs![0] });
    // Stamped by the paused simulation clock at the scenario's start, not by the wall clock.
    expect(captured?.message.timestamp).toBe('2026-01-01T09:00:00.000Z');
    expect(captured?.headers['user-agent']).toMatch(/analytics-node/);
  });

  it('signs webhook sends with the scenario webhook secret', async () => {
    const r = await run(['name: hook', 'webhooks: [{ name: pf, secret: s3cret, rejectInvalid: true }]', 'steps:', '  - id: h', '    send: { via: webhook, webhook: pf, message: { type: identify, userId: ada } }', '  - expect: { messages: { filter: { endpoint: /webhook/pf }, count: 1 } }', ''].join('\n'));
    expect(r.passed).toBe(true);
    const c = await t.engine.call('messages.get', { seq: r.steps[0].seqs![0] });
    expect(c?.origin).toMatchObject({ kind: 'webhook', signature: { status: 'valid', basis: 'raw-body' } });
  });

  it('a catalog event unknown to its profile fails the step with what it has, and the run goes on', async () => {
    const r = await run(['name: bad event', 'steps:', '  - send: { event: { profile: provesource, name: Notification Exploded } }', '  - advance: 1m', ''].join('\n'));
    expect(r.passed).toBe(false);
    expect(r.steps[0]).toMatchObject({ status: 'error', error: expect.stringContaining('has no event "Notification Exploded"; it has Notification Viewed') });
    expect(r.steps[1].status).toBe('passed');
  });
});
