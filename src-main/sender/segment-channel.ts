// Sends composed messages through the real @segment/analytics-node, so what reaches Segment (or
// the local receiver) is exactly what the SDK would send, retries and all. Each delivery's
// attempts are built from the SDK's own events: 'http_request', 'http_response', and the
// per-call success events ('track', 'identify', ...) or 'error'.
import { Analytics } from '@segment/analytics-node';
import type { Context, HTTPClient, HTTPClientRequest, HTTPResponse, Plugin } from '@segment/analytics-node';
import type { JsonObject } from '../../src-shared/capture';
import { CALL_TYPES, type CallType } from '../../src-shared/capture';
import type { Clock } from '../../src-shared/clock';
import type { DeliveryTracker } from './delivery-tracker';
import { unmarkJson } from '../../src-shared/exact-json';
import { errorMessage, redactBatchBody, redactHeaders, scrubText, stripUrlCredentials } from './redact';
import { batchBase, isRedirect, REDIRECT_NOT_FOLLOWED, redirectTarget } from './redirect';

export interface SegmentChannelOptions {
  /** Base URL, e.g. https://api.segment.io or http://127.0.0.1:8787 (a path prefix is kept). */
  host: string;
  writeKey: string;
  maxRetries: number;
  httpRequestTimeoutMs: number;
  clock: Clock;
  tracker: DeliveryTracker;
}

export interface SegmentChannel {
  /**
   * Sends one message; `message.messageId` must be set and not be in flight already. Resolves
   * true once it got a 2xx/3xx answer (the caller then marks it delivered), false when it failed.
   */
  send(deliveryId: string, message: JsonObject): Promise<boolean>;
  /** Waits for in-flight messages (bounded), then releases the SDK. */
  close(timeoutMs?: number): Promise<void>;
}

/** SDK statuses the publisher retries (mirrors analytics-node 3.x's policy, for the 'retrying' state). */
function isRetriedStatus(status: number): boolean {
  if (status >= 200 && status < 400) return false;
  if (status >= 500) return ![501, 505, 511].includes(status);
  return [408, 410, 429, 460].includes(status);
}

/** host + '/v1/batch', keeping a path prefix such as https://proxy.example.com/segment. */
export function batchUrlParts(host: string): { host: string; path: string } {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new Error(`"${host}" is not a valid URL (expected e.g. https://api.segment.io)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${host}" must start with http:// or https://`);
  }
  // analytics-node sends the write key as Basic auth and would drop these silently (url.origin).
  if (url.username || url.password) throw new Error(`the host ${url.protocol}//…@${url.host} holds a user name and password: the write key is what authenticates to a Segment-compatible host; give the host without them`);
  const prefix = url.pathname.replace(/\/+$/, '');
  return { host: url.origin, path: `${prefix}/v1/batch` };
}

export function createSegmentChannel(opts: SegmentChannelOptions): SegmentChannel {
  const { clock, tracker } = opts;
  const secrets = [opts.writeKey];
  const { host, path } = batchUrlParts(opts.host);
  /** messageId -> the delivery being sent and the exact message to put on the wire. */
  const inFlight = new Map<string, { deliveryId: string; message: JsonObject; settle(ok: boolean): void; answeredOk?: boolean }>();
  /** Request body -> answer text: the SDK's http_response event carries no response body. */
  const responseBodies = new Map<string, string>();
  const settled = new Set<() => void>();
  let closing: Promise<void> | undefined;

  const messageIdsOf = (body: string): string[] => {
    try {
      const batch = (JSON.parse(body) as { batch?: { messageId?: unknown }[] }).batch ?? [];
      return batch.map((m) => String(m.messageId));
    } catch {
      return [];
    }
  };
  const deliveriesOf = (body: string) =>
    messageIdsOf(body)
      .map((id) => inFlight.get(id)?.deliveryId)
      .filter((id): id is string => !!id);

  // fetch with the clock's timer for the timeout, keeping the answer text for the delivery view.
  const httpClient: HTTPClient = {
    async makeRequest(req: HTTPClientRequest): Promise<HTTPResponse> {
      const abort = new AbortController();
      const timer = clock.setTimeout(() => abort.abort(new Error(`no answer within ${req.httpRequestTimeout} ms`)), req.httpRequestTimeout);
      try {
        // analytics-node stringified the batch: numbers a replay keeps as their digits (exact-json's
        // markers) are written back as those digits here, on the wire.
        const res = await globalThis.fetch(req.url, { method: req.method, headers: req.headers, body: unmarkJson(req.body), signal: abort.signal, redirect: 'manual' });
        const text = await res.text();
        // Not followed (see redirect.ts); analytics-node takes a 3xx as delivered, so it fails here.
        if (isRedirect(res.status)) {
          const target = redirectTarget(req.url, res.headers.get('location'));
          const base = target === undefined ? undefined : batchBase(target);
          throw new Error(
            target === undefined
              ? `HTTP ${res.status}: a redirect that names no Location, which the sender does not follow`
              : `HTTP ${res.status}: a redirect to ${target}, which the sender does not follow (${REDIRECT_NOT_FOLLOWED}); ${base !== undefined ? `set the host to ${base}` : `send to ${target}`}`,
          );
        }
        responseBodies.set(req.body, text);
        return { status: res.status, statusText: res.statusText, headers: res.headers, text: async () => text };
      } catch (err) {
        const message = scrubText(errorMessage(err), secrets);
        for (const id of deliveriesOf(req.body)) tracker.finishAttempt(id, { error: message }, 'retrying');
        throw err;
      } finally {
        clock.clearTimeout(timer);
      }
    },
  };

  const analytics = new Analytics({
    writeKey: opts.writeKey,
    host,
    path,
    flushAt: 1, // one message per request: each delivery gets its own attempts
    maxRetries: opts.maxRetries,
    httpRequestTimeout: opts.httpRequestTimeoutMs,
    httpClient,
  });

  // The SDK's call methods rebuild the event from a fixed set of fields (dropping e.g.
  // originalTimestamp) and refuse messages without identity. The composer must send exactly what
  // the user composed, including deliberately broken messages, so a 'before' plugin swaps the
  // SDK's event for the composed one; the SDK still adds context.library and _metadata.
  const useComposed = (ctx: Context): Context => {
    const entry = inFlight.get(String(ctx.event.messageId));
    if (!entry) throw new Error(`no composed message for messageId ${String(ctx.event.messageId)}`);
    ctx.event = structuredClone(entry.message) as unknown as Context['event'];
    return ctx;
  };
  const composedPlugin: Plugin = {
    name: 'Eventbench composed message',
    type: 'before',
    version: '1.0.0',
    isLoaded: () => true,
    load: () => Promise.resolve(),
    track: useComposed,
    identify: useComposed,
    group: useComposed,
    page: useComposed,
    screen: useComposed,
    alias: useComposed,
  };
  const ready = analytics.register(composedPlugin);

  const finish = (messageId: string, ok: boolean, reason?: unknown) => {
    const entry = inFlight.get(messageId);
    if (!entry) return;
    inFlight.delete(messageId);
    if (!ok) tracker.finish(entry.deliveryId, 'failed', { error: scrubText(errorMessage(reason), secrets) });
    entry.settle(ok);
    for (const notify of settled) notify();
  };

  analytics.on('http_request', (req) => {
    const body = unmarkJson(redactBatchBody(req.body, secrets));
    const headers = redactHeaders(req.headers, secrets);
    for (const id of deliveriesOf(req.body)) {
      tracker.startAttempt(id, { url: stripUrlCredentials(req.url), requestHeaders: headers, requestBody: body });
    }
  });
  analytics.on('http_response', (res) => {
    const responseBody = scrubText(responseBodies.get(res.body) ?? '', secrets);
    responseBodies.delete(res.body);
    for (const id of deliveriesOf(res.body)) {
      tracker.finishAttempt(id, { status: res.status, responseBody }, isRetriedStatus(res.status) ? 'retrying' : undefined);
    }
    if (res.status >= 200 && res.status < 400) {
      for (const messageId of messageIdsOf(res.body)) {
        const entry = inFlight.get(messageId);
        if (entry) entry.answeredOk = true;
      }
    }
  });
  for (const type of CALL_TYPES) {
    // The SDK reports success even when its Segment.io plugin threw before sending (it only logs
    // the error, e.g. for "context": null): delivered only once a request for it was answered.
    analytics.on(type, (ctx: Context) => {
      const messageId = String(ctx.event.messageId);
      if (inFlight.get(messageId)?.answeredOk) return finish(messageId, true);
      finish(messageId, false, new Error(`analytics-node did not send it: ${pluginErrorOf(ctx) ?? 'no request was made for this message'}`));
    });
  }
  analytics.on('error', (err) => {
    if (err.ctx) return finish(String(err.ctx.event.messageId), false, err.reason);
    // No context (the SDK's pipeline itself threw): every message in flight is lost.
    for (const messageId of [...inFlight.keys()]) finish(messageId, false, err.reason);
  });

  return {
    send(deliveryId, message) {
      const messageId = String(message.messageId);
      const type = message.type;
      if (typeof type !== 'string' || !(CALL_TYPES as readonly string[]).includes(type)) {
        tracker.finish(deliveryId, 'failed', {
          error: `type ${JSON.stringify(type)} is not a Segment call type; analytics-node sends only ${CALL_TYPES.join(', ')}`,
        });
        return Promise.resolve(false);
      }
      return new Promise<boolean>((settle) => {
        inFlight.set(messageId, { deliveryId, message, settle });
        void ready.then(() => dispatchPlaceholder(analytics, type as CallType, messageId));
      });
    },
    close(timeoutMs = 15_000) {
      closing ??= closeOnce(timeoutMs);
      return closing;
    },
  };

  async function closeOnce(timeoutMs: number): Promise<void> {
    if (inFlight.size) {
      await new Promise<void>((resolve) => {
        const timer = clock.setTimeout(done, timeoutMs);
        function done() {
          settled.delete(check);
          clock.clearTimeout(timer);
          resolve();
        }
        function check() {
          if (!inFlight.size) done();
        }
        settled.add(check);
      });
    }
    for (const messageId of [...inFlight.keys()]) finish(messageId, false, new Error('sender closed before the message was delivered'));
    await analytics.closeAndFlush({ timeout: 1000 });
  }
}

/** The error a plugin threw for this event, as the SDK logged it (it does not fail the event). */
function pluginErrorOf(ctx: Context): string | undefined {
  for (const entry of ctx.logs()) {
    if (entry.level !== 'error') continue;
    const extras = entry.extras as { plugin?: unknown; error?: unknown } | undefined;
    const cause = extras?.error === undefined ? '' : errorMessage(extras.error);
    return `${typeof extras?.plugin === 'string' ? `its ${extras.plugin} plugin failed: ` : ''}${cause || entry.message}`;
  }
  return undefined;
}

/** Calls the SDK method for the type with a valid placeholder; the 'before' plugin swaps in the real message. */
function dispatchPlaceholder(analytics: Analytics, type: CallType, messageId: string): void {
  const base = { userId: 'eventbench-placeholder', messageId };
  switch (type) {
    case 'track':
      return analytics.track({ ...base, event: 'eventbench-placeholder' });
    case 'identify':
      return analytics.identify(base);
    case 'group':
      return analytics.group({ ...base, groupId: 'eventbench-placeholder' });
    case 'page':
      return analytics.page(base);
    case 'screen':
      return analytics.screen(base);
    case 'alias':
      return analytics.alias({ ...base, previousId: 'eventbench-placeholder' });
  }
}
