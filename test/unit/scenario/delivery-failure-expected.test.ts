// A via: sender send whose delivery fails passes with a warning (the runner's), unless a later
// `expect: { delivery: { state: failed } }` names it: parse marks that send, so the runner knows
// before the expectation is reached (the app's Play reads each step's body only as it runs it).
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src-main/replay/load';
import type { FlatStep } from '../../../src-shared/scenario/types';

const sendsOf = (lines: string[]) => {
  const r = loadScenario(lines.join('\n'), 'x.scenario.yaml');
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.scenario.steps.filter((s): s is Extract<FlatStep, { kind: 'send' }> => s.kind === 'send').map((s) => s.failureExpected === true);
};
const sender = (type: string) => `{ via: sender, target: local, message: { type: ${type}, userId: u } }`;

describe('a send whose failed delivery the file expects', () => {
  it('is the latest sender send before `delivery: { state: failed }` without a step, and only it', () => {
    expect(sendsOf(['name: s', 'steps:', `  - send: ${sender('pgae')}`, `  - send: ${sender('pgae')}`, '  - expect: { delivery: { state: failed } }', ''])).toEqual([false, true]);
  });

  it('is the send the expectation names by id, the latest of that id', () => {
    expect(sendsOf(['name: s', 'steps:', '  - id: bad', `    send: ${sender('pgae')}`, `  - send: ${sender('track')}`, '  - expect: { delivery: { step: bad, state: failed } }', ''])).toEqual([true, false]);
  });

  it('is none when the expectation expects it delivered, or says nothing of its state', () => {
    expect(sendsOf(['name: s', 'steps:', `  - send: ${sender('pgae')}`, '  - expect: { delivery: { state: delivered } }', ''])).toEqual([false]);
    expect(sendsOf(['name: s', 'steps:', `  - send: ${sender('pgae')}`, '  - expect: { delivery: { status: 400 } }', ''])).toEqual([false]);
  });

  it('is none when the expectation comes before the send', () => {
    expect(sendsOf(['name: s', 'steps:', `  - send: ${sender('track')}`, '  - expect: { delivery: { state: failed } }', `  - send: ${sender('pgae')}`, ''])).toEqual([true, false]);
  });
});
