// Why a webhook request's X-Signature may not match, said beside a capture marked invalid: the
// receiver's answer says it at once (it has the signature and the body, src-main/receiver/webhook.ts),
// the Inspector from what it has later: the capture and the webhook's settings now. Neither the
// signature nor the secret is kept or shown, so each hint is a likely cause, worded as such. Pure.
import type { SignatureCheck } from './capture';
import type { WebhookView } from './api';

/** Where a secret holds whitespace (a space, a line break) at its ends; undefined when neither. */
export function secretEdgeSpace(secret: string | undefined): WebhookView['secretEdgeSpace'] {
  if (!secret || secret.trim() === '') return undefined;
  const start = secret !== secret.trimStart();
  const end = secret !== secret.trimEnd();
  return start && end ? 'start and end' : start ? 'start' : end ? 'end' : undefined;
}

/** The end(s) of the secret in words: "ends in", "starts with", "starts and ends with" (here and in the webhook form). */
export const EDGE_WORDS: Record<NonNullable<WebhookView['secretEdgeSpace']>, string> = {
  start: 'starts with',
  end: 'ends in',
  'start and end': 'starts and ends with',
};

/**
 * What the webhook's settings now say of an invalid signature received at `receivedAt`, each a
 * sentence; none when they say nothing (or the signature was not one HMAC-SHA1, whose own fault
 * describeSignature names). `webhook`: the webhook as configured now, undefined when it is not.
 */
export function signatureHints(check: SignatureCheck, receivedAt: string, webhook: Pick<WebhookView, 'hasSecret' | 'secretEdgeSpace' | 'secretChangedAt'> | undefined): string[] {
  if (check.status !== 'invalid' || check.received !== '[redacted: 40 hex digits]' || !webhook?.hasSecret) return [];
  const changedAt = webhook.secretChangedAt;
  const received = Date.parse(receivedAt);
  const changed = changedAt === undefined ? NaN : Date.parse(changedAt);
  // Checked against the secret before its last change: what the settings say now is not what it was checked with.
  if (received < changed) {
    return [`It was checked against the secret the webhook had before its last change (at ${changedAt}); requests signed with the secret now set are checked against that one.`];
  }
  const hints: string[] = [];
  if (received >= changed) {
    hints.push(
      `The webhook's secret was changed at ${changedAt}, before this request came: a sender still signing with the secret before its last change fails this way; give it the new secret too, in Segment's Webhook destination settings.`,
    );
  }
  if (webhook.secretEdgeSpace) {
    hints.push(
      `The webhook's secret ${EDGE_WORDS[webhook.secretEdgeSpace]} a space or line break, likely pasted with it: a sender signing with the secret without it fails this way; save the secret without it.`,
    );
  }
  return hints;
}
