// forwarding.json read back (src-shared/forwarding-state.ts): each entry taken as far as it can
// be, each problem said by source and field; expected values typed out here.
import { describe, expect, it } from 'vitest';
import { readForwardingState } from '../../src-shared/forwarding-state';

describe('readForwardingState', () => {
  it('a file as the engine writes it is taken whole, without a word', () => {
    const file = { sources: { app: { cursor: 7, cursorRequestId: 'r-1', forwarded: 7, writeKey: 'k', failed: { '3': '400 bad' }, lastRefusal: 'Segment refused #3' } } };
    expect(readForwardingState(file)).toEqual({ state: file, problems: [] });
  });

  it('a file that is not an object of sources: no source state, and why', () => {
    for (const value of [null, [], 5, { sources: [1] }, { sources: null }]) {
      const read = readForwardingState(value);
      expect(read.state).toEqual({ sources: {} });
      expect(read.problems).toHaveLength(1);
      expect(read.problems[0]).toMatch(/must be an object of sources, not (null|a list|5); forwarding starts over from the first captured message for every source/);
    }
  });

  it('a source entry of the wrong shape: the fields it can read kept, the others said', () => {
    const read = readForwardingState({ sources: { app: { cursor: '5', forwarded: -1, writeKey: 7, failed: { '4': 'x', y: 'z', '5': 3 } }, web: null } });
    expect(read.state.sources).toEqual({ app: { cursor: 0, forwarded: 0, failed: { '4': 'x' } }, web: { cursor: 0, forwarded: 0, failed: {} } });
    expect(read.problems).toEqual([
      'sources["app"].cursor: must be a message number, not "5"; that source forwards from the first captured message (Segment drops what it already has by messageId)',
      'sources["app"].forwarded: must be a count, not -1; counted from 0',
      'sources["app"].writeKey: must be text, not 7; that source forwards nothing until its forward write key is entered again',
      'sources["app"].failed: entries that are not a message number with Segment\'s answer are left out',
      'sources["web"]: must be an object, not null; that source forwards from the first captured message, and its forward write key must be entered again',
    ]);
  });

  it('a source named "__proto__" is a source like any other', () => {
    const read = readForwardingState(JSON.parse('{"sources":{"__proto__":{"cursor":2,"forwarded":2,"failed":{}}}}'));
    expect(Object.keys(read.state.sources)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(read.state.sources)).toBe(Object.prototype);
  });

  it('says which of the file or its "sources" is wrong, and shows a value as it was: an object, a list, or its JSON cut at 40 characters', () => {
    expect(readForwardingState(null).problems[0]).toMatch(/^the file must be an object of sources, not null; /);
    expect(readForwardingState({ sources: [1] }).problems[0]).toMatch(/^"sources" must be an object of sources, not a list; /);
    const shown = (cursor: unknown) => readForwardingState({ sources: { app: { cursor } } }).problems[0];
    expect(shown({ n: 1 })).toContain('not an object;');
    expect(shown('x'.repeat(38))).toContain(`not "${'x'.repeat(38)}";`);
    expect(shown('x'.repeat(39))).toContain(`not "${'x'.repeat(39)}…;`);
  });

  it('an entry with only some fields is taken as written, without a word; a cursor of 0 is a cursor', () => {
    const read = readForwardingState({ sources: { app: {}, web: { cursor: 0, cursorRequestId: 'r-0', forwarded: 0 } } });
    expect(read.problems).toEqual([]);
    expect(read.state.sources).toEqual({ app: { cursor: 0, forwarded: 0, failed: {} }, web: { cursor: 0, forwarded: 0, failed: {} } });
  });

  it('a blank write key, or failed entries that are not an object, are said', () => {
    for (const writeKey of ['', '   ']) {
      expect(readForwardingState({ sources: { app: { cursor: 1, writeKey } } }).problems).toEqual([`sources["app"].writeKey: must be text, not ${JSON.stringify(writeKey)}; that source forwards nothing until its forward write key is entered again`]);
    }
    const read = readForwardingState({ sources: { app: { cursor: 1, failed: 'none' } } });
    expect(read.problems).toEqual(['sources["app"].failed: must be an object of message numbers and Segment\'s answers, not "none"; taken as none']);
    expect(readForwardingState({ sources: { app: { failed: { '1': 'a', '2': 'b' } } } }).problems).toEqual([]);
    const keys = readForwardingState({ sources: { app: { failed: { '12': 'a', x4: 'b', '4x': 'c' } } } });
    expect(keys.state.sources.app.failed).toEqual({ '12': 'a' });
    expect(keys.problems).toHaveLength(1);
  });
});
