// The automation API for QA scripts and CI (documented in README):
//   GET /api/health, GET /api/messages?filters, DELETE /api/messages, GET /api/export,
//   POST /api/import (NDJSON body); user matching's routes are in matching-api.ts.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineApi, EngineInfo, MessageFilter } from '../../src-shared/api';
import type { ProfileId } from '../../src-shared/validate/finding';
import { ALL_PROFILES } from '../../src-shared/validate/validate';
import { readBody, sendJson } from '../receiver/http-util';
import type { CaptureStore } from '../store/capture-store';
import { handleMatchingApi, MATCHING_ROUTES } from './matching-api';

export const DEFAULT_MESSAGES_LIMIT = 1000;
// Under V8's string length limit (the body is decoded to one string).
const IMPORT_MAX_BYTES = 256 * 1024 * 1024;
const FILTER_KEYS = ['type', 'event', 'userId', 'anonymousId', 'endpoint', 'text', 'hasProblems', 'profile', 'limit'] as const;

export interface AutomationApiDeps {
  store: CaptureStore;
  engine: EngineApi;
  info(): EngineInfo;
}

/** Query string -> MessageFilter, or an error sentence naming the bad parameter. */
export function parseMessageFilter(params: URLSearchParams): MessageFilter | string {
  const filter: MessageFilter = { limit: DEFAULT_MESSAGES_LIMIT };
  for (const [key, value] of params) {
    switch (key) {
      case 'type':
      case 'event':
      case 'userId':
      case 'anonymousId':
      case 'endpoint':
      case 'text':
        filter[key] = value;
        break;
      case 'hasProblems':
        if (value === 'true' || value === '1') filter.hasProblems = true;
        else if (value === 'false' || value === '0') filter.hasProblems = false;
        else return `hasProblems must be true or false, not "${value}"`;
        break;
      case 'profile':
        if (!(ALL_PROFILES as readonly string[]).includes(value)) return `profile must be one of ${ALL_PROFILES.join(', ')}, not "${value}"`;
        filter.profile = value as ProfileId;
        break;
      case 'limit': {
        const n = Number(value);
        if (!/^\d+$/.test(value) || n < 1) return `limit must be a positive whole number, not "${value}"`;
        filter.limit = n;
        break;
      }
      default:
        return `unknown filter "${key}"; use ${FILTER_KEYS.join(', ')}`;
    }
  }
  return filter;
}

export async function handleAutomationApi(req: IncomingMessage, res: ServerResponse, pathname: string, query: string, deps: AutomationApiDeps): Promise<void> {
  const method = req.method ?? 'GET';
  const route = `${method} ${pathname}`;
  const fail = (status: number, error: string, headers: Record<string, string> = {}) => sendJson(res, status, { error }, headers);
  switch (route) {
    case 'GET /api/health': {
      const info = deps.info();
      return sendJson(res, 200, { status: 'ok', version: info.version, receiverUrl: info.receiverUrl, messageCount: info.messageCount, storeWarnings: info.storeWarnings, ingest: info.ingest });
    }
    case 'GET /api/messages': {
      const filter = parseMessageFilter(new URLSearchParams(query));
      if (typeof filter === 'string') return fail(400, filter);
      const positions = deps.store.index.filter(filter);
      const messages = await deps.store.getAt(positions);
      // Matched entries carry their user-matching outcome.
      const outcomes = await deps.engine.call('matching.outcomes', { seqs: messages.map((m) => m.seq) });
      const withMatching = messages.map((m, i) => {
        const o = outcomes[i];
        return o ? { ...m, matching: { outcome: o.outcome, userId: o.userId, conflict: o.conflict } } : m;
      });
      return sendJson(res, 200, withMatching);
    }
    case 'DELETE /api/messages': {
      const before = deps.store.messageCount;
      await deps.engine.call('messages.clear', undefined);
      return sendJson(res, 200, { cleared: before });
    }
    case 'GET /api/export': {
      await deps.store.flushed();
      res.writeHead(200, {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': 'attachment; filename="eventbench-captures.ndjson"',
        'Cache-Control': 'no-store',
      });
      createReadStream(deps.store.path)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    case 'POST /api/import': {
      const body = await readBody(req, IMPORT_MAX_BYTES, (bytes) => `the import body is ${bytes ?? 'over'} bytes; the limit is ${IMPORT_MAX_BYTES} bytes`);
      if (!body.ok) return fail(body.status, body.error);
      const result = await deps.engine.call('messages.import', { ndjson: body.bytes.toString('utf8') });
      return sendJson(res, 200, result);
    }
  }
  if (await handleMatchingApi(req, res, route, query, deps.engine)) return;
  const known = ['GET /api/health', 'GET /api/messages', 'DELETE /api/messages', 'GET /api/export', 'POST /api/import', ...MATCHING_ROUTES];
  const samePath = known.filter((k) => k.endsWith(` ${pathname}`));
  if (samePath.length > 0) return fail(405, `${method} is not allowed on ${pathname}; use ${samePath.map((k) => k.split(' ')[0]).join(' or ')}`, { Allow: samePath.map((k) => k.split(' ')[0]).join(', ') });
  req.resume();
  return fail(404, `no such API endpoint: ${method} ${pathname}; see ${known.join(', ')}`);
}
