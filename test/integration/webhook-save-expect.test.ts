// webhooks.save's `expect`: the webhook form's Save of an edit is refused once the webhook was
// deleted elsewhere, and a new one once its name was taken elsewhere, even when the form has not yet
// heard of that change (a save without `expect`, as a scenario's, still creates or replaces).
import { afterEach, describe, expect, it } from 'vitest';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine | undefined;
afterEach(async () => {
  await t?.dispose();
  t = undefined;
});

describe('webhooks.save expect', () => {
  it('refuses an edit of a webhook deleted meanwhile, and creates nothing', async () => {
    t = await startTestEngine();
    const { engine } = t;
    await engine.call('webhooks.save', { name: 'pf', secret: 's', rejectInvalid: false });
    await engine.call('webhooks.delete', { name: 'pf' });
    await expect(engine.call('webhooks.save', { name: 'pf', rejectInvalid: true, keepSecret: true, expect: 'existing' })).rejects.toThrow(
      'no webhook named "pf" to save: it was deleted while it was being edited (save it as a new one to create it again)',
    );
    expect(await engine.call('webhooks.list', undefined)).toEqual([]);
    await engine.call('webhooks.save', { name: 'pf', rejectInvalid: true, expect: 'new' });
    expect((await engine.call('webhooks.list', undefined)).map((w) => [w.name, w.hasSecret, w.rejectInvalid])).toEqual([['pf', false, true]]);
  });

  it('refuses a new webhook over one of that name added meanwhile, which keeps its secret', async () => {
    t = await startTestEngine();
    const { engine } = t;
    await engine.call('webhooks.save', { name: 'pf', secret: 's', rejectInvalid: true });
    await expect(engine.call('webhooks.save', { name: 'pf', rejectInvalid: false, expect: 'new' })).rejects.toThrow(
      'a webhook named "pf" already exists (it was added while this one was being made): choose another name, or edit that one',
    );
    expect((await engine.call('webhooks.list', undefined)).map((w) => [w.name, w.hasSecret, w.rejectInvalid])).toEqual([['pf', true, true]]);
    await engine.call('webhooks.save', { name: 'pf', rejectInvalid: false, keepSecret: true, expect: 'existing' });
    expect((await engine.call('webhooks.list', undefined)).map((w) => [w.name, w.hasSecret, w.rejectInvalid])).toEqual([['pf', true, false]]);
  });

  it('keepRejectInvalid keeps the engine\'s box (a form that changed only the secret), and is ignored for a new webhook', async () => {
    t = await startTestEngine();
    const { engine } = t;
    await engine.call('webhooks.save', { name: 'pf', rejectInvalid: false });
    // Another window turns "reject invalid" on; this form, not told yet, saves a new secret.
    await engine.call('webhooks.save', { name: 'pf', rejectInvalid: true, keepSecret: true, expect: 'existing' });
    await engine.call('webhooks.save', { name: 'pf', secret: 'new', rejectInvalid: false, keepRejectInvalid: true, expect: 'existing' });
    expect((await engine.call('webhooks.list', undefined)).map((w) => [w.name, w.hasSecret, w.rejectInvalid])).toEqual([['pf', true, true]]);
    // Edited here: what is sent is saved.
    await engine.call('webhooks.save', { name: 'pf', rejectInvalid: false, keepSecret: true, keepRejectInvalid: false, expect: 'existing' });
    expect((await engine.call('webhooks.list', undefined)).map((w) => [w.name, w.hasSecret, w.rejectInvalid])).toEqual([['pf', true, false]]);
    // No webhook of that name: nothing to keep, the sent value is taken.
    await engine.call('webhooks.save', { name: 'other', rejectInvalid: true, keepRejectInvalid: true, expect: 'new' });
    expect((await engine.call('webhooks.list', undefined)).find((w) => w.name === 'other')?.rejectInvalid).toBe(true);
  });

  it('names a bad expect', async () => {
    t = await startTestEngine();
    await expect(t.engine.call('webhooks.save', { name: 'pf', rejectInvalid: false, expect: 'maybe' as never })).rejects.toThrow('expect must be "existing" or "new", not "maybe"');
  });
});
