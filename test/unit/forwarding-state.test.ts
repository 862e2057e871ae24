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
});
