// Display helpers for inspector rows and the detail pane. Pure: unit-tested without a DOM.
import type { DropCode, MessageSummary, SignatureCheck } from '../../../src-shared/capture';

/** "14:03:07.412" in local time; the full ISO string is in the row's title. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export function identityText(s: Pick<MessageSummary, 'userId' | 'anonymousId'>): string {
  if (s.userId) return s.userId;
  if (s.anonymousId) return `anon ${s.anonymousId}`;
  return '—';
}

/** Where the message came from: the webhook name, or the endpoint and masked write key. */
export function originText(s: Pick<MessageSummary, 'origin' | 'endpoint' | 'webhook' | 'writeKeyMasked'>): string {
  if (s.origin === 'webhook') return `webhook ${s.webhook ?? s.endpoint.replace(/^\/webhook\//, '')}`;
  return s.writeKeyMasked ? `${s.endpoint} · ${s.writeKeyMasked}` : s.endpoint;
}

export const DROP_LABELS: Record<DropCode, string> = {
  'missing-identity': 'no userId or anonymousId',
  'missing-event': 'track without event',
  'missing-group-id': 'group without groupId',
  'missing-previous-id': 'alias without previousId',
  'unknown-type': 'unknown type',
  'duplicate-message-id': 'duplicate messageId',
  'message-id-too-long': 'messageId over 100 characters',
};

export type SignatureStatus = SignatureCheck['status'];

export const SIGNATURE_LABELS: Record<SignatureStatus, string> = {
  valid: 'signature valid',
  invalid: 'signature invalid',
  missing: 'signature missing',
  'no-secret': 'no secret set',
};

const BASIS_LABELS: Record<Extract<SignatureCheck, { status: 'valid' }>['basis'], string> = {
  'raw-body': 'over the raw body',
  serialized: 'over the re-serialized payload',
  'first-element': 'over the first element of the array',
};

/** What the signature check found, after its status badge (so it never repeats the status word). */
export function describeSignature(check: SignatureCheck): string {
  switch (check.status) {
    case 'valid':
      return `computed ${BASIS_LABELS[check.basis]}`;
    case 'invalid':
      return `the X-Signature ${check.received ? `(${check.received}) ` : ''}matches neither the raw body nor the re-serialized payload`;
    case 'missing':
      return 'a secret is set but the request had no X-Signature header';
    case 'no-secret':
      return 'not checked: no secret is set for this webhook';
  }
}

export const PROFILE_LABELS: Record<string, string> = {
  segment: 'Segment spec',
  provesource: 'ProveSource',
  produktly: 'Produktly',
  freshsuccess: 'Freshsuccess',
};

export function profileLabel(id: string): string {
  return PROFILE_LABELS[id] ?? id;
}
