// The composer's sender: one request becomes N deliveries (copies), each sent through the real
// analytics-node (local receiver, Segment US/EU, a custom host) or as Segment's Webhook
// destination would post it. Timing runs on the injected clock.
import { randomUUID } from 'node:crypto';
import type { Delivery, SendRequest, SendTarget } from '../../src-shared/api';
import type { JsonObject } from '../../src-shared/capture';
import type { TimerHandle } from '../../src-shared/clock';
import { parseExact } from '../../src-shared/exact-json';
import { createDeliveryTracker } from './delivery-tracker';
import { publicTarget } from './redact';
import { batchUrlParts, createSegmentChannel, type SegmentChannel } from './segment-channel';
import type { SenderDeps, SenderService } from './types';
import { checkWebhookUrl, sendWebhook } from './webhook-channel';
import { WEBHOOK_NAME } from '../receiver/webhook';
import { webhookPathName } from '../../src-shared/webhook-path';
import { maxNestingDepth } from '../../src-shared/tracking-api/batch-scan';
import { MAX_NESTING_DEPTH, tooDeepMessage } from '../../src-shared/tracking-api/limits';
import { FieldError, shownValue } from '../../src-shared/command-args';

export const SEGMENT_HOSTS = {
  us: 'https://api.segment.io',
  eu: 'https://events.eu1.segmentapis.com',
} as const;

/** analytics-node needs a write key; the local receiver accepts any, so it gets this one. */
export const LOCAL_WRITE_KEY = 'eventbench-local';

/**
 * The write key a local send "as" a workspace source carries (its fingerprint is the source's
 * localKeyFingerprint). No ':' in it: Basic auth ends the user name at the first one.
 */
export function localWriteKeyOf(sourceId: string): string {
  return `${LOCAL_WRITE_KEY}.${encodeURIComponent(sourceId)}`;
}
export const MAX_COPIES = 1000;

/** The webhook name when `url` is this receiver's `/webhook/<name>`, read as the receiver reads it; else undefined. */
export function ownWebhookName(url: string, receiverUrl: string): string | undefined {
  const prefix = `${receiverUrl.replace(/\/+$/, '')}/webhook/`;
  if (!url.startsWith(prefix)) return undefined;
  const { name } = webhookPathName(url.slice(prefix.length).replace(/[?#].*$/s, ''));
  return WEBHOOK_NAME.test(name) ? name : undefined;
}
export const MAX_INTERVAL_MS = 3_600_000;

type Route =
  | { kind: 'segment'; host: string; writeKey: string }
  | { kind: 'webhook'; url: string; secret?: string };

export function createSender(deps: SenderDeps): SenderService {
  const { clock } = deps;
  const tracker = createDeliveryTracker(clock, deps.onDelivery, deps.restoredDeliveries);
  /** The waits between copies (and for a local send's captured row), each with its resolve: closing ends them. */
  const timers = new Map<TimerHandle, () => void>();
  const channels = new Set<SegmentChannel>();
  let closed = false;

  const later = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closed) return resolve();
      const handle = clock.setTimeout(() => {
        timers.delete(handle);
        resolve();
      }, ms);
      timers.set(handle, resolve);
    });

  function route(target: SendTarget): Route {
    // A text field of another type: {"url": 5} answered "target.url?.trim is not a function".
    for (const field of ['asSource', 'writeKey', 'host', 'url', 'secret'] as const) {
      const value = (target as Partial<Record<typeof field, unknown>> | null)?.[field];
      if (value !== undefined && typeof value !== 'string') throw new FieldError(`target.${field}`, `expected text, got ${shownValue(value)}`);
    }
    switch (target?.kind) {
      case 'local':
        // Sent "as" a workspace source, a message arrives with that source's local key, so the
        // inspector checks it as that source (the source's real key is never kept to send with).
        return { kind: 'segment', host: deps.receiverUrl(), writeKey: typeof target.asSource === 'string' && target.asSource ? localWriteKeyOf(target.asSource) : LOCAL_WRITE_KEY };
      case 'segment': {
        if (target.region !== 'us' && target.region !== 'eu') throw new FieldError('target.region', `expected "us" or "eu", got ${JSON.stringify(target.region)}`);
        const writeKey = target.writeKey?.trim() || deps.secrets.getWriteKey();
        if (!writeKey) throw new FieldError('target.writeKey', 'no Segment write key given and none stored; enter one in the send panel');
        return { kind: 'segment', host: SEGMENT_HOSTS[target.region], writeKey };
      }
      case 'custom': {
        if (!target.host?.trim()) throw new FieldError('target.host', 'enter the base URL of the custom host, e.g. https://proxy.example.com');
        try {
          batchUrlParts(target.host.trim());
        } catch (err) {
          throw new FieldError('target.host', `${(err as Error).message}`);
        }
        // The stored Segment write key goes only to Segment's own hosts, never to a host typed here.
        const writeKey = target.writeKey?.trim() || LOCAL_WRITE_KEY;
        return { kind: 'segment', host: target.host.trim(), writeKey };
      }
      case 'webhook':
        if (!target.url?.trim()) throw new FieldError('target.url', 'enter the webhook URL');
        checkWebhookUrl(target.url.trim());
        // No secret typed for one of this receiver's own webhooks: signed with the secret
        // configured for it, as a scenario's webhook send is (a typed one wins, to try a wrong one).
        return { kind: 'webhook', url: target.url.trim(), secret: target.secret || configuredSecretOf(target.url.trim()) };
      default:
        throw new FieldError('target.kind', `expected local, segment, custom or webhook, got ${JSON.stringify((target as { kind?: unknown })?.kind)}`);
    }
  }

  function configuredSecretOf(url: string): string | undefined {
    const name = ownWebhookName(url, deps.receiverUrl());
    return name === undefined ? undefined : deps.webhookSecret?.(name);
  }

  async function deliverLocal(deliveryId: string, messageId: string) {
    // The receiver writes the message before it answers, so the row is normally there already;
    // if not, look again briefly and add the link when it shows up.
    const seq = deps.findCapturedSeq(messageId);
    tracker.finish(deliveryId, 'delivered', { capturedSeq: seq });
    for (let tries = 0; seq === undefined && tries < 10 && !closed; tries++) {
      await later(50);
      const found = deps.findCapturedSeq(messageId);
      if (found !== undefined) return tracker.update(deliveryId, { capturedSeq: found });
    }
  }

  async function run(request: SendRequest, r: Route, copies: { deliveryId: string; message: JsonObject }[], sequential: boolean) {
    const intervalMs = request.intervalMs ?? 0;
    const isLocal = request.target.kind === 'local';
    const channel = r.kind === 'segment' ? createSegmentChannel({ host: r.host, writeKey: r.writeKey, maxRetries: deps.segmentMaxRetries ?? 3, httpRequestTimeoutMs: 10_000, clock, tracker }) : undefined;
    if (channel) channels.add(channel);

    const sendOne = async ({ deliveryId, message }: (typeof copies)[number]) => {
      // A message without a time is stamped when it goes out, by the engine's (simulation) clock,
      // so a send made while the clock is ahead carries the simulated moment, not analytics-node's own.
      if (message.timestamp === undefined && message.originalTimestamp === undefined) message.timestamp = new Date(clock.now()).toISOString();
      if (r.kind === 'webhook') {
        const delivered = await sendWebhook({ url: r.url, secret: r.secret, clock, tracker, maxRetries: deps.webhookMaxRetries, backoffMs: deps.webhookBackoffMs }, deliveryId, message);
        // A webhook of this app's own receiver: link the captured row, as for local sends.
        if (delivered && r.url.startsWith(`${deps.receiverUrl().replace(/\/+$/, '')}/webhook/`)) await deliverLocal(deliveryId, String(message.messageId));
        else if (delivered) tracker.finish(deliveryId, 'delivered');
        return;
      }
      const ok = await channel!.send(deliveryId, message);
      if (!ok) return;
      if (isLocal) await deliverLocal(deliveryId, String(message.messageId));
      else tracker.finish(deliveryId, 'delivered');
    };

    try {
      const pending: Promise<void>[] = [];
      for (let i = 0; i < copies.length; i++) {
        if (i > 0 && intervalMs > 0) await later(intervalMs);
        // Closed while waiting for the interval: the copies left say so now, not as 'pending' forever.
        if (closed) {
          for (const c of copies.slice(i)) tracker.finish(c.deliveryId, 'failed', { error: 'sender closed before this copy was sent' });
          break;
        }
        const one = sendOne(copies[i]);
        // Copies that share a messageId go one after another, so each answer maps to its copy.
        if (sequential) await one;
        else pending.push(one);
      }
      await Promise.all(pending);
    } finally {
      if (channel) {
        await channel.close();
        channels.delete(channel);
      }
    }
  }

  return {
    async send(request) {
      if (closed) throw new Error('sender is closed');
      // messageJson, when given, is the message as text: another value (null, an object) was ignored and `message` sent.
      if (request?.messageJson !== undefined && typeof request.messageJson !== 'string') throw new FieldError('messageJson', `expected the message as JSON text, got ${shownValue(request.messageJson)}`);
      const message = typeof request?.messageJson === 'string' ? exactMessage(request.messageJson) : request?.message;
      if (!message || typeof message !== 'object' || Array.isArray(message)) throw new FieldError('message', 'expected a JSON object');
      // Left out, the defaults; null is refused as any other value that is not a number ("5" was shown as got 5).
      const times = request.times === undefined ? 1 : request.times;
      if (!Number.isInteger(times) || times < 1 || times > MAX_COPIES) throw new FieldError('times', `expected a whole number from 1 to ${MAX_COPIES}, got ${shownValue(times)}`);
      const intervalMs = request.intervalMs === undefined ? 0 : request.intervalMs;
      if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs < 0 || intervalMs > MAX_INTERVAL_MS) {
        throw new FieldError('intervalMs', `expected 0 to ${MAX_INTERVAL_MS} ms, got ${shownValue(intervalMs)}`);
      }
      const r = route(request.target);
      const freshMessageIds = request.freshMessageIds ?? true;
      const sharedMessageId = typeof message.messageId === 'string' && message.messageId ? message.messageId : randomUUID();

      const sendId = randomUUID().slice(0, 8);
      const target = publicTarget(request.target);
      const copies = Array.from({ length: times }, (_, index) => {
        const copy = structuredClone(message);
        copy.messageId = freshMessageIds ? randomUUID() : sharedMessageId;
        if (request.freshIdentities) freshenIdentity(copy);
        const delivery = tracker.create({ sendId, index, messageId: copy.messageId as string, target, label: deliveryLabel(copy) });
        return { delivery, deliveryId: delivery.id, message: copy };
      });
      const deliveries: Delivery[] = copies.map((c) => c.delivery);

      void run(request, r, copies, !freshMessageIds && times > 1).catch((err: unknown) => {
        for (const c of copies) tracker.finish(c.deliveryId, 'failed', { error: err instanceof Error ? err.message : String(err) });
      });
      return { sendId, deliveries };
    },
    deliveries: () => tracker.all(),
    async close() {
      closed = true;
      for (const [t, resolve] of timers) {
        clock.clearTimeout(t);
        resolve();
      }
      timers.clear();
      await Promise.all([...channels].map((c) => c.close(2000)));
    },
  };
}

/** The composer's text read with parseExact: numbers JSON.parse would round go out with their digits. */
function exactMessage(text: string): JsonObject {
  // Any depth parses; the sender copies and writes the message recursively ("Maximum call stack size exceeded").
  const depth = maxNestingDepth(text);
  if (depth > MAX_NESTING_DEPTH) throw new Error(tooDeepMessage(depth, 'messageJson'));
  try {
    return parseExact(text) as JsonObject;
  } catch (err) {
    throw new FieldError('messageJson', `not JSON (${(err as Error).message})`);
  }
}

/** A new identity for a copy: a new userId and/or anonymousId (an anonymousId when it had neither). */
export function freshenIdentity(message: JsonObject): void {
  const suffix = randomUUID().slice(0, 8);
  const hadUser = typeof message.userId === 'string' && message.userId !== '';
  if (hadUser) message.userId = `user-${suffix}`;
  if (message.anonymousId !== undefined || !hadUser) message.anonymousId = randomUUID();
}

/** What a delivery is about, for the list: the event or name, else the call type. */
function deliveryLabel(message: Record<string, unknown>): string {
  const name = typeof message.event === 'string' && message.event ? message.event : typeof message.name === 'string' && message.name ? message.name : undefined;
  const type = typeof message.type === 'string' ? message.type : 'message';
  return name ? `${type} "${name}"` : type;
}
