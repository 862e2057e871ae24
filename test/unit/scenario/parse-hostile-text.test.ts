// Scenario files from a hostile (or unlucky) author, where the file's own text misled the reader:
// a tag the YAML reader does not know (`!!js/function`, a custom `!foo`) was dropped without a word
// and its value sent as plain text; a file with classic Mac line endings (a lone CR) was one long
// line that failed with "Nested mappings are not allowed in compact mappings"; a byte-order mark
// pasted in the middle of a file was part of a key, refused as `unknown key "﻿  - expect"`, its
// culprit invisible.
import { describe, expect, it } from 'vitest';
import { errorsOf, ok } from './load-helpers';

const send = (value: string) => `name: a\nsteps:\n  - send: { message: { type: track, userId: u, event: e, properties: { p: ${value} } } }\n`;
const columnOf = (text: string, part: string) => text.split('\n')[2].indexOf(part) + 1;

describe('a tag the YAML reader does not know', () => {
  it.each([
    ['!!js/function "function () { return 1 }"', '!!js/function', '!!js/function (tag:yaml.org,2002:js/function)', '"function () { return 1 }"'],
    ['!!js/undefined ""', '!!js/undefined', '!!js/undefined (tag:yaml.org,2002:js/undefined)', '""'],
    ['!foo bar', '!foo', '!foo', '"bar"'],
    ['!<tag:example.com,2026:x> 5', '!<tag:example.com,2026:x>', '!<tag:example.com,2026:x>', '"5"'],
    ['!!float nope', '!!float', '!!float (tag:yaml.org,2002:float)', '"nope"'],
  ])('%s is an error at the tag, naming it and what was read', (value, at, named, read) => {
    const text = send(value);
    expect(errorsOf(text).map((e) => [e.line, e.column, e.message])).toEqual([
      [3, columnOf(text, at), `not valid YAML/JSON: the tag ${named} is not one a scenario reads (it would be dropped and the value sent as the text ${read}); remove the tag, and write the value as JSON would`],
    ]);
  });

  it('the tags that give JSON values are still taken', () => {
    const s = ok(send('!!str 5'));
    expect((s.steps[0] as unknown as { send: { message: { properties: unknown } } }).send.message.properties).toEqual({ p: '5' });
  });
});

describe('line endings', () => {
  const lines = ['name: mac', 'steps:', '  - advance: 1m', '  - send: { message: { type: track, userId: u, event: "a\\rb" } }', '  - expect: { messages: { count: 1 } }', ''];
  it('a lone CR ends a line, as in YAML (classic Mac files), CRLF and LF alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const s = ok(lines.join(eol));
      expect(s.steps.map((step) => [step.line, step.label]), JSON.stringify(eol)).toEqual([
        [3, 'advance 1m'],
        [4, 'send a\rb'],
        [5, 'expect messages'],
      ]);
    }
  });

  it("an error in such a file is at its line as an editor numbers it", () => {
    expect(errorsOf('name: mac\rsteps:\r  - advance: 1m\r  - sned: {}\r').map((e) => [e.line, e.column])).toEqual([[4, 5]]);
  });
});

describe('a byte-order mark in the middle of the file', () => {
  it.each([
    ['at the start of a line', 'name: a\nsteps:\n  - advance: 1m\n\uFEFF  - expect: { messages: { count: 0 } }\n', 4, 1],
    ['in a key', 'name: a\nsteps:\n  - advance: 1m\n  - expect: { mess\uFEFFages: { count: 0 } }\n', 4, 19],
    ['in JSON', '{"name":"a",\uFEFF"steps":[{"advance":"1m"}]}', 1, 13],
    ['in a value', 'name: a\nsteps:\n  - send: { message: { type: track, userId: u, event: "E\uFEFF" } }\n', 3, 57],
  ])('%s is an error naming it where it is', (_, text, line, column) => {
    expect(errorsOf(text).map((e) => [e.line, e.column, e.message])).toEqual([
      [line, column, 'an invisible byte-order mark (U+FEFF) is here, in the middle of the file (pasted from another file?): delete it; to send the character, write "\\uFEFF" in double quotes'],
    ]);
  });

  it('one at the very start is skipped, and one written as "\\uFEFF" is sent', () => {
    const s = ok('\uFEFFname: a\nsteps:\n  - send: { message: { type: track, userId: u, event: "E\\uFEFF" } }\n');
    expect((s.steps[0] as unknown as { send: { message: { event: string } } }).send.message.event).toBe('E\uFEFF');
  });
});

// `%YAML 1.1` switched the reader to YAML 1.1 without a word: `userId: no` was sent as false,
// `event: on` as true, a key `n` became "false", 1_000 a thousand and 12:30:00 the number 45000.
describe('a %YAML directive', () => {
  it('asking for YAML 1.1 is an error at the directive, saying what it would change', () => {
    const text = '# made by a tool\n%YAML 1.1\n---\nname: a\nsteps:\n  - send: { message: { type: track, userId: no, event: on } }\n';
    expect(errorsOf(text).map((e) => [e.line, e.column, e.message])).toEqual([
      [2, 1, 'not valid YAML/JSON: "%YAML 1.1" asks for YAML 1.1, where no, yes, on, off, y and n are booleans and 1_000 and 12:30:00 are numbers; a scenario is read as YAML 1.2 (and JSON): remove the line'],
    ]);
  });

  it('asking for YAML 1.2 is read as before', () => {
    const s = ok('%YAML 1.2\n---\nname: a\nsteps:\n  - send: { message: { type: track, userId: no, event: on } }\n');
    expect((s.steps[0] as unknown as { send: { message: unknown } }).send.message).toEqual({ type: 'track', userId: 'no', event: 'on' });
  });
});

// A key pasted from a chat or a web page: `unknown key "se​nd"` and `a map of "- send"` showed the
// key exactly as it should be, the zero-width space or the no-break space after "-" unseen.
describe('a key holding a character one cannot see, or tells from a space', () => {
  it('a zero-width space in a step key is written [U+200B] and named', () => {
    expect(errorsOf('name: a\nsteps:\n  - se\u200bnd: { message: { type: track, userId: u, event: e } }\n').map((e) => [e.line, e.column, e.message])).toEqual([
      [3, 5, 'step 1: unknown key "se[U+200B]nd" (U+200B is an invisible character: delete it); did you mean "send"?'],
    ]);
  });

  it('a no-break space after a list dash (no list item then) is written [U+00A0] and named', () => {
    expect(errorsOf('name: a\nsteps:\n  -\u00a0send: { message: { type: track, userId: u, event: e } }\n').map((e) => [e.line, e.message])).toEqual([
      [3, 'steps: expected a list of steps, each starting with "- " (`- advance: 1m`); this is a map of "-[U+00A0]send" (U+00A0 is a no-break space, which shows as a space but is not one: type a plain space in its place)'],
    ]);
  });

  it('a plain key is shown as it was', () => {
    expect(errorsOf('name: a\nsteps:\n  - sned: { message: { type: track, userId: u, event: e } }\n').map((e) => e.message)).toEqual(['step 1: unknown key "sned"; did you mean "send"?']);
  });
});

// A .scenario.json edited as JSONC (VS Code's settings files take // comments), or a YAML file
// with a JavaScript hand's comment: the comment was read into a key, 'missing "name"' and
// 'unknown key "// comment "name""', the comment never named.
describe('a // or /* comment line', () => {
  it('in a JSON scenario is named first, at its line, saying JSON takes none', () => {
    const errors = errorsOf('{\n  // the checkout flow\n  "name": "c",\n  "steps": [{ "send": { "message": { "type": "track", "userId": "u", "event": "E" } } }]\n}\n');
    expect(errors[0]).toMatchObject({ line: 2, column: 3, message: '// starts a comment in JSONC, not in JSON: a scenario in JSON takes no comments; remove it, or write the scenario in YAML, where # starts a comment' });
  });

  it('in a YAML scenario says to write #', () => {
    const errors = errorsOf('name: x\n/* note */\nsteps:\n  - send: { message: { type: track, userId: u, event: e } }\n');
    expect(errors[0]).toMatchObject({ line: 2, column: 1, message: '/* does not start a comment in YAML: write # instead' });
  });

  it('a valid file with // in a text is read as it is', () => {
    const s = ok('name: x\ndescription: |\n  // not a comment, a line of the text\nsteps:\n  - send: { message: { type: track, userId: u, event: e } }\n');
    expect(s.description).toBe('// not a comment, a line of the text\n');
  });
});
