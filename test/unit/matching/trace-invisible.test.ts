// Invisible characters in a message's email or userId (a zero-width space or a right-to-left
// override pasted in with the text) are shown and named in the trace: `ada@example.com` + U+200B
// read the same as the user's email it did not equal ("no user has it"), and U+202E turned the
// email around on screen (`moc.elpmaxe@ada`).
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src-shared/capture';
import { invisibleChars, withInvisiblesShown } from '../../../src-shared/invisible-chars';
import { traceSentences } from '../../../src-shared/matching/trace-text';
import type { StartingUser } from '../../../src-shared/matching/types';
import { DEFAULTS, deriveExplained, input } from './helpers';

const start: StartingUser[] = [{ id: 'u-1', username: 'ada', email: 'Ada@Example.com', properties: {} }];

function sentences(message: JsonObject): string[] {
  const { decisions } = deriveExplained(start, DEFAULTS, [input(1, message)]);
  return traceSentences(decisions.at(-1)!);
}

describe('invisible characters in the trace', () => {
  it('a zero-width space after an email is shown, named and said to keep it from equalling the user\'s', () => {
    const s = sentences({ type: 'identify', userId: 'zz', traits: { email: 'ada@example.com\u200b' } });
    expect(s[0]).toBe(
      'Read `traits.email` = `ada@example.com[U+200B]` (already lower case with no space around it: nothing to normalize). It holds an invisible character, U+200B (a zero-width space), at its end, shown here as [U+200B]: it will not equal the same text without it (text copied from a web page, a chat or a spreadsheet carries such characters).',
    );
    expect(s).toContain('Looked for a user whose email equals `ada@example.com[U+200B]` (ignoring case and surrounding space): no user has it.');
  });

  it('a right-to-left override in a userId is shown as its code, so the id reads in its own order', () => {
    const s = sentences({ type: 'identify', userId: 'bo\u202eb' });
    expect(s.find((x) => x.startsWith('Read `userId`'))).toBe(
      'Read `userId` = `bo[U+202E]b`. It holds an invisible character, U+202E (a right-to-left override), after `bo`, shown here as [U+202E]: it will not equal the same text without it (text copied from a web page, a chat or a spreadsheet carries such characters).',
    );
    expect(s.join(' ')).not.toContain('\u202e');
  });

  it('several are counted and named once each', () => {
    const s = sentences({ type: 'identify', userId: '\ufeffada\u200b\u200b' });
    expect(s.find((x) => x.startsWith('Read `userId`'))).toContain('It holds 3 invisible characters: U+FEFF (a byte-order mark), U+200B (a zero-width space), each shown here as its code in brackets');
  });

  it('a byte-order mark that ignoring surrounding space takes off the email is not reported', () => {
    const s = sentences({ type: 'identify', userId: 'zz', traits: { email: '\ufeffada@example.com' } });
    expect(s[0]).not.toContain('invisible');
    expect(s).toContain('Outcome: matched by email.');
  });

  it('a joiner inside an emoji or Persian text is part of the writing, not reported; one beside ASCII is', () => {
    expect(invisibleChars('dev-\u{1F469}\u200d\u{1F4BB}')).toEqual([]);
    expect(invisibleChars('\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645')).toEqual([]);
    expect(withInvisiblesShown('bob\u200d')).toBe('bob[U+200D]');
    expect(withInvisiblesShown('tab\tkept')).toBe('tab\tkept');
  });
});

describe('where the trace says an invisible character is, and of which read', () => {
  const NOTE_END = ' (text copied from a web page, a chat or a spreadsheet carries such characters).';

  it('one at the start of a userId is said to be at its start', () => {
    const s = sentences({ type: 'identify', userId: '\u200bada' });
    expect(s.find((x) => x.startsWith('Read `userId`'))).toBe(
      `Read \`userId\` = \`[U+200B]ada\`. It holds an invisible character, U+200B (a zero-width space), at its start, shown here as [U+200B]: it will not equal the same text without it${NOTE_END}`,
    );
  });

  it('several, one repeated: counted, each name said once, "without them"', () => {
    const s = sentences({ type: 'identify', userId: '\ufeffada\u200b\u200b' });
    expect(s.find((x) => x.startsWith('Read `userId`'))).toBe(
      `Read \`userId\` = \`[U+FEFF]ada[U+200B][U+200B]\`. It holds 3 invisible characters: U+FEFF (a byte-order mark), U+200B (a zero-width space), each shown here as its code in brackets: it will not equal the same text without them${NOTE_END}`,
    );
  });

  it('an email is judged in its normalized form: the place is counted in that text', () => {
    // Upper case and a space around it are taken off first; the zero-width space is then at its end.
    const s = sentences({ type: 'identify', userId: 'zz', traits: { email: ' ADA@example.com\u200b ' } });
    expect(s[0]).toBe(
      `Read \`traits.email\` = \` ADA@example.com[U+200B] \` → normalized \`ada@example.com[U+200B]\` (lower-cased; 1 space before it removed; 1 space after it removed). It holds an invisible character, U+200B (a zero-width space), at its end, shown here as [U+200B]: it will not equal the same text without it${NOTE_END}`,
    );
  });

  it('an email read but not used (a group call\'s traits) is shown, with no note about equalling', () => {
    const s = sentences({ type: 'group', userId: 'zz', groupId: 'g', traits: { email: 'x@y.z\u200b' } });
    expect(s[0]).toBe("Read `traits.email` = `x@y.z[U+200B]`; not used: a group call's traits describe the account (this is its contact email), not the user.");
  });

  it('a userId without any, or one that is not text, has no note', () => {
    expect(sentences({ type: 'identify', userId: 'ada' }).join(' ')).not.toContain('invisible');
    expect(sentences({ type: 'identify', userId: 42 }).join(' ')).not.toContain('invisible');
  });
});
