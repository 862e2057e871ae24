// json-text's rules one by one: the tail of added members, and how it is appended to an object's
// text, empty or not, whatever JSON whitespace it holds.
import { describe, expect, it } from 'vitest';
import { appendJsonTail, membersTail, openJsonHead } from '../../../src-shared/tracking-api/json-text';

describe('membersTail and appendJsonTail', () => {
  it('appends after a comma, before the closing brace', () => {
    expect(membersTail('"a":1')).toBe(',"a":1}');
    expect(appendJsonTail('{"x":true}', membersTail('"a":1,"b":"2"'))).toBe('{"x":true,"a":1,"b":"2"}');
    expect(appendJsonTail('{ "x" : [ ] \n}', membersTail('"a":1'))).toBe('{ "x" : [ ] \n,"a":1}');
  });

  it('drops the comma for an empty object, with any JSON whitespace between its braces', () => {
    for (const empty of ['{}', '{ }', '{\n}', '{\r\n}', '{\t}', '{ \t\r\n }']) {
      expect(appendJsonTail(empty, membersTail('"a":1')), JSON.stringify(empty)).toBe('{"a":1}');
      expect(openJsonHead(empty), JSON.stringify(empty)).toBeUndefined();
    }
  });

  it('keeps the comma for an object with a single one-character key or value next to the braces', () => {
    for (const [text, head] of [
      ['{"":0}', '{"":0'],
      ['{ "a":1}', '{ "a":1'],
      ['{"a":1 }', '{"a":1 '],
      ['{\u00a0}', '{\u00a0'], // not JSON whitespace (the caller never passes it), so not "empty"
    ]) {
      expect(openJsonHead(text)).toBe(head);
      expect(appendJsonTail(text, membersTail('"z":2'))).toBe(`${head},"z":2}`);
    }
  });

  it('parses back to the object with the members assigned', () => {
    for (const text of ['{}', '{ }', '{"a":{}}', '{"a":[1,{}]}', '{\n  "a": "}"\n}']) {
      const expected = { ...(JSON.parse(text) as object), added: [1], n: null };
      expect(JSON.parse(appendJsonTail(text, membersTail('"added":[1],"n":null')))).toEqual(expected);
    }
  });
});
