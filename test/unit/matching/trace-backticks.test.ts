// A value holding a backtick in a trace sentence: written between single backticks, `x`y` ended its
// code span early, so the UI showed `x` as code, `y` as text and the rest of the sentence as code.
// Quoted as Markdown quotes code (a longer fence), and read back the same way.
import { describe, expect, it } from 'vitest';
import { quote, sentenceParts, traceSentences } from '../../../src-shared/matching/trace-text';
import { DEFAULTS, deriveExplained, input } from './helpers';

describe('backticks in quoted values', () => {
  it.each<[string, string]>([
    ['x`y', '``x`y``'],
    ['`lead', '`` `lead ``'],
    ['a``b`', '``` a``b` ```'],
    ['plain', '`plain`'],
    // A space at one end only is the value's own: padding goes in only where reading takes it off (both ends).
    [' a`b', '`` a`b``'],
    ['a`b ', '``a`b ``'],
    [' a`b ', '``  a`b  ``'],
  ])('quote(%j) is %j', (value, quoted) => {
    expect(quote(value)).toBe(quoted);
  });

  it.each(['x`y', '`lead', 'trail`', 'a``b`', '`', '``', ' `spaced` ', 'plain', ' padded ', ' a`b', 'a`b '])('a sentence quoting %j reads back the value as one code span', (value) => {
    expect(sentenceParts(`Read \`userId\` = ${quote(value)}: no user has it.`)).toEqual([
      { code: false, text: 'Read ' },
      { code: true, text: 'userId' },
      { code: false, text: ' = ' },
      { code: true, text: value },
      { code: false, text: ': no user has it.' },
    ]);
  });

  it('a sentence that starts or ends with a code span has no empty text part', () => {
    expect(sentenceParts('`userId` is absent.')).toEqual([
      { code: true, text: 'userId' },
      { code: false, text: ' is absent.' },
    ]);
    expect(sentenceParts('Read `userId` = ``x`y``')).toEqual([
      { code: false, text: 'Read ' },
      { code: true, text: 'userId' },
      { code: false, text: ' = ' },
      { code: true, text: 'x`y' },
    ]);
  });

  it('a lone backtick with no closing run stays text', () => {
    expect(sentenceParts('a ` b')).toEqual([{ code: false, text: 'a ` b' }]);
  });

  it('the trace of a message whose userId and email hold backticks', () => {
    const { decisions } = deriveExplained([], DEFAULTS, [input(1, { type: 'identify', userId: 'x`y', traits: { email: 'a`b@x.com' } })]);
    const created = traceSentences(decisions[0]).find((s) => s.startsWith('Created'))!;
    expect(created).toBe('Created user new-1 (username ``x`y``, email ``a`b@x.com``).');
    expect(sentenceParts(created).filter((p) => p.code).map((p) => p.text)).toEqual(['x`y', 'a`b@x.com']);
  });
});
