// summary.ts with numbers JSON.parse rounds (src-shared/exact-json.ts): str writes a marker as the
// client's digits; exactIdsOf reads a message again from its text only when an id was rounded.
import { describe, expect, it } from 'vitest';
import { exactNumber, isExactNumber } from '../../src-shared/exact-json';
import { exactIdsOf, str } from '../../src-shared/summary';

describe('str: a marker as its digits', () => {
  it('a marker is its digits', () => {
    expect(str(exactNumber('9007199254740993'))).toBe('9007199254740993');
    expect(str(exactNumber('-12345678901234567890'))).toBe('-12345678901234567890');
  });

  it('a string starting with NUL that is not a marker stays as it is', () => {
    expect(str('\u0000abcdefghijklmnopqrstuvwxyz')).toBe('\u0000abcdefghijklmnopqrstuvwxyz');
    expect(str('\u0000')).toBe('\u0000');
  });
});

describe('exactIdsOf: the message to take ids from', () => {
  const TEXT = '{"type":"identify","userId":9007199254740993,"traits":{"email":"a@b.c"}}';

  it('no id rounded: the message itself, its text not asked for', () => {
    const message = { type: 'identify', userId: 'u1', traits: { email: 'a@b.c' } };
    let asked = 0;
    const r = exactIdsOf(message, () => {
      asked++;
      return TEXT;
    });
    expect(r).toBe(message);
    expect(asked).toBe(0);
  });

  it('an id rounded: the message read from its text, the id as a marker of its digits', () => {
    const message = JSON.parse(TEXT) as Record<string, unknown>;
    const r = exactIdsOf(message, () => TEXT);
    expect(r).not.toBe(message);
    expect(isExactNumber(r.userId)).toBe(true);
    expect(str(r.userId)).toBe('9007199254740993');
    expect(str(message.userId)).toBe('9007199254740992');
  });

  it('an id rounded but no text at hand: the message itself', () => {
    const message = JSON.parse(TEXT) as Record<string, unknown>;
    expect(exactIdsOf(message, () => undefined)).toBe(message);
  });
});
