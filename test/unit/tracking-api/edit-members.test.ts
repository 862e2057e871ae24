// editMembers: a message's text edited member by member (what the receiver stores for a message
// it rewrites), so a key written twice stays written twice and every other byte is the client's.
import { describe, expect, it } from 'vitest';
import { editMembers, membersNamed, valuesNamed } from '../../../src-shared/tracking-api/json-text';

describe('editMembers', () => {
  it('leaves out every occurrence of a dropped key, an escaped spelling included, and keeps the rest as written', () => {
    expect(editMembers('{"writeKey":"a","event":"A", "n" : 1.0,"writeK\\u0065y":"b","event":"B"}', ['writeKey'])).toBe('{"event":"A","n" : 1.0,"event":"B"}');
    expect(editMembers('{"writeKey":"a"}', ['writeKey'])).toBe('{}');
    expect(editMembers(' { } ', ['writeKey'])).toBe('{}');
    expect(editMembers('{"a":{"writeKey":1}}', ['writeKey'])).toBe('{"a":{"writeKey":1}}'); // top level only
  });

  it("puts members first inside the last occurrence's object, the earlier ones as written", () => {
    expect(editMembers('{"context":{"a":1},"x":1,"context":{"b":2,"b":3}}', [], { context: '"lib":{"v":12345678901234567890}' })).toBe(
      '{"context":{"a":1},"x":1,"context":{"lib":{"v":12345678901234567890},"b":2,"b":3}}',
    );
    expect(editMembers('{"context":{ }}', [], { context: '"lib":1' })).toBe('{"context":{"lib":1}}');
    const edited = editMembers('{"context":{"ip":"x"},"event":"A","event":"B"}', [], { context: '"lib":1' });
    expect(JSON.parse(edited)).toEqual({ context: { lib: 1, ip: 'x' }, event: 'B' });
  });

  it('returns text that is not an object as it is', () => {
    expect(editMembers('[1]', ['a'])).toBe('[1]');
  });

  it('membersNamed and valuesNamed list each occurrence of a top-level key as written, in order', () => {
    const text = '{"sentAt":"a", "context":{"x":1,"x":2},"s\\u0065ntAt" : "b"}';
    expect(membersNamed(text, 'sentAt')).toEqual(['"sentAt":"a"', '"s\\u0065ntAt" : "b"']);
    expect(valuesNamed(text, 'context')).toEqual(['{"x":1,"x":2}']);
    expect(valuesNamed('[]', 'a')).toEqual([]);
  });
});
