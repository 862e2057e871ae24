// The webhook form's draft against a webhook changed elsewhere while the form is open: which fields
// the user edited, what a change elsewhere does to the rest, what the notice lists, what Save sends.
import { describe, expect, it } from 'vitest';
import { draftEdits, draftFrom, followChange, rebaseDraft, savePayload, webhookChanges, type WebhookValues } from '../../../src-renderer/src/webhooks/webhook-draft';

const hook = (hasSecret: boolean, rejectInvalid: boolean, name = 'pf'): WebhookValues => ({ name, hasSecret, rejectInvalid });

describe('draftEdits', () => {
  it('is empty for the untouched form, "Change" with nothing typed, Remove on no secret, and a box ticked back', () => {
    expect(draftEdits(hook(true, false), draftFrom(hook(true, false)))).toEqual({});
    expect(draftEdits(hook(true, false), { secretMode: 'set', secret: '', rejectInvalid: false })).toEqual({});
    expect(draftEdits(hook(false, false), { secretMode: 'clear', secret: '', rejectInvalid: false })).toEqual({});
    expect(draftEdits(hook(false, true), { secretMode: 'set', secret: '', rejectInvalid: true })).toEqual({});
  });
  it('names a typed secret, a removed one and a changed box', () => {
    expect(draftEdits(hook(false, false), { secretMode: 'set', secret: 'x', rejectInvalid: true })).toEqual({ secret: 'set', rejectInvalid: true });
    expect(draftEdits(hook(true, true), { secretMode: 'clear', secret: '', rejectInvalid: false })).toEqual({ secret: 'clear', rejectInvalid: false });
  });
});

describe('rebaseDraft', () => {
  it('gives the fields not edited the new values and keeps the edited ones', () => {
    // Secret typed here; 401s turned on elsewhere.
    expect(rebaseDraft(hook(false, false), hook(false, true), { secretMode: 'set', secret: 'mine', rejectInvalid: false })).toEqual({ secretMode: 'set', secret: 'mine', rejectInvalid: true });
    // 401s turned on here; a secret set elsewhere is kept, not cleared.
    expect(rebaseDraft(hook(false, false), hook(true, false), { secretMode: 'set', secret: '', rejectInvalid: true })).toEqual({ secretMode: 'keep', secret: '', rejectInvalid: true });
    // A secret removed elsewhere: nothing left to keep or remove.
    expect(rebaseDraft(hook(true, false), hook(false, false), { secretMode: 'keep', secret: '', rejectInvalid: true })).toEqual({ secretMode: 'set', secret: '', rejectInvalid: true });
    expect(rebaseDraft(hook(true, false), hook(false, false), { secretMode: 'clear', secret: '', rejectInvalid: true })).toEqual({ secretMode: 'set', secret: '', rejectInvalid: true });
  });
  it('keeps "Change" chosen with nothing typed while the webhook still has a secret', () => {
    expect(rebaseDraft(hook(true, false), hook(true, true), { secretMode: 'set', secret: '', rejectInvalid: false })).toEqual({ secretMode: 'set', secret: '', rejectInvalid: true });
  });
});

describe('followChange', () => {
  it('is null when nothing changed', () => {
    expect(followChange(hook(true, false), hook(true, false), draftFrom(hook(true, false)), null)).toBeNull();
  });
  it('follows without a notice when there is nothing edited, or the edit is what changed elsewhere', () => {
    expect(followChange(hook(false, false), hook(true, true), draftFrom(hook(false, false)), null)).toEqual({ base: hook(true, true), draft: draftFrom(hook(true, true)), since: null });
    expect(followChange(hook(false, false), hook(false, true), { secretMode: 'set', secret: '', rejectInvalid: true }, null)?.since).toBeNull();
  });
  it('keeps, under edits, the values they were made against, across several changes, until the changes cancel out', () => {
    const draft = { secretMode: 'set' as const, secret: 'mine', rejectInvalid: false };
    const first = followChange(hook(false, false), hook(false, true), draft, null)!;
    expect(first.since).toEqual(hook(false, false));
    const second = followChange(first.base, hook(true, true), first.draft, first.since)!;
    expect(second.since).toEqual(hook(false, false));
    expect(webhookChanges(second.since!, second.base)).toEqual(['Shared secret: set, was none.', 'Answer 401 to requests with a missing or invalid signature: on, was off.']);
    const back = followChange(second.base, hook(false, false), second.draft, second.since)!;
    expect(back.since).toBeNull();
    expect(back.draft).toEqual(draft);
  });
});

describe('webhookChanges', () => {
  it('says a secret is set or removed, never what it is, and each change in its own sentence', () => {
    expect(webhookChanges(hook(true, true), hook(false, false, 'pf2'))).toEqual([
      'Name: "pf2", was "pf".',
      'Shared secret: removed (none now), was set.',
      'Answer 401 to requests with a missing or invalid signature: off, was on.',
    ]);
    expect(webhookChanges(hook(true, true), hook(true, true))).toEqual([]);
  });
});

describe('savePayload', () => {
  it('keeps the secret the engine has when it was not edited here (set or replaced elsewhere)', () => {
    expect(savePayload('pf', hook(false, false), { secretMode: 'set', secret: '', rejectInvalid: true }, false)).toEqual({ name: 'pf', rejectInvalid: true, keepSecret: true, keepRejectInvalid: false, secret: undefined, expect: 'existing' });
    expect(savePayload('pf', hook(true, false), draftFrom(hook(true, false)), false)).toMatchObject({ keepSecret: true, secret: undefined });
  });
  it('sends a typed secret, a removal, and for a new webhook nothing to keep', () => {
    expect(savePayload('pf', hook(true, false), { secretMode: 'set', secret: 'new', rejectInvalid: false }, false)).toMatchObject({ keepSecret: false, secret: 'new' });
    expect(savePayload('pf', hook(true, false), { secretMode: 'clear', secret: '', rejectInvalid: false }, false)).toMatchObject({ keepSecret: false, secret: undefined });
    expect(savePayload('pf', null, { secretMode: 'set', secret: '', rejectInvalid: false }, true)).toMatchObject({ keepSecret: false, secret: undefined, expect: 'new' });
  });
  it('a secret typed under "Change" and then Remove or Keep chosen is not sent (the radio leaves the typed text in the draft)', () => {
    // Remove: the secret is removed, not replaced by the text typed before.
    expect(savePayload('pf', hook(true, false), { secretMode: 'clear', secret: 'typed', rejectInvalid: false }, false)).toMatchObject({ keepSecret: false, secret: undefined });
    // Keep: the engine's secret stays, and no other one rides along.
    expect(savePayload('pf', hook(true, false), { secretMode: 'keep', secret: 'typed', rejectInvalid: false }, false)).toMatchObject({ keepSecret: true, secret: undefined });
  });
  it('keeps "reject invalid" as the engine has it unless it was edited here (a secret-only Save undid another window\'s toggle)', () => {
    // Only the secret typed: the box is as this form last heard it, so the engine keeps its own.
    expect(savePayload('pf', hook(true, false), { secretMode: 'set', secret: 'new', rejectInvalid: false }, false)).toMatchObject({ keepRejectInvalid: true });
    // Ticked, and unticked back to where it was: no edit either.
    expect(savePayload('pf', hook(false, true), draftFrom(hook(false, true)), false)).toMatchObject({ keepRejectInvalid: true, rejectInvalid: true });
    // Changed here: sent, whichever way.
    expect(savePayload('pf', hook(false, true), { secretMode: 'set', secret: '', rejectInvalid: false }, false)).toMatchObject({ keepRejectInvalid: false, rejectInvalid: false });
    // A new webhook (or Save as new) has nothing to keep.
    expect(savePayload('pf', hook(false, true), draftFrom(hook(false, true)), true)).toMatchObject({ keepRejectInvalid: false, rejectInvalid: true });
  });
});
