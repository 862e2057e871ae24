// What the Inspector says beside an invalid webhook signature, from the capture and the webhook's
// settings now (src-shared/signature-hint.ts): the receiver's answer said it, the detail pane only
// "bad signature".
import { describe, expect, it } from 'vitest';
import type { SignatureCheck } from '../../src-shared/capture';
import { secretEdgeSpace, signatureHints } from '../../src-shared/signature-hint';

const INVALID: SignatureCheck = { status: 'invalid', received: '[redacted: 40 hex digits]' };
const AT = '2026-12-07T10:00:00.000Z';

describe('secretEdgeSpace', () => {
  it('names the end(s) holding a space or line break; none for a clean, empty or blank secret', () => {
    expect([secretEdgeSpace('abc '), secretEdgeSpace('\nabc'), secretEdgeSpace(' abc\r\n'), secretEdgeSpace('abc'), secretEdgeSpace(''), secretEdgeSpace('  '), secretEdgeSpace(undefined)]).toEqual([
      'end',
      'start',
      'start and end',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('signatureHints', () => {
  it('a secret with a space at its end: said, with what to do', () => {
    expect(signatureHints(INVALID, AT, { hasSecret: true, secretEdgeSpace: 'end' })).toEqual([
      "The webhook's secret ends in a space or line break, likely pasted with it: a sender signing with the secret without it fails this way; save the secret without it.",
    ]);
    expect(signatureHints(INVALID, AT, { hasSecret: true, secretEdgeSpace: 'start and end' })[0]).toMatch(/^The webhook's secret starts and ends with a space/);
    expect(signatureHints(INVALID, AT, { hasSecret: true, secretEdgeSpace: 'start' })[0]).toMatch(/^The webhook's secret starts with a space or line break, likely pasted/);
  });

  it('a request after the secret was changed: it may still be signed with the one before; one before the change was checked against that one', () => {
    const changed = { hasSecret: true, secretChangedAt: '2026-12-07T09:59:00.000Z' };
    expect(signatureHints(INVALID, AT, changed)).toEqual([
      "The webhook's secret was changed at 2026-12-07T09:59:00.000Z, before this request came: a sender still signing with the secret before its last change fails this way; give it the new secret too, in Segment's Webhook destination settings.",
    ]);
    // Checked against the old secret: the space of the secret set now says nothing of it.
    expect(signatureHints(INVALID, '2026-12-07T09:58:00.000Z', { ...changed, secretEdgeSpace: 'end' })).toEqual([
      'It was checked against the secret the webhook had before its last change (at 2026-12-07T09:59:00.000Z); requests signed with the secret now set are checked against that one.',
    ]);
    expect(signatureHints(INVALID, AT, { ...changed, secretEdgeSpace: 'end' })).toHaveLength(2);
    // Received in the very millisecond of the change (a paused simulation clock stamps both alike):
    // read as after it, the case a sender not yet given the new secret keeps making.
    expect(signatureHints(INVALID, changed.secretChangedAt, changed)).toEqual([expect.stringMatching(/^The webhook's secret was changed at 2026-12-07T09:59:00\.000Z, before this request came/)]);
  });

  it('nothing for a valid or missing signature, a signature of another shape or several, a clean secret, or a webhook no longer set up', () => {
    const spaced = { hasSecret: true, secretEdgeSpace: 'end' as const };
    expect(signatureHints({ status: 'valid', basis: 'raw-body' }, AT, spaced)).toEqual([]);
    expect(signatureHints({ status: 'missing' }, AT, spaced)).toEqual([]);
    // Its shape is its fault (describeSignature says it), whatever the secret.
    expect(signatureHints({ status: 'invalid', received: '[redacted: "sha1=" then 40 hex digits]' }, AT, spaced)).toEqual([]);
    expect(signatureHints({ status: 'invalid', received: '[redacted: 40 hex digits], [redacted: 40 hex digits]' }, AT, spaced)).toEqual([]);
    expect(signatureHints(INVALID, AT, { hasSecret: true })).toEqual([]);
    expect(signatureHints(INVALID, AT, undefined)).toEqual([]);
    expect(signatureHints(INVALID, AT, { hasSecret: false })).toEqual([]);
  });
});
