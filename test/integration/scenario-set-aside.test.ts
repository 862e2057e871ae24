// Playing a scenario in the app that decides Product Fruits matching: the user's own starting
// directory and settings were silently merged with the scenario's users and replaced by its
// settings. Now they are set aside (on disk first), the run starts as on a fresh engine, and
// restoring puts them back; the set-aside survives a restart.
import { existsSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScenarioProgress } from '../../src-shared/scenario/report';
import { startTestEngine, type TestEngine } from './helpers/engine';

const engines: TestEngine[] = [];
afterEach(async () => {
  for (const t of engines.splice(0)) await t.dispose();
});

async function play(t: TestEngine, text: string): Promise<ScenarioProgress> {
  const done = new Promise<ScenarioProgress>((resolve) => {
    const off = t.engine.subscribe((e) => {
      if (e.name === 'scenarios.progress' && (e.payload.state === 'done' || e.payload.state === 'stopped')) {
        off();
        resolve(e.payload);
      }
    });
  });
  await t.engine.call('scenarios.start', { text, file: 'x.scenario.yaml' });
  return done;
}

const SAVED = [
  'name: bob lands on Ada',
  'settings: { matching: { emailComparison: exact } }',
  'webhooks: [{ name: pf }]',
  'steps:',
  '  - users: [{ id: u-ada, username: ada, email: ada@example.com }]',
  '  - id: m1',
  '    send: { via: webhook, webhook: pf, message: { type: identify, userId: bob, traits: { email: ada@example.com } } }',
  '  - expect: { matching: { step: m1, outcome: matched-by-email }, users: { count: 1 } }',
  '',
].join('\n');

describe('a scenario played in the app sets the user\'s own matching aside', () => {
  it('runs on the scenario\'s directory and settings alone, and restores the user\'s', async () => {
    const t = await startTestEngine();
    engines.push(t);
    const mine = [
      { id: 'mine-1', username: 'bob', email: 'bob@example.com', properties: { plan: 'pro' } },
      { id: 'mine-2', username: 'cy', properties: {} },
    ];
    for (const u of mine) await t.engine.call('users.saveStarting', u);
    await t.engine.call('matching.setSettings', { conflict: 'userId-wins' });

    const check = await t.engine.call('scenarios.check', { text: SAVED, file: 'x.scenario.yaml' });
    expect(check.ok && check.changes).toEqual({ matching: true, matchingSettings: { emailComparison: 'exact' }, inlineUsers: 1, userFiles: [], webhooks: ['pf'] });

    const run = await play(t, SAVED);
    // With the user's bob in the directory, the scenario's count of 1 user failed (merged: 3).
    expect(run.result?.passed).toBe(true);
    expect(await t.engine.call('users.starting', undefined)).toEqual([{ id: 'u-ada', username: 'ada', email: 'ada@example.com', properties: {} }]);
    expect((await t.engine.call('matching.status', undefined)).settings).toEqual({ emailComparison: 'exact', noIdentity: 'unmatched', conflict: 'email-wins', scope: 'webhook' });
    const aside = await t.engine.call('scenarios.setAside', undefined);
    expect(aside).toMatchObject({ scenario: 'bob lands on Ada', users: 2, matching: { conflict: 'userId-wins', emailComparison: 'ignore-case-and-space' } });
    expect(existsSync(join(t.dataDir, 'scenario-set-aside.json'))).toBe(true);

    // Played again: the user's set-up stays the one set aside (not the first run's directory).
    expect((await play(t, SAVED)).result?.passed).toBe(true);
    expect(await t.engine.call('scenarios.setAside', undefined)).toEqual(aside);

    expect(await t.engine.call('scenarios.restore', undefined)).toEqual(aside);
    expect(await t.engine.call('users.starting', undefined)).toEqual(mine);
    expect((await t.engine.call('matching.status', undefined)).settings.conflict).toBe('userId-wins');
    expect(await t.engine.call('scenarios.setAside', undefined)).toBeNull();
    expect(existsSync(join(t.dataDir, 'scenario-set-aside.json'))).toBe(false);
    expect(await t.engine.call('scenarios.restore', undefined)).toBeNull();
  });

  it('keeps the set-aside across a restart; a scenario that leaves matching alone sets nothing aside', async () => {
    const t = await startTestEngine();
    engines.push(t);
    await t.engine.call('users.saveStarting', { id: 'mine-1', username: 'bob', properties: {} });
    const plain = ['name: plain', 'steps:', '  - send: { message: { type: track, userId: u1, event: Opened } }', ''].join('\n');
    expect((await play(t, plain)).result?.passed).toBe(true);
    expect(await t.engine.call('scenarios.setAside', undefined)).toBeNull();
    expect((await t.engine.call('users.starting', undefined)).map((u) => u.id)).toEqual(['mine-1']);

    await play(t, SAVED);
    const dataDir = t.dataDir;
    await t.engine.close();
    const again = await startTestEngine({ dataDir });
    engines.push(again);
    expect(await again.engine.call('scenarios.setAside', undefined)).toMatchObject({ scenario: 'bob lands on Ada', users: 1 });
    await again.engine.call('scenarios.restore', undefined);
    expect((await again.engine.call('users.starting', undefined)).map((u) => u.id)).toEqual(['mine-1']);
  });

  // A scenario's `webhooks` were saved over the app's own (the Webhooks tab's names and shared
  // secrets in settings.json), with no way back. Now the user's own of those names are set aside
  // too, on disk, and Restore mine puts them back, secrets included, after a restart as well.
  it('sets the user\'s own webhooks of the scenario\'s names aside, and restores them after a restart', async () => {
    const t = await startTestEngine();
    engines.push(t);
    await t.engine.call('webhooks.save', { name: 'pf', secret: 'mine-secret', rejectInvalid: true });
    await t.engine.call('webhooks.save', { name: 'other', secret: 'other-secret', rejectInvalid: false });
    const onDisk = async () => JSON.parse(await readFile(join(t.dataDir, 'settings.json'), 'utf8')).webhooks as unknown[];
    const mine = await onDisk();
    expect(mine).toEqual([
      { name: 'other', secret: 'other-secret', rejectInvalid: false },
      { name: 'pf', secret: 'mine-secret', rejectInvalid: true },
    ]);

    // No webhooks section: the user's webhooks are left alone, nothing is set aside.
    const plain = ['name: plain', 'steps:', '  - send: { via: webhook, webhook: pf, message: { type: track, userId: u1, event: Opened } }', ''].join('\n');
    await play(t, plain);
    expect(await t.engine.call('scenarios.setAside', undefined)).toBeNull();
    expect(await onDisk()).toEqual(mine);

    const hooks = [
      'name: signed hooks',
      'webhooks: [{ name: pf, secret: scenario-secret }, { name: fresh }]',
      'steps:',
      '  - id: s1',
      '    send: { via: webhook, webhook: pf, message: { type: track, userId: u1, event: Opened } }',
      '  - expect: { messages: { filter: { endpoint: /webhook/pf }, count: 1 } }',
      '',
    ].join('\n');
    const check = await t.engine.call('scenarios.check', { text: hooks, file: 'x.scenario.yaml' });
    expect(check.ok && check.changes.webhooks).toEqual(['pf', 'fresh']);
    const run = await play(t, hooks);
    expect(run.result?.passed).toBe(true);
    // The scenario's are in use; the user's "other" is untouched.
    expect(await onDisk()).toEqual([
      { name: 'fresh', rejectInvalid: false },
      { name: 'other', secret: 'other-secret', rejectInvalid: false },
      // Its secret replaced the user's: when is kept beside it, as for any change (only the time).
      { name: 'pf', secret: 'scenario-secret', rejectInvalid: false, secretChangedAt: expect.any(String) },
    ]);
    const aside = await t.engine.call('scenarios.setAside', undefined);
    expect(aside).toEqual({ scenario: 'signed hooks', savedAt: expect.any(String), webhooks: ['pf'], addedWebhooks: ['fresh'] });
    // The set-aside file holds the secret: private to its owner, like settings.json.
    const file = join(t.dataDir, 'scenario-set-aside.json');
    expect(await readFile(file, 'utf8')).toContain('mine-secret');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    // Played again: the set-aside stays the user's, not the first run's.
    await play(t, hooks);
    expect(await t.engine.call('scenarios.setAside', undefined)).toEqual(aside);

    const again = await t.restart();
    expect(await again.call('scenarios.setAside', undefined)).toEqual(aside);
    expect(await again.call('scenarios.restore', undefined)).toEqual(aside);
    expect(await onDisk()).toEqual(mine);
    expect(await again.call('webhooks.list', undefined)).toMatchObject([
      { name: 'other', hasSecret: true, rejectInvalid: false },
      { name: 'pf', hasSecret: true, rejectInvalid: true },
    ]);
    expect(existsSync(file)).toBe(false);
    const third = await t.restart();
    expect(await third.call('scenarios.setAside', undefined)).toBeNull();
    expect(await onDisk()).toEqual(mine);
  });

  it('names a set-aside webhook it cannot restore as written, and keeps the file as it was', async () => {
    const t = await startTestEngine();
    engines.push(t);
    await t.engine.close();
    const text = JSON.stringify({ scenario: 's', savedAt: '2026-01-01T00:00:00.000Z', webhooks: [{ name: 'pf', secret: 12345, rejectInvalid: true }, { name: 'ok', secret: 'kept', rejectInvalid: false }], addedWebhooks: ['fresh', 'no/slash'] });
    await writeFile(join(t.dataDir, 'scenario-set-aside.json'), text);
    const again = await startTestEngine({ dataDir: t.dataDir });
    engines.push(again);
    const warnings = again.engine.info().storeWarnings;
    expect(warnings).toEqual([
      expect.stringMatching(/^scenario-set-aside\.json: webhooks\[0\] \("pf"\): "secret" must be text, not 12345; the webhook has no secret \(its signatures are not checked\) when restored \(the file as it was is kept as scenario-set-aside\.json\.damaged\)$/),
      expect.stringMatching(/^scenario-set-aside\.json: addedWebhooks\[1\]: the name .*; left out \(not removed on restore\)/),
    ]);
    expect(JSON.parse(await readFile(join(t.dataDir, 'scenario-set-aside.json.damaged'), 'utf8'))).toEqual(JSON.parse(text));
    expect(await again.engine.call('scenarios.setAside', undefined)).toMatchObject({ webhooks: ['pf', 'ok'], addedWebhooks: ['fresh'] });
    await again.engine.call('scenarios.restore', undefined);
    expect((await again.engine.call('webhooks.list', undefined)).map((w) => [w.name, w.hasSecret])).toEqual([['ok', true], ['pf', false]]);
  });

  it("a set-aside user's property past 2^53 is restored with its digits, and so is it in the copy kept beside a file with a fault", async () => {
    const t = await startTestEngine();
    engines.push(t);
    await t.engine.close();
    // As text: JSON.stringify could not write these digits.
    const text = '{"scenario":"s","savedAt":"2026-01-01T00:00:00.000Z","users":[{"id":"mine","email":"me@example.com","properties":{"seats":9007199254740993}}],"addedWebhooks":["no/slash"]}';
    await writeFile(join(t.dataDir, 'scenario-set-aside.json'), text);
    const again = await startTestEngine({ dataDir: t.dataDir });
    engines.push(again);
    expect(again.engine.info().storeWarnings).toEqual([expect.stringMatching(/^scenario-set-aside\.json: addedWebhooks\[0\]: the name .*; left out/)]);
    expect((await readFile(join(t.dataDir, 'scenario-set-aside.json.damaged'), 'utf8')).replace(/\s/g, '')).toBe(text);
    await again.engine.call('scenarios.restore', undefined);
    expect(await (await fetch(`${again.engine.url}/api/users`)).text()).toContain('"properties":{"seats":9007199254740993}');
  });

  // Valid JSON of another shape (a hand edit: "scenario" not text, a list): nothing was offered and
  // nothing said, and the next play wrote its own set-aside over it, the user's users and settings gone.
  it('a file that is not a set-aside is named, and kept beside it before a play writes over it', async () => {
    const t = await startTestEngine();
    engines.push(t);
    await t.engine.close();
    const text = JSON.stringify({ scenario: 5, savedAt: '2026-01-01T00:00:00.000Z', users: [{ id: 'mine', email: 'me@example.com', properties: {} }] });
    await writeFile(join(t.dataDir, 'scenario-set-aside.json'), text);
    const again = await startTestEngine({ dataDir: t.dataDir });
    engines.push(again);
    expect(again.engine.info().storeWarnings).toEqual([
      'scenario-set-aside.json: "scenario" must be text, not 5; nothing is offered to restore (the file as it was is kept as scenario-set-aside.json.damaged)',
    ]);
    expect(await again.engine.call('scenarios.setAside', undefined)).toBeNull();
    await play(again, SAVED);
    expect(JSON.parse(await readFile(join(t.dataDir, 'scenario-set-aside.json.damaged'), 'utf8'))).toEqual(JSON.parse(text));
  });
});
