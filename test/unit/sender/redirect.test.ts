// The redirect helpers the webhook sender, the Segment-compatible sender and the forwarder share
// (src-main/sender/redirect.ts): which answers are redirects fetch would follow, where one points,
// and the host to set for a batch URL. Worked out by hand from the WHATWG fetch redirect statuses.
import { describe, expect, it } from 'vitest';
import { batchBase, isRedirect, redirectTarget } from '../../../src-main/sender/redirect';

describe('isRedirect: the statuses fetch follows', () => {
  it('301, 302, 303, 307 and 308', () => {
    for (const s of [301, 302, 303, 307, 308]) expect(isRedirect(s), String(s)).toBe(true);
  });

  it('not 300 (Multiple Choices), 304 (Not Modified), 305, 306, nor any other', () => {
    for (const s of [200, 204, 299, 300, 304, 305, 306, 309, 400, 500]) expect(isRedirect(s), String(s)).toBe(false);
  });
});

describe('redirectTarget: where a redirect points', () => {
  it('a Location relative to the request is made absolute', () => {
    expect(redirectTarget('http://h.test:8080/old/hook?x=1', '/new/hook')).toBe('http://h.test:8080/new/hook');
    expect(redirectTarget('http://h.test/a/b', 'c')).toBe('http://h.test/a/c');
    expect(redirectTarget('http://h.test/hook', 'https://other.test/in')).toBe('https://other.test/in');
  });

  it('no Location, or one of spaces, is none', () => {
    expect(redirectTarget('http://h.test/', null)).toBeUndefined();
    expect(redirectTarget('http://h.test/', '')).toBeUndefined();
    expect(redirectTarget('http://h.test/', '   ')).toBeUndefined();
  });

  it('a Location that is no URL is given as sent', () => {
    expect(redirectTarget('http://h.test/', 'http://[not-a-host/x')).toBe('http://[not-a-host/x');
  });

  it('at most 500 characters, whether it parses or not', () => {
    const long = `/${'a'.repeat(600)}`;
    expect(redirectTarget('http://h.test/', long)).toBe(`http://h.test${long}`.slice(0, 500));
    expect(redirectTarget('http://h.test/', long)).toHaveLength(500);
    const bad = `http://[${'b'.repeat(600)}`;
    expect(redirectTarget('http://h.test/', bad)).toBe(bad.slice(0, 500));
  });
});

describe('batchBase: the host to set for a batch URL', () => {
  it('the part before /v1/batch, with a trailing slash, a query or a fragment after it', () => {
    expect(batchBase('https://h.test/new/v1/batch')).toBe('https://h.test/new');
    expect(batchBase('https://h.test/v1/batch/')).toBe('https://h.test');
    expect(batchBase('https://h.test/p/v1/batch?x=1')).toBe('https://h.test/p');
    expect(batchBase('https://h.test/p/v1/batch#f')).toBe('https://h.test/p');
  });

  it('none for a URL that is not a batch URL', () => {
    expect(batchBase('https://h.test/new/hook')).toBeUndefined();
    expect(batchBase('https://h.test/v1/batchx')).toBeUndefined();
    expect(batchBase('https://h.test/v1/batch/more')).toBeUndefined();
    expect(batchBase('https://h.test/v1/batch/v1/batch')).toBe('https://h.test/v1/batch');
  });
});
