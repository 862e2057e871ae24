// Sends a message as Segment's Webhook destination does: a plain POST of the event JSON with
// Content-Type application/json, User-Agent Segment.io/1.0 and, with a shared secret, X-Signature.
// Segment waits 5 s for an answer and retries 5xx; so do we (a few times, with backoff).
import type { JsonObject } from '../../src-shared/capture';
import type { Clock } from '../../src-shared/clock';
import { signWebhookPayload } from '../receiver/signature';
import { stringifyExact } from '../../src-shared/exact-json';
import type { DeliveryTracker } from './delivery-tracker';
import { errorMessage, redactHeaders, scrubText, splitUrlCredentials } from './redact';
import { isRedirect, REDIRECT_NOT_FOLLOWED, redirectTarget } from './redirect';

export interface WebhookChannelOptions {
  url: string;
  secret?: string;
  clock: Clock;
  tracker: DeliveryTracker;
  timeoutMs?: number;
  /** Retries after the first attempt for 5xx answers and network errors. */
  maxRetries?: number;
  /** First backoff delay; doubles each retry. */
  backoffMs?: number;
}

export const WEBHOOK_TIMEOUT_MS = 5000;

export function checkWebhookUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`webhook URL "${url}" is not a valid URL (expected e.g. https://example.com/hook)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`webhook URL "${url}" must start with http:// or https://`);
  }
}

/** Posts one message; resolves when it is delivered or has failed for good. */
export async function sendWebhook(opts: WebhookChannelOptions, deliveryId: string, message: JsonObject): Promise<boolean> {
  const { clock, tracker } = opts;
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const maxRetries = opts.maxRetries ?? 3;
  const backoffMs = opts.backoffMs ?? 500;
  const target = splitUrlCredentials(opts.url);
  const secrets = [...(opts.secret ? [opts.secret] : []), ...target.secrets];
  // A replayed message's numbers that JSON.parse would round are kept as their digits (exact-json).
  const body = stringifyExact(message);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': 'Segment.io/1.0',
  };
  if (opts.secret) headers['X-Signature'] = signWebhookPayload(opts.secret, message);
  if (target.authorization) headers.Authorization = target.authorization;
  const url = target.url;

  let lastError = '';
  for (let attempt = 0; attempt <= maxRetries; attempt++) {
    if (attempt > 0) await sleep(clock, backoffMs * 2 ** (attempt - 1));
    tracker.startAttempt(deliveryId, { url, requestHeaders: redactHeaders(headers, secrets), requestBody: body });
    const abort = new AbortController();
    const timer = clock.setTimeout(() => abort.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    try {
      const res = await globalThis.fetch(url, { method: 'POST', headers, body, signal: abort.signal, redirect: 'manual' });
      const responseBody = scrubText(await res.text(), secrets);
      if (isRedirect(res.status)) {
        // Not followed (see redirect.ts), nor retried: the address is what is wrong.
        const target = redirectTarget(url, res.headers.get('location'));
        tracker.finishAttempt(deliveryId, { status: res.status, responseBody });
        lastError = target === undefined ? `HTTP ${res.status}: a redirect that names no Location, which the sender does not follow` : `HTTP ${res.status}: a redirect to ${target}, which the sender does not follow (${REDIRECT_NOT_FOLLOWED}); send to ${target}`;
        break;
      }
      const retry = res.status >= 500 && attempt < maxRetries;
      tracker.finishAttempt(deliveryId, { status: res.status, responseBody }, retry ? 'retrying' : undefined);
      if (res.status >= 200 && res.status < 300) return true;
      lastError =
        res.status === 401 && /signature/i.test(responseBody)
          ? `rejected: the receiver refused the signature (HTTP 401${opts.secret ? '; check that both sides use the same secret' : '; it expects a signed request: set the shared secret'})`
          : `HTTP ${res.status} ${res.statusText}`.trim();
      if (res.status < 500) break;
    } catch (err) {
      lastError = scrubText(errorMessage(abort.signal.aborted ? abort.signal.reason : err), secrets);
      tracker.finishAttempt(deliveryId, { error: lastError }, attempt < maxRetries ? 'retrying' : undefined);
    } finally {
      clock.clearTimeout(timer);
    }
  }
  tracker.finish(deliveryId, 'failed', { error: lastError });
  return false;
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}
