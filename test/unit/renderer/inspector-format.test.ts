import { describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../../src-shared/capture';
import { curlCommand, shellQuote, WRITE_KEY_PLACEHOLDER } from '../../../src-renderer/src/inspector/curl';
import { describeSignature, edgeSpace, edgeSpaceTitle, identityText, originText, withClientDigits } from '../../../src-renderer/src/inspector/format';
import { parseExact } from '../../../src-shared/exact-json';
import { webhookNameProblem } from '../../../src-renderer/src/webhooks/webhook-name';

function trackCapture(over: Partial<CapturedMessage> = {}): CapturedMessage {
  return {
    seq: 7,
    requestId: 'r',
    receivedAt: '2026-01-01T12:00:00.000Z',
    origin: { kind: 'tracking', endpoint: '/v1/batch', writeKey: 'wk_live_SECRET123', writeKeySource: 'body' },
    headers: {},
    message: {
      type: 'track',
      event: "Tour's Start",
      userId: 'u1',
      messageId: 'assigned-1',
      receivedAt: '2026-01-01T12:00:00.000Z',
      writeKey: 'wk_live_SECRET123',
    },
    messageIdAssigned: true,
    dropReasons: [],
    findings: [],
    ...over,
  };
}

describe('copy as cURL', () => {
  it('re-posts a tracking message to /v1/<type> without the real write key', () => {
    const cmd = curlCommand(trackCapture(), 'http://127.0.0.1:8787/');
    expect(cmd).toContain(`curl -X POST 'http://127.0.0.1:8787/v1/track'`);
    expect(cmd).toContain(`-u '${WRITE_KEY_PLACEHOLDER}:'`);
    expect(cmd).not.toContain('SECRET123');
    const body = JSON.parse(extractBody(cmd));
    expect(body).toEqual({ type: 'track', event: "Tour's Start", userId: 'u1', writeKey: WRITE_KEY_PLACEHOLDER });
  });

  it('keeps a messageId the sender chose, and wraps unknown types in a batch', () => {
    const c = trackCapture({ messageIdAssigned: false, message: { type: 'weird', messageId: 'mine', userId: 'u' } });
    const cmd = curlCommand(c, 'http://h:1');
    expect(cmd).toContain(`'http://h:1/v1/batch'`);
    expect(JSON.parse(extractBody(cmd))).toEqual({ batch: [{ type: 'weird', messageId: 'mine', userId: 'u' }] });
    // Fresh: the pasted command is a new message, not a duplicate Segment would drop.
    const fresh = JSON.parse(extractBody(curlCommand(c, 'http://h:1', { freshMessageId: () => 'fresh-1' })));
    expect(fresh.batch[0].messageId).toBe('fresh-1');
  });

  it('posts webhook captures back to their webhook path with a signature placeholder', () => {
    const c = trackCapture({
      origin: { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'valid', basis: 'raw-body' } },
    });
    const cmd = curlCommand(c, 'http://h:1');
    expect(cmd).toContain(`'http://h:1/webhook/pf'`);
    expect(cmd).toContain('X-Signature: HMAC_SHA1_HEX_OF_BODY_WITH_YOUR_SECRET');
    expect(cmd).not.toContain('-u ');
  });

  it('with no secret set, signs the cURL only when the captured request was signed', () => {
    const hook = (signature: { status: 'no-secret'; received?: string }) =>
      curlCommand(trackCapture({ origin: { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature } }), 'http://h:1');
    expect(hook({ status: 'no-secret', received: '[redacted: 40 hex digits]' })).toContain('X-Signature: HMAC_SHA1_HEX_OF_BODY_WITH_YOUR_SECRET');
    expect(hook({ status: 'no-secret' })).not.toContain('X-Signature');
  });

  it('quotes single quotes for the shell', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe('inspector labels', () => {
  it('describes each signature result', () => {
    // Shown after a badge with the status: the status word is not repeated ("invalid invalid").
    expect(describeSignature({ status: 'valid', basis: 'raw-body' })).toBe('computed over the raw body');
    expect(describeSignature({ status: 'valid', basis: 'first-element' })).toContain('first element');
    expect(describeSignature({ status: 'invalid', received: '[redacted: 40 hex digits]' })).toBe('the X-Signature ([redacted: 40 hex digits]) matches neither the raw body nor the re-serialized payload');
    expect(describeSignature({ status: 'invalid', received: '[redacted: 40 hex digits]' })).not.toMatch(/^invalid/);
    // A shape that is itself the fault says so, as the webhook's 401 does.
    expect(describeSignature({ status: 'invalid', received: '[redacted: "sha1=" then 40 hex digits]' })).toBe('the X-Signature ([redacted: "sha1=" then 40 hex digits]) matches neither the raw body nor the re-serialized payload: it starts with "sha1=", and Segment\'s X-Signature is the 40 hex digits alone');
    expect(describeSignature({ status: 'invalid', received: '[redacted: 64 hex digits]' })).toMatch(/payload: it is 64 hex digits, as an HMAC-SHA256 is; Segment signs with HMAC-SHA1, 40 hex digits$/);
    expect(describeSignature({ status: 'invalid', received: '[redacted: "sha256=" then 64 hex digits]' })).toMatch(/: it is 64 hex digits, as an HMAC-SHA256 is/);
    expect(describeSignature({ status: 'invalid', received: '[redacted: "sha1=" then 39 hex digits]' })).toMatch(/re-serialized payload$/);
    // Several headers: one of them matching does not make the request signed, and none is "the" X-Signature.
    expect(describeSignature({ status: 'invalid', received: '[redacted: 40 hex digits], [redacted: empty]' })).toBe(
      '2 X-Signature headers came ([redacted: 40 hex digits], [redacted: empty]), where Segment sends one: a request carrying different ones is not taken as signed, whichever of them matches',
    );
    expect(describeSignature({ status: 'no-secret', received: '[redacted: 40 hex digits], [redacted: 40 hex digits]' })).toBe(
      '2 X-Signature headers came ([redacted: 40 hex digits], [redacted: 40 hex digits]), but no secret is set for this webhook: set its secret in the Webhooks tab to check it',
    );
    expect(describeSignature({ status: 'missing' })).toMatch(/no X-Signature header/);
    expect(describeSignature({ status: 'no-secret' })).toMatch(/no secret/);
    expect(describeSignature({ status: 'no-secret' })).toMatch(/had no X-Signature/);
    // One came but nothing could check it: it is not "unsigned".
    expect(describeSignature({ status: 'no-secret', received: '[redacted: 40 hex digits]' })).toBe(
      'an X-Signature came ([redacted: 40 hex digits]), but no secret is set for this webhook: set its secret in the Webhooks tab to check it',
    );
  });

  it('shows identity and origin', () => {
    expect(identityText({ userId: 'u1', anonymousId: 'a' })).toBe('u1');
    expect(identityText({ anonymousId: 'a' })).toBe('anon a');
    expect(identityText({})).toBe('—');
    expect(originText({ origin: 'tracking', endpoint: '/v1/batch', writeKeyMasked: 'abc…xyz' })).toBe('/v1/batch · abc…xyz');
    expect(originText({ origin: 'webhook', endpoint: '/webhook/pf', webhook: 'pf' })).toBe('webhook pf');
  });

  it('validates webhook names', () => {
    expect(webhookNameProblem('', [], false)).toMatch(/required/);
    expect(webhookNameProblem('a b', [], false)).toMatch(/letters, digits/);
    expect(webhookNameProblem('a'.repeat(65), [], false)).toBe('At most 64 characters (this one has 65).');
    expect(webhookNameProblem('a'.repeat(64), [], false)).toBeNull();
    expect(webhookNameProblem('pf', ['pf'], false)).toMatch(/already exists/);
    expect(webhookNameProblem('pf', ['pf'], true)).toBeNull();
    expect(webhookNameProblem('product-fruits_2', [], false)).toBeNull();
  });
});

/** The JSON after --data-raw, unquoted from the shell. */
function extractBody(cmd: string): string {
  const m = /--data-raw '((?:[^']|'\\'')*)'$/.exec(cmd);
  if (!m) throw new Error(`no --data-raw in ${cmd}`);
  return m[1].replace(/'\\''/g, "'");
}

describe('findings about an id past 2^53', () => {
  // Findings are made from JSON.parse's value, so their text had JavaScript's digits: a client
  // that sent 9007199254740993 read "it is the number 9007199254740992".
  const text = '{"type":"group","userId":9007199254740993,"groupId":1234567890123456789,"traits":{"ids":[1,9007199254740995]},"n":12}';
  const shown = parseExact(text);
  it("puts the client's digits back for the number at the finding's path", () => {
    expect(withClientDigits('User ID (userId) must be a string for Segment, but it is the number 9007199254740992.', 'userId', shown)).toBe(
      'User ID (userId) must be a string for Segment, but it is the number 9007199254740993.',
    );
    expect(withClientDigits('Account ID (groupId) must be a string, but it is the number 1234567890123456800.', 'groupId', shown)).toBe(
      'Account ID (groupId) must be a string, but it is the number 1234567890123456789.',
    );
    expect(withClientDigits('traits.ids[1] is the number 9007199254740996.', 'traits.ids[1]', shown)).toBe('traits.ids[1] is the number 9007199254740995.');
  });
  it('leaves every other message as it is', () => {
    expect(withClientDigits('n is the number 12.', 'n', shown)).toBe('n is the number 12.');
    expect(withClientDigits('no path', undefined, shown)).toBe('no path');
    expect(withClientDigits('missing 9007199254740992', 'properties.x', shown)).toBe('missing 9007199254740992');
    expect(withClientDigits('plain 9007199254740992', 'userId', JSON.parse(text))).toBe('plain 9007199254740992');
  });
});

// The inspector list showed `Jane@Acme.com ` as "Jane@Acme.com": the trailing space, often why an
// email finds no user, was unseen. The row marks it; its tooltip says it in words.
describe('edgeSpace and edgeSpaceTitle', () => {
  it('splits the whitespace at either end from the rest', () => {
    expect(edgeSpace('Jane@Acme.com ')).toEqual({ before: '', core: 'Jane@Acme.com', after: ' ' });
    expect(edgeSpace('\t jane ')).toEqual({ before: '\t ', core: 'jane', after: ' ' });
    expect(edgeSpace('a b')).toEqual({ before: '', core: 'a b', after: '' });
    expect(edgeSpace('  ')).toEqual({ before: '  ', core: '', after: '' });
    expect(edgeSpace('')).toEqual({ before: '', core: '', after: '' });
  });

  it('quotes a value with whitespace at its ends and says how much, and leaves any other as it is', () => {
    expect(edgeSpaceTitle('Jane@Acme.com ')).toBe('"Jane@Acme.com " (1 space after it)');
    expect(edgeSpaceTitle('  jane\u00a0')).toBe('"  jane\u00a0" (2 spaces before it, 1 whitespace character after it)');
    expect(edgeSpaceTitle('   ')).toBe('"   " (only 3 spaces)');
    expect(edgeSpaceTitle('Order Completed')).toBe('Order Completed');
  });
});
