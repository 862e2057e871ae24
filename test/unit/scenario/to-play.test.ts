// What Play takes from the ingest worker (to-play.ts): each step's body as text, read as the run
// reaches it. Read back, every step is the parse's own, whatever it holds: a number past 2^53 kept
// as its digits, `$absent`, a key named __proto__, text outside the BMP, a reference by line.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src-main/replay/load';
import { scenarioChanges } from '../../../src-shared/scenario/changes';
import { playable, toPlay } from '../../../src-shared/scenario/to-play';

const text = [
  'name: every kind',
  'start: 2026-02-01T10:00:00Z',
  'settings: { sessions: { timeoutMs: 60000 }, matching: { emailComparison: exact } }',
  'webhooks: [ { name: pf, secret: s } ]',
  'steps:',
  '  - users: [ { id: u-1, email: a@b.c } ]',
  '  - id: buy',
  '    send: { message: { type: track, userId: 9007199254740993, event: "Café 🎉", properties: { "__proto__": { x: 1 }, n: 0.1000000000000000055511151231257827 } } }',
  '  - send: { via: webhook, webhook: pf, message: { type: identify, userId: u } }',
  '  - send: { event: { profile: provesource, name: Notification Viewed, overrides: { properties: { notificationId: { $absent: true } } } } }',
  '  - advance: 90s',
  '  - set: 2026-02-01T11:00:00Z',
  '  - expect: { matching: { outcome: created }, messages: { match: { properties: { plan: { $absent: true } } }, count: 0 }, dropReasons: { step: buy, none: true } }',
  '',
].join('\n');

describe('a scenario handed over for Play', () => {
  const loaded = loadScenario(text, 'every.scenario.yaml');
  if (!loaded.ok) throw new Error(loaded.errors[0].message);
  const play = toPlay(loaded);

  it('reads back every step as the parse gave it, and the scenario around them', () => {
    if (!play.ok) throw new Error('not ok');
    const scenario = playable(play);
    const { steps, ...rest } = loaded.scenario;
    expect(scenario).toMatchObject(rest);
    expect(scenario.steps.map((h) => h.index)).toEqual(steps.map((s) => s.index));
    for (const head of scenario.steps) expect(scenario.stepAt(head.index)).toEqual(steps[head.index]);
    // The key named __proto__ is the message's own key, not its prototype.
    const buy = scenario.stepAt(1);
    expect(buy.kind === 'send' && Object.prototype.hasOwnProperty.call(buy.send.message!.properties, '__proto__')).toBe(true);
    expect(play.changes).toEqual(scenarioChanges(loaded.scenario));
  });

  it("lists each step's head: its line, label, kind, id, and the line a sentence names an unnamed send by", () => {
    if (!play.ok) throw new Error('not ok');
    const heads = playable(play).steps;
    expect(heads.map((h) => [h.index, h.line, h.kind, h.id ?? null])).toEqual([
      [0, 6, 'users', null],
      [1, 7, 'send', 'buy'],
      [2, 9, 'send', null],
      [3, 10, 'send', null],
      [4, 11, 'advance', null],
      [5, 12, 'set', null],
      [6, 13, 'expect', null],
    ]);
    // The matching expectation judges the latest send, named by its line.
    expect(heads[3].ref).toBe('line 10');
    expect(heads[3].label).toBe(loaded.scenario.steps[3].label);
  });

  it('a file that does not parse is handed over as its errors', () => {
    const bad = loadScenario('name: bad\nsteps:\n  - advance: soon\n', 'bad.scenario.yaml');
    expect(toPlay(bad)).toEqual(bad);
  });
});
