// The trace: every field read and where from, the lookups and why they did or did not match, the
// changes, the conflict flag; and the sentences a support engineer reads aloud.
import { describe, expect, it } from 'vitest';
import { traceSentences } from '../../../src-shared/matching/trace-text';
import type { StartingUser } from '../../../src-shared/matching/types';
import { DEFAULTS, deriveExplained, input } from './helpers';

const START: StartingUser[] = [
  { id: 'a', username: 'ada', email: 'ada@example.com', properties: {} },
  { id: 'b', username: 'bob', email: 'bob@example.com', properties: {} },
];

describe('trace', () => {
  it('reads the three email locations in order and names each, with the value before and after normalizing', () => {
    const { decisions } = deriveExplained(START, DEFAULTS, [input(1, { type: 'identify', userId: 'ada', traits: { email: 'Ada@Example.com ' }, properties: { email: 'other@example.com' } })]);
    const d = decisions[0];
    expect(d.trace.slice(0, 3)).toEqual([
      { kind: 'read-email', path: 'traits.email', read: { state: 'text', value: 'Ada@Example.com ' }, normalized: 'ada@example.com', used: true },
      { kind: 'read-email', path: 'context.traits.email', read: { state: 'absent' }, used: false },
      { kind: 'read-email', path: 'properties.email', read: { state: 'text', value: 'other@example.com' }, used: false, skipped: 'earlier-email' },
    ]);
    const sentences = traceSentences(d);
    expect(sentences[0]).toBe('Read `traits.email` = `Ada@Example.com ` → normalized `ada@example.com` (lower-cased; 1 space after it removed).');
    expect(sentences[1]).toBe('`context.traits.email` is absent.');
    expect(sentences[2]).toBe('Read `properties.email` = `other@example.com`; not used: an earlier location already gave the email.');
    expect(sentences).toContain('Looked for a user whose email equals `ada@example.com` (ignoring case and surrounding space): found user a (username `ada`, email `ada@example.com`).');
    expect(sentences.at(-1)).toBe('Outcome: matched by email.');
  });

  it('says why an email did not match under exact comparison (a near miss) and what was created', () => {
    const { decisions } = deriveExplained(START, { ...DEFAULTS, emailComparison: 'exact' }, [input(1, { type: 'identify', userId: 'ada2', traits: { email: 'ADA@example.com' } })]);
    const s = traceSentences(decisions[0]);
    expect(s).toContain('Read `traits.email` = `ADA@example.com` (compared as is).');
    expect(s).toContain('Looked for a user whose email equals `ADA@example.com` (exactly): no user has it. User a (username `ada`) has the email `ada@example.com`, which differs only by case or space: exact comparison does not ignore that.');
    expect(s).toContain('Looked for a user whose username equals the userId `ada2`: no user has it.');
    expect(s).toContain('Created user new-1 (username `ada2`, email `ADA@example.com`).');
    expect(s).toContain('Changed: username set to `ada2`; email set to `ADA@example.com`.');
    expect(s.at(-1)).toBe('Outcome: a new user was created.');
  });

  // A support case: Jane's app sends userId jdoe, which is John's username in the directory. John's
  // own identify (his email, his app's userId john.doe) renamed him, so Jane's next track made a new
  // user, and its trace said only "no user has it": the username support had just imported.
  it('a lookup that finds no user names the one that had the username or email until an earlier message changed it', () => {
    const start: StartingUser[] = [{ id: 'PF-1002', username: 'jdoe', email: 'john@acme.com', properties: {} }];
    const { decisions } = deriveExplained(start, DEFAULTS, [
      input(1, { type: 'track', userId: 'jdoe', event: 'Report Viewed' }),
      input(2, { type: 'identify', userId: 'john.doe', traits: { email: 'john@acme.com' } }),
      input(3, { type: 'track', userId: 'jdoe', event: 'Dashboard Viewed' }),
      input(4, { type: 'identify', userId: 'john.doe', traits: { email: 'john.doe@acme.com' } }),
      input(5, { type: 'track', userId: 'x', event: 'E', context: { traits: { email: 'JOHN@acme.com' } } }),
    ]);
    // #1 found John by username: nothing to add.
    expect(traceSentences(decisions[0])).toContain('Looked for a user whose username equals the userId `jdoe`: found user PF-1002 (username `jdoe`, email `john@acme.com`).');
    expect(decisions[0].trace.find((s) => s.kind === 'lookup-username')).not.toHaveProperty('formerly');
    // #3: John no longer has it since #2.
    expect(decisions[2].outcome).toBe('created');
    expect(traceSentences(decisions[2])).toContain(
      'Looked for a user whose username equals the userId `jdoe`: no user has it. User PF-1002 (username `jdoe`, email `john@acme.com`) had it until message #2 changed its username to `john.doe`.',
    );
    // #5: the email John had until #4 changed it (compared ignoring case, as the lookup was).
    expect(traceSentences(decisions[4])).toContain(
      'Looked for a user whose email equals `john@acme.com` (ignoring case and surrounding space): no user has it. User PF-1002 (username `john.doe`, email `john@acme.com`) had it until message #4 changed its email to `john.doe@acme.com`.',
    );
    // A username that no user ever had says nothing more.
    expect(traceSentences(decisions[4])).toContain('Looked for a user whose username equals the userId `x`: no user has it.');
  });

  it('the user that had it last before the message is named: not one that lost it later, nor an earlier one', () => {
    const start: StartingUser[] = [{ id: 'u1', username: 'sam', properties: {} }];
    const { decisions } = deriveExplained(start, DEFAULTS, [
      input(1, { type: 'identify', userId: 'sam', traits: { email: 'sam@x.com' } }), // u1 gets the email
      input(2, { type: 'identify', userId: 'sam2', traits: { email: 'sam@x.com' } }), // u1 renamed sam -> sam2
      input(3, { type: 'identify', userId: 'sam', traits: { email: 'new@x.com' } }), // nobody: new-3 (username sam)
      input(4, { type: 'track', userId: 'sam', event: 'E' }), // found new-3
      input(5, { type: 'identify', userId: 'sam5', traits: { email: 'new@x.com' } }), // new-3 renamed sam -> sam5
      input(6, { type: 'track', userId: 'sam', event: 'E' }), // nobody again
    ]);
    expect(decisions[2].outcome).toBe('created');
    expect(traceSentences(decisions[2])).toContain('Looked for a user whose username equals the userId `sam`: no user has it. User u1 (username `sam`, email `sam@x.com`) had it until message #2 changed its username to `sam2`.');
    expect(decisions[3].userId).toBe('new-3');
    expect(traceSentences(decisions[5])).toContain('Looked for a user whose username equals the userId `sam`: no user has it. User new-3 (username `sam`, email `new@x.com`) had it until message #5 changed its username to `sam5`.');
  });

  it('flags a conflict, names both users and the winner, and what the loser kept', () => {
    const { decisions } = deriveExplained(START, DEFAULTS, [input(1, { type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } })]);
    const d = decisions[0];
    expect(d.conflict).toBe(true);
    const s = traceSentences(d);
    expect(s).toContain(
      'Conflict: the email finds user a (username `ada`, email `ada@example.com`) but the userId names user b (username `bob`, email `bob@example.com`). The setting says the email wins.',
    );
    expect(s).toContain('Left username as `ada` rather than `bob`: user b (username `bob`, email `bob@example.com`) already has that username.');
    expect(s.at(-1)).toBe('Outcome: matched by email, flagged as a conflict.');
  });

  it('names non-string values and what was done with them', () => {
    const { decisions } = deriveExplained(START, DEFAULTS, [input(1, { type: 'identify', userId: 7, anonymousId: 'x', traits: { email: ['a'] }, context: { traits: { email: null } }, properties: { email: true } })]);
    const s = traceSentences(decisions[0]);
    expect(s.slice(0, 4)).toEqual([
      '`traits.email` is a list, not text: ignored.',
      '`context.traits.email` is null, not text: ignored.',
      '`properties.email` is true, not text: ignored.',
      'Read `userId` = `7` (a number, read as text).',
    ]);
  });

  it('an empty string is text with nothing in it: the sentence does not call it "not text"', () => {
    // It read "`traits.email` is an empty string, not text: ignored.", which a support engineer
    // reading the trace aloud had to correct.
    const { decisions } = deriveExplained(START, DEFAULTS, [input(1, { type: 'identify', userId: '', traits: { email: '' } })]);
    const s = traceSentences(decisions[0]);
    expect(s.slice(0, 4)).toEqual(['`traits.email` is an empty string: ignored.', '`context.traits.email` is absent.', '`properties.email` is absent.', '`userId` is an empty string: ignored.']);
  });

  it('records field changes before → after', () => {
    const { decisions } = deriveExplained(START, DEFAULTS, [input(1, { type: 'identify', userId: 'bob', traits: { email: 'robert@example.com', plan: 'pro' } })]);
    expect(decisions[0].changes).toEqual([
      { field: 'email', before: 'bob@example.com', after: 'robert@example.com' },
      { field: 'properties.plan', before: undefined, after: 'pro' },
    ]);
    expect(traceSentences(decisions[0])).toContain('Changed: email `bob@example.com` → `robert@example.com`; properties.plan set to `pro`.');
  });

  it('explains an unmatched message under each no-identity setting', () => {
    const m = input(1, { type: 'track', event: 'X' });
    expect(traceSentences(deriveExplained([], DEFAULTS, [m]).decisions[0])).toEqual([
      '`traits.email` is absent.',
      '`context.traits.email` is absent.',
      '`properties.email` is absent.',
      '`userId` is absent.',
      'The message has neither a usable email nor a userId; the setting says such a message creates no user.',
      'Outcome: unmatched: no user was created or changed.',
    ]);
    const anon = traceSentences(deriveExplained([], { ...DEFAULTS, noIdentity: 'create-anonymous' }, [m]).decisions[0]);
    expect(anon).toContain('`anonymousId` is absent.');
    expect(anon.at(-1)).toBe('Outcome: unmatched: no user was created or changed.');
  });
});
