// The trace read aloud: one sentence per step, for the branches trace.test.ts does not show (an
// email with nothing left, several holders, a near miss's absence, the anonymousId lookups, the
// userId winning, an empty kept value, no change), and how values are quoted. The sentences are
// what the Matching view shows a support engineer; each is written out here in full.
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { outcomeText, quote, traceSentences } from '../../../src-shared/matching/trace-text';
import type { MatchingSettings, StartingUser } from '../../../src-shared/matching/types';
import { DEFAULTS, deriveExplained, input } from './helpers';

const START: StartingUser[] = [
  { id: 'a', username: 'ada', email: 'ada@example.com', properties: {} },
  { id: 'b', username: 'bob', email: 'bob@example.com', properties: { plan: 'free' } },
];

function sentences(messages: JsonObject[], settings: MatchingSettings = DEFAULTS, start: StartingUser[] = START): string[] {
  const { decisions } = deriveExplained(
    start,
    settings,
    messages.map((m, i) => input(i + 1, m)),
  );
  return traceSentences(decisions.at(-1)!);
}

describe('trace sentences', () => {
  // Read at the change itself, before the later message that no longer finds the user ("had it until
  // message #n"): the usual start of one person becoming two users.
  it('a username or an email replaced says what the old one no longer leads to; one the comparison takes as the same says nothing', () => {
    const renamed = sentences([{ type: 'identify', userId: 'ada-2', traits: { email: 'ADA@example.com' } }]);
    expect(renamed.slice(-3)).toEqual([
      'Changed: username `ada` → `ada-2`.',
      "From here on, userId `ada` no longer leads to user a (its username is `ada-2` now): a later message carrying it without a's email lands on another user with that username, or on a new one.",
      'Outcome: matched by email.',
    ]);
    // Compared exactly, the case is a different email: it is said too.
    const exact = sentences([{ type: 'identify', userId: 'ada', traits: { email: 'ADA@example.com' } }], { ...DEFAULTS, emailComparison: 'exact' });
    expect(exact.slice(-3)).toEqual([
      'Changed: email `ada@example.com` → `ADA@example.com`.',
      'From here on, email `ada@example.com` no longer leads to user a (its email is `ADA@example.com` now): a later message carrying it lands on another user with that email, or is matched by its userId alone.',
      'Outcome: matched by username.',
    ]);
    // A value set where there was none, or a property changed, takes nothing away.
    const start: StartingUser[] = [{ id: 'c', email: 'cy@example.com', properties: {} }];
    expect(sentences([{ type: 'identify', userId: 'cy', traits: { email: 'cy@example.com', plan: 'pro' } }], DEFAULTS, start).slice(-2)).toEqual([
      'Changed: username set to `cy`; properties.plan set to `pro`.',
      'Outcome: matched by email.',
    ]);
  });

  it('an email with nothing left after normalizing, then one found with several holders', () => {
    const start: StartingUser[] = [
      { id: 'x', email: 'same@example.com', properties: {} },
      { id: 'y', email: 'SAME@example.com', properties: {} },
      { id: 'z', email: 'same@EXAMPLE.com', properties: {} },
    ];
    expect(sentences([{ type: 'identify', traits: { email: '  ' }, context: { traits: { email: 'same@example.com' } } }], DEFAULTS, start)).toEqual([
      'Read `traits.email` = `  ` → normalized ``: nothing is left, so it is not used.',
      'Read `context.traits.email` = `same@example.com` (already lower case with no space around it: nothing to normalize).',
      '`properties.email` is absent.',
      '`userId` is absent.',
      'Looked for a user whose email equals `same@example.com` (ignoring case and surrounding space): found user x (email `same@example.com`). User y (email `SAME@example.com`) and 1 more have it too; the first in directory order is taken.',
      'Matched user x (email `same@example.com`).',
      'Nothing changed: the user already had every value this message carries.',
      'Outcome: matched by email.',
    ]);
  });

  it('one more holder is named: the user the email did not land on is the one a support engineer looks for', () => {
    // It said "1 more user has it too": which one, the trace did not say (a customer's events
    // landing on the "wrong" user is most often this, a second user with the email).
    const start: StartingUser[] = [
      { id: 'x', email: 'same@example.com', properties: {} },
      { id: 'y', username: 'why', email: ' Same@example.com', properties: {} },
    ];
    expect(sentences([{ type: 'identify', traits: { email: 'same@example.com' } }], DEFAULTS, start)[4]).toBe(
      'Looked for a user whose email equals `same@example.com` (ignoring case and surrounding space): found user x (email `same@example.com`). User y (username `why`, email ` Same@example.com`) has it too; the first in directory order is taken.',
    );
  });

  it('the other holder is named as it was then: a user whose email a later message changed', () => {
    const start: StartingUser[] = [
      { id: 'x', email: 'same@example.com', properties: {} },
      { id: 'y', username: 'why', email: 'same@example.com', properties: {} },
    ];
    // The first message finds x, naming y; the second moves y to another email; the third finds x alone.
    const s = (n: number) =>
      sentences(
        [
          { type: 'identify', traits: { email: 'same@example.com' } },
          { type: 'identify', userId: 'why', traits: { email: 'new@example.com' } },
          { type: 'identify', traits: { email: 'same@example.com' } },
        ].slice(0, n),
        DEFAULTS,
        start,
      )[4];
    expect(s(1)).toContain('User y (username `why`, email `same@example.com`) has it too');
    expect(s(3)).toBe('Looked for a user whose email equals `same@example.com` (ignoring case and surrounding space): found user x (email `same@example.com`).');
  });

  // A support case: the customer's emails came mixed-case and with trailing spaces. "→ normalized
  // `jane@acme.com`" left the space unseen (it is one character inside the quotes) and said nothing of
  // what was ignored; "(compared as is)" under "ignore case and surrounding space" read as "exactly".
  it('normalizing says what it ignored: the case, and the spaces before or after the email, counted', () => {
    const first = (email: string, settings: MatchingSettings = DEFAULTS) => sentences([{ type: 'identify', userId: 'jdoe', traits: { email } }], settings)[0];
    expect(first('Jane@Acme.com ')).toBe('Read `traits.email` = `Jane@Acme.com ` → normalized `jane@acme.com` (lower-cased; 1 space after it removed).');
    expect(first('jane@acme.com   ')).toBe('Read `traits.email` = `jane@acme.com   ` → normalized `jane@acme.com` (3 spaces after it removed).');
    expect(first(' \tJANE@ACME.COM')).toBe('Read `traits.email` = ` \tJANE@ACME.COM` → normalized `jane@acme.com` (lower-cased; 2 whitespace characters before it removed).');
    expect(first('  jane@acme.com\u00a0')).toBe('Read `traits.email` = `  jane@acme.com\u00a0` → normalized `jane@acme.com` (2 spaces before it removed; 1 whitespace character after it removed).');
    // Accents typed as two characters (NFD) are composed as well, and said so.
    expect(first('Rene\u0301@x.com')).toBe('Read `traits.email` = `Rene\u0301@x.com` → normalized `ren\u00e9@x.com` (lower-cased; its accents composed into single characters, Unicode NFC: the same text typed another way).');
    // Under exact comparison nothing is normalized: compared as is.
    expect(first('Jane@Acme.com ', { ...DEFAULTS, emailComparison: 'exact' })).toBe('Read `traits.email` = `Jane@Acme.com ` (compared as is).');
  });

  it('an unknown email and a userId checked too, to catch a conflict; a user with no username or email', () => {
    expect(sentences([{ type: 'identify', userId: 'bob', traits: { email: 'zed@example.com' } }])).toEqual([
      'Read `traits.email` = `zed@example.com` (already lower case with no space around it: nothing to normalize).',
      '`context.traits.email` is absent.',
      '`properties.email` is absent.',
      'Read `userId` = `bob`.',
      'Looked for a user whose email equals `zed@example.com` (ignoring case and surrounding space): no user has it.',
      'Looked for a user whose username equals the userId `bob`: found user b (username `bob`, email `bob@example.com`).',
      'Updated user b (username `bob`, email `zed@example.com`).',
      'Changed: email `bob@example.com` → `zed@example.com`.',
      'From here on, email `bob@example.com` no longer leads to user b (its email is `zed@example.com` now): a later message carrying it lands on another user with that email, or is matched by its userId alone.',
      'Outcome: matched by username.',
    ]);
    expect(sentences([{ type: 'identify', userId: 'ada', traits: { email: 'ada@example.com' } }])[5]).toBe(
      'Looked for a user whose username equals the userId `ada` (checked too, to catch a conflict): found user a (username `ada`, email `ada@example.com`).',
    );
    expect(sentences([{ type: 'identify', userId: 'new', traits: { email: 'bob@example.com' } }])[5]).toBe(
      'Looked for a user whose username equals the userId `new` (checked too, to catch a conflict): no user has it.',
    );
  });

  it('an email or userId holding U+FFFD, or encoded twice, says why it finds no one', () => {
    const note = ' It holds U+FFFD (\uFFFD), the replacement character: the client sent bytes there that were not UTF-8, so it will not equal the same text sent intact.';
    const s = sentences([{ type: 'identify', userId: 'b\uFFFDb', traits: { email: 'ad\uFFFD@example.com' } }]);
    expect(s[0]).toBe(`Read \`traits.email\` = \`ad\uFFFD@example.com\` (already lower case with no space around it: nothing to normalize).${note}`);
    expect(s[3]).toBe(`Read \`userId\` = \`b\uFFFDb\`.${note}`);
    expect(s[4]).toBe('Looked for a user whose email equals `ad\uFFFD@example.com` (ignoring case and surrounding space): no user has it.');
    expect(sentences([{ type: 'identify', userId: 'renÃ©e', traits: {} }]).find((line) => line.startsWith('Read `userId`'))).toBe(
      'Read `userId` = `renÃ©e`. It looks encoded twice (UTF-8 read as Windows-1252 and encoded again): it was `renée`, which it will not equal.',
    );
    // After the normalized email, as its own sentence; on an email left unused too.
    expect(sentences([{ type: 'identify', userId: 'r', traits: { email: 'RenÃ©e@Example.com' } }])[0]).toBe(
      'Read `traits.email` = `RenÃ©e@Example.com` → normalized `renã©e@example.com` (lower-cased). It looks encoded twice (UTF-8 read as Windows-1252 and encoded again): it was `Renée@Example.com`, which it will not equal.',
    );
    expect(sentences([{ type: 'identify', userId: 'r', traits: { email: 'a@b.c' }, context: { traits: { email: 'x\uFFFD@b.c' } } }])[1]).toBe(
      `Read \`context.traits.email\` = \`x\uFFFD@b.c\`; not used: an earlier location already gave the email.${note}`,
    );
    // Intact text gets no note, letters that merely look alike included.
    expect(sentences([{ type: 'identify', userId: 'SÃO', traits: {} }]).find((line) => line.startsWith('Read `userId`'))).toBe('Read `userId` = `SÃO`.');
    expect(sentences([{ type: 'identify', userId: 'rené', traits: {} }]).find((line) => line.startsWith('Read `userId`'))).toBe('Read `userId` = `rené`.');
  });

  it('text encoded twice is looked for behind Â, Ã, â, Ð and Ñ, as the Segment warning looks for it', () => {
    // "Привет" encoded twice begins with Ð; Greek's form begins with Î, not looked for (validate/text-rules.ts says why).
    expect(sentences([{ type: 'identify', userId: 'ÐŸÑ€Ð¸Ð²ÐµÑ‚', traits: {} }]).find((line) => line.startsWith('Read `userId`'))).toBe(
      'Read `userId` = `ÐŸÑ€Ð¸Ð²ÐµÑ‚`. It looks encoded twice (UTF-8 read as Windows-1252 and encoded again): it was `Привет`, which it will not equal.',
    );
    expect(sentences([{ type: 'identify', userId: 'Î±Î²Î³', traits: {} }]).find((line) => line.startsWith('Read `userId`'))).toBe('Read `userId` = `Î±Î²Î³`.');
    // The same text behind an Ã is read back whole.
    expect(sentences([{ type: 'identify', userId: 'Ã©ÐŸ', traits: {} }]).find((line) => line.startsWith('Read `userId`'))).toBe(
      'Read `userId` = `Ã©ÐŸ`. It looks encoded twice (UTF-8 read as Windows-1252 and encoded again): it was `éП`, which it will not equal.',
    );
  });

  it('the userId wins a conflict; the loser kept its email', () => {
    const s = sentences([{ type: 'identify', userId: 'bob', traits: { email: 'ada@example.com' } }], { ...DEFAULTS, conflict: 'userId-wins' });
    expect(s.slice(6)).toEqual([
      'Conflict: the email finds user a (username `ada`, email `ada@example.com`) but the userId names user b (username `bob`, email `bob@example.com`). The setting says the userId wins.',
      'Left email as `bob@example.com` rather than `ada@example.com`: user a (username `ada`, email `ada@example.com`) already has that email.',
      'Matched user b (username `bob`, email `bob@example.com`).',
      'Nothing changed: the user already had the other values this message carries.',
      'Outcome: matched by username, flagged as a conflict.',
    ]);
  });

  it('a kept field the winner did not have reads (none)', () => {
    const start: StartingUser[] = [
      { id: 'c', email: 'cy@example.com', properties: {} },
      { id: 'b', username: 'bob', properties: {} },
    ];
    expect(sentences([{ type: 'identify', userId: 'bob', traits: { email: 'cy@example.com' } }], DEFAULTS, start)).toContain(
      'Left username as `(none)` rather than `bob`: user b (username `bob`) already has that username.',
    );
  });

  it('an anonymous user: created, then found again by the anonymousId', () => {
    const anon: MatchingSettings = { ...DEFAULTS, noIdentity: 'create-anonymous' };
    expect(sentences([{ type: 'page', anonymousId: 'anon-1' }], anon)).toEqual([
      '`traits.email` is absent.',
      '`context.traits.email` is absent.',
      '`properties.email` is absent.',
      '`userId` is absent.',
      'The message has neither a usable email nor a userId; the setting says to use an anonymous user keyed by its anonymousId.',
      'Read `anonymousId` = `anon-1`.',
      'Looked for a user whose username equals the anonymousId `anon-1`: no user has it.',
      'Created user new-1 (username `anon-1`).',
      'Changed: username set to `anon-1`.',
      'Outcome: a new user was created.',
    ]);
    expect(sentences([{ type: 'page', anonymousId: 'anon-1' }, { type: 'page', anonymousId: 'anon-1' }], anon).slice(6)).toEqual([
      'Looked for a user whose username equals the anonymousId `anon-1`: found user new-1 (username `anon-1`).',
      'Matched user new-1 (username `anon-1`).',
      'Nothing changed: the user already had every value this message carries.',
      'Outcome: matched by username.',
    ]);
  });

  // A support case: "Updated user PF-1002." then "Nothing changed" read to a customer as a
  // contradiction. The rule's update (domain.md) that finds nothing to change is "Matched", and the
  // next line says nothing changed (once: "the update had nothing to change" said it twice); one that
  // changes something is "Updated", and the two lines agree either way.
  it('a match that changes nothing is not said to have updated the user; one that changes something is', () => {
    const start: StartingUser[] = [{ id: 'PF-1002', username: 'jdoe', email: 'john@acme.com', properties: {} }];
    const same = sentences([{ type: 'track', event: 'Clicked', userId: 'jdoe' }], DEFAULTS, start);
    expect(same.slice(-3)).toEqual([
      'Matched user PF-1002 (username `jdoe`, email `john@acme.com`).',
      'Nothing changed: the user already had every value this message carries.',
      'Outcome: matched by username.',
    ]);
    expect(same.some((line) => line.startsWith('Updated'))).toBe(false);
    // Said once: "…; the update had nothing to change." right before "Nothing changed: …" said it twice.
    expect(same.filter((line) => /nothing (to )?change/i.test(line))).toHaveLength(1);
    const changed = sentences([{ type: 'identify', userId: 'jdoe', traits: { plan: 'pro' } }], DEFAULTS, start);
    expect(changed.slice(-3)).toEqual([
      'Updated user PF-1002 (username `jdoe`, email `john@acme.com`).',
      'Changed: properties.plan set to `pro`.',
      'Outcome: matched by username.',
    ]);
  });

  it('a changed property reads before → after', () => {
    expect(sentences([{ type: 'identify', userId: 'bob', traits: { plan: 'pro' } }]).at(-2)).toBe('Changed: properties.plan `free` → `pro`.');
  });

  it('a user with neither username nor email is named by id alone', () => {
    const start: StartingUser[] = [{ id: 'bare', properties: {} }];
    const { decisions } = deriveExplained(start, DEFAULTS, [input(1, { type: 'track', event: 'X', userId: 'u' })]);
    const d = decisions[0];
    // Rebuild the decision as if the lookup had found the bare user, to read how it is named.
    const s = traceSentences({ ...d, trace: [{ kind: 'updated', user: { id: 'bare' } }] });
    expect(s[0]).toBe('Updated user bare.');
  });
});

describe('outcome texts and quoting', () => {
  it.each([
    ['matched-by-email', 'matched by email'],
    ['matched-by-username', 'matched by username'],
    ['created', 'a new user was created'],
    ['unmatched', 'unmatched: no user was created or changed'],
  ] as const)('%s', (o, text) => {
    expect(outcomeText(o)).toBe(text);
  });

  it.each<[unknown, string]>([
    ['ada', '`ada`'],
    [undefined, '`(none)`'],
    [42, '`42`'],
    [{ a: [1] }, '`{"a":[1]}`'],
    ['x'.repeat(120), '`' + 'x'.repeat(120) + '`'],
    ['x'.repeat(121), '`' + 'x'.repeat(80) + '…' + 'x'.repeat(36) + '`'],
    [{ long: 'y'.repeat(200) }, '`{"long":"' + 'y'.repeat(71) + '…' + 'y'.repeat(34) + '"}`'],
    // Cut in the middle: two long emails that differ only in their domain still read as two.
    ['a'.repeat(150) + '@one.example', '`' + 'a'.repeat(80) + '…' + 'a'.repeat(24) + '@one.example`'],
  ])('quote(%j)', (v, q) => {
    expect(quote(v)).toBe(q);
  });
});
