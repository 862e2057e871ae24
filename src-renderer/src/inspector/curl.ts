// "Copy as cURL": a command that re-posts a captured message to this receiver. The real write key
// never appears: Basic auth and a body `writeKey` both get a placeholder.
import type { CapturedMessage } from '../../../src-shared/capture';
import { exactMessageOf, stringifyExact } from '../../../src-shared/exact-json';
import { CALL_TYPES } from '../../../src-shared/capture';

export const WRITE_KEY_PLACEHOLDER = 'YOUR_WRITE_KEY';

/** Quotes for a POSIX shell: single quotes, with embedded ones as '\''. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `freshMessageId`: give the message a new messageId, so running the command does not produce a
 * duplicate (which Segment drops); without it the client's own id is kept.
 */
export function curlCommand(captured: CapturedMessage, receiverUrl: string, options: { freshMessageId?: () => string } = {}): string {
  const base = receiverUrl.replace(/\/+$/, '');
  const message: Record<string, unknown> = { ...exactMessageOf(captured) };
  delete message.receivedAt; // the receiver sets it on receipt
  if (options.freshMessageId) message.messageId = options.freshMessageId();
  else if (captured.messageIdAssigned) delete message.messageId; // it was ours, not the sender's
  if ('writeKey' in message) message.writeKey = WRITE_KEY_PLACEHOLDER;

  if (captured.origin.kind === 'webhook') {
    const body = stringifyExact(message);
    const lines = [
      `curl -X POST ${shellQuote(`${base}${captured.origin.endpoint}`)}`,
      `  -H 'Content-Type: application/json'`,
      `  -H 'User-Agent: Segment.io/1.0'`,
    ];
    // Signed as the original was: one checked, or one that came to a webhook with no secret.
    if (captured.origin.signature.status !== 'no-secret' || captured.origin.signature.received !== undefined) {
      lines.push(`  -H 'X-Signature: HMAC_SHA1_HEX_OF_BODY_WITH_YOUR_SECRET'`);
    }
    lines.push(`  --data-raw ${shellQuote(body)}`);
    return lines.join(' \\\n');
  }

  const type = typeof message.type === 'string' ? message.type : '';
  const known = (CALL_TYPES as readonly string[]).includes(type);
  const path = known ? `/v1/${type}` : '/v1/batch';
  const body = stringifyExact(known ? message : { batch: [message] });
  return [
    `curl -X POST ${shellQuote(`${base}${path}`)}`,
    `  -u ${shellQuote(`${WRITE_KEY_PLACEHOLDER}:`)}`,
    `  -H 'Content-Type: application/json'`,
    `  --data-raw ${shellQuote(body)}`,
  ].join(' \\\n');
}
