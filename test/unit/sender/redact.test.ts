// What a delivery shows of the secrets it was sent with (the send panel's attempt details, an
// export, a log): the write key and a webhook's secret or URL password never in clear, the rest of
// what was sent as it was. Worked out by hand from the rules in src-main/sender/redact.ts's comments.
import { describe, expect, it } from 'vitest';
import { errorMessage, maskSecret, publicTarget, redactBatchBody, redactHeaders, scrubText, splitUrlCredentials, stripUrlCredentials } from '../../../src-main/sender/redact';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('maskSecret: the stored write key as the send panel shows it', () => {
  it('a key of more than 8 characters: its first two and last two around an ellipsis', () => {
    expect(maskSecret('abcdefghi')).toBe('ab…hi');
    expect(maskSecret('wk_live_0123456789XY')).toBe('wk…XY');
  });

  it('a key of 8 or fewer is hidden whole, as at least four dots', () => {
    expect(maskSecret('abcdefgh')).toBe('••••••••');
    expect(maskSecret('abcde')).toBe('•••••');
    expect(maskSecret('ab')).toBe('••••');
    expect(maskSecret('')).toBe('••••');
  });
});

describe('scrubText: a secret in a recorded text', () => {
  it('every occurrence, and its Basic-auth form ("secret:" in base64), becomes [redacted]', () => {
    expect(scrubText('key=s3cret-key&again=s3cret-key', ['s3cret-key'])).toBe('key=[redacted]&again=[redacted]');
    expect(scrubText(`Authorization: Basic ${b64('s3cret-key:')}`, ['s3cret-key'])).toBe('Authorization: Basic [redacted]');
  });

  it('a secret shorter than 8 characters only where it stands alone: inside a word it is left, so the text stays readable', () => {
    expect(scrubText('{"success":true}', ['s'])).toBe('{"success":true}');
    expect(scrubText('{"secret":"s","echo":"s s"}', ['s'])).toBe('{"secret":"[redacted]","echo":"[redacted] [redacted]"}');
    expect(scrubText('key=abc&x=abcd&y=xabc&z=abc_1&w=abc', ['abc'])).toBe('key=[redacted]&x=abcd&y=xabc&z=abc_1&w=[redacted]');
    expect(scrubText('abcabc abc', ['abc'])).toBe('abcabc [redacted]');
    expect(scrubText('éabc abcé', ['abc'])).toBe('éabc abcé');
    // Occurrences that overlap ("--" twice in "---") are one: the first hidden, the rest of the text kept.
    expect(scrubText('a --- b', ['--'])).toBe('a [redacted]- b');
    // 8 characters and more: everywhere, inside words too.
    expect(scrubText('my-abcdefgh-xabcdefghx', ['abcdefgh'])).toBe('my-[redacted]-x[redacted]x');
  });

  it('each of several secrets; an empty one changes nothing', () => {
    expect(scrubText('one two three', ['one', '', 'three'])).toBe('[redacted] two [redacted]');
    expect(scrubText('nothing to hide', [''])).toBe('nothing to hide');
    expect(scrubText('nothing to hide', [])).toBe('nothing to hide');
  });
});

describe('redactHeaders: the request headers shown for an attempt', () => {
  it('Authorization keeps its scheme and hides the rest, whatever the header name\'s case', () => {
    expect(redactHeaders({ Authorization: `Basic ${b64('k:')}` }, [])).toEqual({ Authorization: 'Basic [redacted]' });
    expect(redactHeaders({ authorization: 'Bearer tok' }, [])).toEqual({ authorization: 'Bearer [redacted]' });
    expect(redactHeaders({ AUTHORIZATION: 'Bearer tok' }, [])).toEqual({ AUTHORIZATION: 'Bearer [redacted]' });
  });

  it('an Authorization of one word (no scheme) is hidden whole', () => {
    expect(redactHeaders({ Authorization: 'justatoken' }, [])).toEqual({ Authorization: '[redacted]' });
    expect(redactHeaders({ Authorization: '' }, [])).toEqual({ Authorization: '[redacted]' });
  });

  it('any other header keeps its value, a secret in it scrubbed', () => {
    expect(redactHeaders({ 'Content-Type': 'application/json', 'X-Signature': 'sig', 'X-Echo': 'pw=hunter22' }, ['hunter22'])).toEqual({
      'Content-Type': 'application/json',
      'X-Signature': 'sig',
      'X-Echo': 'pw=[redacted]',
    });
  });
});

describe('redactBatchBody: the batch body analytics-node posts', () => {
  it('its writeKey field is [redacted], and the key anywhere else too', () => {
    const body = JSON.stringify({ batch: [{ type: 'track', event: 'E', properties: { k: 'wk-123456789' } }], writeKey: 'wk-123456789' });
    expect(JSON.parse(redactBatchBody(body, ['wk-123456789']))).toEqual({ batch: [{ type: 'track', event: 'E', properties: { k: '[redacted]' } }], writeKey: '[redacted]' });
  });

  it('its writeKey field is [redacted] even when that key is not among the secrets given', () => {
    expect(redactBatchBody('{"batch":[],"writeKey":"wk-not-listed"}', [])).toBe('{"batch":[],"writeKey":"[redacted]"}');
  });

  it('a body without a writeKey field gets none', () => {
    expect(redactBatchBody('{"batch":[]}', [])).toBe('{"batch":[]}');
  });

  it('a body that is not JSON (or is JSON null) is scrubbed as text', () => {
    expect(redactBatchBody('not json wk-123456789', ['wk-123456789'])).toBe('not json [redacted]');
    expect(redactBatchBody('null', [])).toBe('null');
  });
});

describe('URL credentials', () => {
  it('stripUrlCredentials: user and password gone; a URL without them is kept as typed', () => {
    expect(stripUrlCredentials('https://user:pw@hooks.example.com/in?x=1')).toBe('https://hooks.example.com/in?x=1');
    expect(stripUrlCredentials('https://user@hooks.example.com/in')).toBe('https://hooks.example.com/in');
    expect(stripUrlCredentials('https://:pw@hooks.example.com/in')).toBe('https://hooks.example.com/in');
    // Not normalised (no trailing slash added, case kept): the URL the user typed.
    expect(stripUrlCredentials('https://Hooks.Example.com')).toBe('https://Hooks.Example.com');
    expect(stripUrlCredentials('not a url')).toBe('not a url');
  });

  it('splitUrlCredentials: the pair goes in a Basic header, decoded, and the password in every form is a secret', () => {
    expect(splitUrlCredentials('https://pf-user:p%40ss@hooks.example.com/in')).toEqual({
      url: 'https://hooks.example.com/in',
      authorization: `Basic ${b64('pf-user:p@ss')}`,
      secrets: ['p@ss', 'p%40ss', b64('pf-user:p@ss')],
    });
    // A user without a password: no empty secret (which would scrub between every character).
    expect(splitUrlCredentials('https://only-user@hooks.example.com/')).toEqual({
      url: 'https://hooks.example.com/',
      authorization: `Basic ${b64('only-user:')}`,
      secrets: [b64('only-user:')],
    });
  });

  it('splitUrlCredentials: a URL without credentials, or not a URL, is kept as typed with no header', () => {
    expect(splitUrlCredentials('https://Hooks.example.com')).toEqual({ url: 'https://Hooks.example.com', secrets: [] });
    expect(splitUrlCredentials('::nonsense')).toEqual({ url: '::nonsense', secrets: [] });
  });
});

describe('publicTarget: the target a delivery records', () => {
  it('no write key, no secret, no URL password; the rest as given', () => {
    expect(publicTarget({ kind: 'local', asSource: 'src-1' })).toEqual({ kind: 'local' });
    expect(publicTarget({ kind: 'segment', region: 'eu', writeKey: 'wk-1234567' })).toEqual({ kind: 'segment', region: 'eu' });
    expect(publicTarget({ kind: 'custom', host: 'https://u:pw@proxy.example.com', writeKey: 'wk-1234567' })).toEqual({ kind: 'custom', host: 'https://proxy.example.com/' });
    expect(publicTarget({ kind: 'webhook', url: 'https://u:pw@hooks.example.com/in', secret: 'shh' })).toEqual({ kind: 'webhook', url: 'https://hooks.example.com/in' });
  });
});

describe('errorMessage: the rest of its rules', () => {
  it('a cause that is not an Error is said after the message; one the message already holds is not repeated', () => {
    expect(errorMessage(new Error('send failed', { cause: 'socket hang up' }))).toBe('send failed (socket hang up)');
    expect(errorMessage(new Error('send failed: socket hang up', { cause: new Error('socket hang up') }))).toBe('send failed: socket hang up');
    expect(errorMessage(new Error('send failed', { cause: 0 }))).toBe('send failed');
  });

  it('the error itself carrying the code (no cause), and a host named by its address alone', () => {
    expect(errorMessage(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', address: '::1' }))).toBe('::1 refused the connection (nothing listens there); connect ECONNREFUSED');
    expect(errorMessage(Object.assign(new Error('x'), { code: 'EHOSTUNREACH', hostname: 'hooks.example.com', address: '10.0.0.1', port: 443 }))).toBe('hooks.example.com could not be reached: the network is unreachable; x');
    expect(errorMessage(Object.assign(new Error('x'), { code: 'ENETDOWN' }))).toBe('the host could not be reached: the network is unreachable; x');
    expect(errorMessage(Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET', hostname: 'api.segment.io' }))).toBe('the connection to api.segment.io was cut; x');
  });

  it('a port without an address names no host', () => {
    expect(errorMessage(Object.assign(new Error('x'), { code: 'ECONNREFUSED', port: 443 }))).toBe('the host refused the connection (nothing listens there); x');
  });

  it('an untrusted certificate names the host when the error does', () => {
    expect(errorMessage(Object.assign(new Error('x'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', hostname: 'proxy.corp' }))).toBe("proxy.corp's TLS certificate is not trusted (a proxy in the way?); x");
    expect(errorMessage(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe("the host's TLS certificate is not trusted (a proxy in the way?); x");
  });

  it('a code that is not a text, or one not known, adds no words', () => {
    expect(errorMessage(Object.assign(new Error('x'), { code: 404 }))).toBe('x');
    expect(errorMessage(Object.assign(new Error('x'), { code: 'EPIPE', hostname: 'h' }))).toBe('x');
  });
});
