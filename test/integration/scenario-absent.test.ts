// A scenario file writes "this key must be absent" in a messages expectation's match as the wire
// form does, `plan: { $absent: true }` (YAML cannot write undefined): it was compared as a literal
// object {"$absent": true}, which no message held, so the expectation failed whatever was sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src-main/replay/load';
import { startRunnerBench, type RunnerBench } from './helpers/runner-bench';

let b: RunnerBench;
beforeAll(async () => {
  b = await startRunnerBench('eventbench-absent-');
});
afterAll(() => b.dispose());

const scenario = (properties: string, match: string) => [
  'name: absent plan',
  'steps:',
  `  - send: { message: { type: track, userId: ada, event: Signed Up, properties: ${properties} } }`,
  `  - expect: { messages: { match: ${match}, count: 1 } }`,
];

describe('$absent in a scenario', () => {
  it('passes when the message lacks the key, and fails naming it when it has it', async () => {
    const passed = await b.run(scenario('{ source: ads }', '{ event: Signed Up, properties: { plan: { $absent: true } } }'));
    expect(passed.passed).toBe(true);
    const failed = await b.run(scenario('{ plan: pro }', '{ event: Signed Up, properties: { plan: { $absent: true } } }'));
    expect(failed.passed).toBe(false);
    expect(failed.steps[1].expectations?.[0].message).toContain('properties.plan is "pro", expected it absent');
  });

  it('a $absent of another form, or in a list, is an error of the file at its line', () => {
    const bad = (match: string) => {
      const r = loadScenario(scenario('{}', match).join('\n') + '\n', '/tmp/x.scenario.yaml');
      return r.ok ? [] : r.errors.map((e) => `${e.line}: ${e.message}`);
    };
    expect(bad('{ properties: { plan: { $absent: false } } }')).toEqual(['4: step 2: expect.messages.match.properties.plan: {"$absent":false} is not the absent marker: write {"$absent":true} for "this key must be absent", or leave the key out to accept any value']);
    expect(bad('{ tags: [{ $absent: true }] }')).toEqual(['4: step 2: expect.messages.match.tags[0]: {"$absent":true} says a key must be absent, and an array\'s element has no key: leave it out of the list']);
  });

  it('in a catalog event\'s overrides: another form is an error of the file at its line, worded for overrides', () => {
    const bad = (overrides: string) => {
      const text = ['name: absent override', 'steps:', `  - send: { event: { profile: provesource, name: Notification Viewed, overrides: ${overrides} } }`, ''].join('\n');
      const r = loadScenario(text, '/tmp/x.scenario.yaml');
      return r.ok ? [] : r.errors.map((e) => `${e.line}: ${e.message}`);
    };
    expect(bad('{ properties: { notificationId: { $absent: true } } }')).toEqual([]);
    expect(bad('{ properties: { notificationId: { $absent: 1 } } }')).toEqual([
      '3: step 1: send.event.overrides.properties.notificationId: {"$absent":1} is not the absent marker: write {"$absent":true} to leave this field out of the catalog\'s example, or give the value to send',
    ]);
    expect(bad('{ $absent: true }')).toEqual([expect.stringMatching(/^3: step 1: send\.event\.overrides: \{"\$absent":true\} says a key must be absent, and the whole message has no key/)]);
  });
});
