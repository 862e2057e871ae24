// The automation API for QA scripts and CI (documented in README):
//   GET /api/health, GET /api/messages?filters, DELETE /api/messages, GET /api/export,
//   POST /api/import (NDJSON body), GET/PUT /api/workspace; user matching's routes are in matching-api.ts.
import type { Workspace } from '../../src-shared/workspace';
import type { Readable } from 'node:stream';
import { gunzippedIfGzip, ImportStopped, ImportWriteFailed, parseImportStream, type ImportLine } from '../store/import-ndjson';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineApi, EngineInfo, ImportResult, MessageFilter } from '../../src-shared/api';
import type { ProfileId } from '../../src-shared/validate/finding';
import { ALL_PROFILES } from '../../src-shared/validate/validate';
import { bodyChunks, contentEncodingOf, joinedLinesProblem, multipartFileProblem, readJsonBody, sendJson, sendJsonText } from '../receiver/http-util';
import { stringifyExact, stringifyWithExactMessages, withExactMessage } from '../../src-shared/exact-json';
import { decodeAbsent } from '../../src-shared/scenario/expected-value';
import { matchRegexProblem } from '../../src-shared/scenario/match';
import { LogMoved, type CaptureStore } from '../store/capture-store';
import type { ClockActionRequest } from '../../src-shared/sim-clock';
import type { SessionsSettings } from '../../src-shared/sessions/sessions';
import { SESSION_QUERY_KEYS, type SessionQuery } from '../../src-shared/sessions/view';
import { handleMatchingApi, MATCHING_ROUTES, positive, whole } from './matching-api';
import { matchingPositions, takeWaitParams, WAIT_KEYS, waitForMessages } from './wait';
import { TOKEN_PARAM, undecodableParamProblem, unknownParamProblem, type RouteQuery } from './route-query';
import { ownValue } from '../../src-shared/own-property';
import { RegexTooSlowError } from './regex-time-limit';
import { shownValue } from '../../src-shared/shown-value';
import { SaveFailed } from '../store/json-file';
import { maxNestingDepth } from '../../src-shared/tracking-api/batch-scan';
import { MAX_NESTING_DEPTH, tooDeepMessage } from '../../src-shared/tracking-api/limits';

export const DEFAULT_MESSAGES_LIMIT = 1000;
// Under V8's string length limit (the body is decoded to one string).
export const FILTER_KEYS = ['type', 'event', 'userId', 'anonymousId', 'messageId', 'endpoint', 'text', 'hasProblems', 'profile', 'match', 'afterSeq', 'limit'] as const;

export interface AutomationApiDeps {
  store: CaptureStore;
  engine: EngineApi;
  info(): EngineInfo;
  /** Calls back after each capture lands in the index (wait-for wakes on it); returns an unsubscribe. */
  onIngest(listener: () => void): () => void;
  /** Imports lines as they are read (POST /api/import streams its body: any size). */
  importLines(lines: AsyncIterable<ImportLine>): Promise<ImportResult>;
}

/** A filter named twice (?type=track&type=identify) would silently keep one of the two: refused by name. */
function repeatedParam(params: URLSearchParams): string | undefined {
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) return `${key} is given more than once; give it once (filters combine with AND, one value each)`;
    seen.add(key);
  }
  return undefined;
}

/**
 * An id or name filter given empty (`?userId=`, a script's unset variable): it matched no message
 * (or, for `endpoint`, every message here and no session there), a silent `[]` that read as "none
 * arrived". Refused, naming it; `text=` stays: every payload holds the empty text.
 */
function emptyFilter(key: string, value: string): string | undefined {
  return value === '' ? `${key} is empty: give the ${key} to filter by, or leave the filter out` : undefined;
}

/**
 * Query string -> MessageFilter, or an error sentence naming the bad parameter. Its keys are
 * FILTER_KEYS only: the route table (API_ROUTES, route-query.ts) refused any other, naming it,
 * before the route ran, so an unknown one is not looked for here again.
 */
function parseMessageFilter(params: URLSearchParams): MessageFilter | string {
  const repeated = repeatedParam(params);
  if (repeated) return repeated;
  const filter: MessageFilter = { limit: DEFAULT_MESSAGES_LIMIT };
  for (const [key, value] of params) {
    switch (key) {
      case 'type':
      case 'event':
      case 'userId':
      case 'anonymousId':
      case 'messageId':
      case 'endpoint': {
        const empty = emptyFilter(key, value);
        if (empty) return empty;
        filter[key] = value;
        break;
      }
      case 'text':
        filter[key] = value;
        break;
      case 'match': {
        let m: unknown;
        try {
          m = JSON.parse(value);
        } catch (e) {
          return `match must be a JSON object such as {"properties":{"goalId":"g-1"}}: ${(e as Error).message}`;
        }
        if (!m || typeof m !== 'object' || Array.isArray(m)) return `match must be a JSON object such as {"properties":{"goalId":"g-1"}}, not ${shownValue(m)}`;
        // Deeper than any message can be, it matches nothing; the checks below recursed over it until the stack ran out (a 500).
        const depth = maxNestingDepth(value);
        if (depth > MAX_NESTING_DEPTH) return tooDeepMessage(depth, 'match');
        const badRegex = matchRegexProblem(m);
        if (badRegex) return badRegex;
        // {"$absent": true}: the key must be absent (eventbench/testing's `absent`; JSON has no undefined).
        const decoded = decodeAbsent(m, 'match');
        if ('problem' in decoded) return decoded.problem;
        m = decoded.value;
        filter.match = m as MessageFilter['match'];
        break;
      }
      case 'afterSeq': {
        const n = whole(key)(value);
        if (n instanceof Error) return n.message;
        filter.afterSeq = n;
        break;
      }
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
        const n = positive(key)(value);
        if (n instanceof Error) return n.message;
        filter.limit = n;
        break;
      }
    }
  }
  return filter;
}

const SESSION_STATES = ['open', 'timedOut'];
const SETTINGS_MAX_BYTES = 64 * 1024;

/** Query string -> SessionQuery, or an error sentence naming the bad parameter; its keys are SESSION_QUERY_KEYS only, as parseMessageFilter's are FILTER_KEYS. */
function parseSessionQuery(params: URLSearchParams): SessionQuery | string {
  const repeated = repeatedParam(params);
  if (repeated) return repeated;
  const q: SessionQuery = {};
  for (const [key, value] of params) {
    switch (key) {
      case 'anonymousId':
      case 'userId':
      case 'groupId':
      case 'endpoint':
      case 'writeKey': {
        const empty = emptyFilter(key, value);
        if (empty) return empty;
        q[key] = value;
        break;
      }
      case 'state':
        if (!SESSION_STATES.includes(value)) return `state must be open or timedOut, not "${value}"`;
        q.state = value as SessionQuery['state'];
        break;
      case 'freshsuccessOnly':
        if (value !== 'true' && value !== 'false') return `freshsuccessOnly must be true or false, not "${value}"`;
        q.freshsuccessOnly = value === 'true';
        break;
      case 'limit': {
        const n = positive(key)(value);
        if (n instanceof Error) return n.message;
        q.limit = n;
        break;
      }
    }
  }
  return q;
}

/**
 * Every route of the automation API and what it takes in its query string: a route is served only
 * when it is listed here (a new one cannot skip the check), and a parameter it does not take is
 * refused before it runs (route-query.ts).
 */
export const API_ROUTES: Readonly<Record<string, RouteQuery>> = {
  'GET /api/health': { takes: [] },
  'GET /api/messages': { takes: FILTER_KEYS, noun: 'filter' },
  'GET /api/messages/wait': { takes: [...WAIT_KEYS, ...FILTER_KEYS], noun: 'filter' },
  // ?type=track emptied the whole log.
  'DELETE /api/messages': { takes: [], does: 'clears every message' },
  'GET /api/export': { takes: [], does: 'writes every stored message', instead: 'to read some of them, GET /api/messages takes filters' },
  // ?replace=true was ignored: the file was added to the log it meant to replace.
  'POST /api/import': { takes: [], does: "adds the body's lines to the log", instead: 'to replace the log, DELETE /api/messages first' },
  'GET /api/activity': { takes: [] },
  'GET /api/clock': { takes: [] },
  'POST /api/clock': { takes: [], instead: 'the action goes in the JSON body, such as {"action":"advance","ms":60000}' },
  'GET /api/sessions': { takes: SESSION_QUERY_KEYS, noun: 'filter' },
  'GET /api/sessions/totals': { takes: SESSION_QUERY_KEYS, noun: 'filter' },
  'GET /api/sessions/settings': { takes: [] },
  'PUT /api/sessions/settings': { takes: [], instead: 'the settings go in the JSON body' },
  'GET /api/workspace': { takes: [] },
  'PUT /api/workspace': { takes: [], instead: 'the workspace goes in the JSON body' },
  ...MATCHING_ROUTES,
};

/** Messages read back and written per step of a streamed answer. */
const STREAM_CHUNK = 500;

/**
 * GET /api/messages as a stream: the JSON array is written a chunk of messages at a time, waiting
 * for the socket to drain, so a million stored messages can be read with bounded memory (one
 * string for all of them overflowed V8's string length). Matched entries carry their user-
 * matching outcome.
 */
async function streamMessages(res: ServerResponse, deps: AutomationApiDeps, positions: number[]): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  let first = true;
  const write = (text: string) => (res.write(text) ? Promise.resolve() : new Promise<void>((r) => res.once('drain', () => r())));
  await write('[');
  for (let i = 0; i < positions.length && !res.destroyed; i += STREAM_CHUNK) {
    const messages = await deps.store.getAt(positions.slice(i, i + STREAM_CHUNK));
    const seqs = messages.map((m) => m.seq);
    const outcomes = await deps.engine.call('matching.outcomes', { seqs });
    const forwards = await deps.engine.call('forward.outcomes', { seqs });
    let text = '';
    messages.forEach((m, j) => {
      const o = outcomes[j];
      const f = forwards[j];
      const entry = o ? { ...m, matching: { outcome: o.outcome, userId: o.userId, conflict: o.conflict } } : m;
      const out = f ? { ...entry, forward: f } : entry;
      // A message with a number JSON.parse rounds is written from its stored text, digits kept.
      text += (first ? '' : ',') + (out.messageJson === undefined ? JSON.stringify(out) : stringifyExact(withExactMessage(out)));
      first = false;
    });
    await write(text);
  }
  res.end(']');
}

/** A save the data dir refused: 500, saying which file and what to do (nothing was changed). */
export function sendSaveFailed(res: ServerResponse, e: SaveFailed): void {
  sendJson(res, 500, { error: e.message, code: e.code, file: e.file });
}

/** Runs a command; a failed one answers 400 with its message and where (500 when it could not be saved). */
async function answerCommand(res: ServerResponse, run: () => Promise<unknown>): Promise<void> {
  let result: unknown;
  try {
    result = await run();
  } catch (e) {
    if (e instanceof SaveFailed) return sendSaveFailed(res, e);
    const err = e as { message?: string; where?: string };
    return sendJson(res, 400, { error: err.message ?? String(e), ...(err.where ? { where: err.where } : {}) });
  }
  return sendJson(res, 200, result);
}

export async function handleAutomationApi(req: IncomingMessage, res: ServerResponse, pathname: string, query: string, deps: AutomationApiDeps): Promise<void> {
  const asked = req.method ?? 'GET';
  // HEAD is GET without the body (Node's response leaves it out): readiness checks (wget --spider, curl -I) ask with it.
  const method = asked === 'HEAD' ? 'GET' : asked;
  const route = `${method} ${pathname}`;
  const fail = (status: number, error: string, headers: Record<string, string> = {}) => sendJson(res, status, { error }, headers);
  const spec = ownValue(API_ROUTES, route) as RouteQuery | undefined;
  if (spec === undefined) return notARoute(req, res, asked, pathname);
  const undecodable = undecodableParamProblem(query);
  if (undecodable !== undefined) {
    req.resume();
    return fail(400, undecodable);
  }
  const params = new URLSearchParams(query);
  const unknown = unknownParamProblem(route, spec, params);
  if (unknown !== undefined) {
    req.resume();
    return fail(400, unknown);
  }
  // The access token is the server's (http-server.ts checked it), not a filter of the route's.
  if (params.has(TOKEN_PARAM)) {
    params.delete(TOKEN_PARAM);
    query = params.toString();
  }
  switch (route) {
    case 'GET /api/health': {
      const info = deps.info();
      // While the log loads at start-up: 200 (captures are taken), with how far the load is.
      const body = { version: info.version, receiverUrl: info.receiverUrl, messageCount: info.messageCount, storeWarnings: info.storeWarnings, ingest: info.ingest, ...(info.loading ? { loading: info.loading } : {}), ...(info.deriving ? { deriving: info.deriving } : {}) };
      // 503 while captures cannot be written: a health check that reads only the code sees it too.
      if (info.storeWriteFailure) {
        const f = info.storeWriteFailure;
        return sendJson(res, 503, { status: 'store-failing', error: `captures cannot be written since ${f.since}: ${f.message}`, storeWriteFailure: f, ...body });
      }
      // The log edited in place: the next capture is refused and its lines cannot be read, said before one is tried.
      const changed = deps.store.readProblem();
      if (changed !== undefined) return sendJson(res, 503, { status: 'store-failing', error: changed, ...body });
      return sendJson(res, 200, { status: 'ok', ...body });
    }
    case 'GET /api/messages': {
      const filter = parseMessageFilter(new URLSearchParams(query));
      if (typeof filter === 'string') return fail(400, filter);
      // With afterSeq, a page: the first `limit` after it (the newest would skip the rest when more
      // arrived, and the next page, after the last seq, would never list them). Without, the newest.
      const page = filter.afterSeq !== undefined ? filter.limit : undefined;
      let positions: number[];
      try {
        positions = await matchingPositions(deps.store, page !== undefined ? { ...filter, limit: undefined } : filter);
      } catch (e) {
        if (e instanceof RegexTooSlowError) return sendJson(res, 400, { error: e.message, where: e.where });
        throw e;
      }
      if (page !== undefined && positions.length > page) positions = positions.slice(0, page);
      // Said before the answer begins: a read that fails once it has, cuts it off.
      const unreadable = positions.length > 0 ? deps.store.readProblem() : undefined;
      if (unreadable !== undefined) return fail(503, unreadable);
      return streamMessages(res, deps, positions);
    }
    case 'GET /api/messages/wait': {
      const params = new URLSearchParams(query);
      const wait = takeWaitParams(params);
      if (typeof wait === 'string') return fail(400, wait);
      const filter = parseMessageFilter(params);
      if (typeof filter === 'string') return fail(400, filter);
      delete filter.limit;
      let answer: Awaited<ReturnType<typeof waitForMessages>>;
      try {
        answer = await waitForMessages(deps.store, filter, wait, deps.onIngest, req);
      } catch (e) {
        if (e instanceof RegexTooSlowError) return sendJson(res, 400, { error: e.message, where: e.where });
        throw e;
      }
      return sendJsonText(res, answer.status, stringifyWithExactMessages(answer.body));
    }
    case 'DELETE /api/messages': {
      // Counted by the clear itself: messages stored while it waited for the log are counted too.
      return sendJson(res, 200, await deps.engine.call('messages.clear', undefined));
    }
    case 'GET /api/export': {
      let stream: Readable;
      try {
        stream = await deps.store.exportStream();
      } catch (e) {
        if (e instanceof LogMoved) return fail(503, e.message);
        throw e;
      }
      res.writeHead(200, {
        'Content-Type': 'application/x-ndjson; charset=utf-8',
        'Content-Disposition': 'attachment; filename="eventbench-captures.ndjson"',
        'Cache-Control': 'no-store',
      });
      stream.on('error', () => res.destroy()).pipe(res);
      return;
    }
    case 'POST /api/import': {
      const contentType = req.headers['content-type'];
      const multipart = multipartFileProblem(contentType, 'file.ndjson');
      if (multipart !== undefined) {
        req.resume();
        return fail(400, multipart);
      }
      // Streamed: read, parse and stored a line at a time, so an export of any size comes back in.
      const encoding = contentEncodingOf(req);
      if (!['identity', '', 'gzip', 'x-gzip'].includes(encoding)) {
        req.resume();
        return fail(400, `Content-Encoding "${encoding}" is not supported; send the body as is or gzip it`);
      }
      // A request cut off mid-body fails the gunzip stream too, and a body the HTTP parser could
      // not read fails the stream (bodyChunks), so the import ends instead of waiting for a body
      // that never comes.
      const source = bodyChunks(req, !(encoding === 'identity' || encoding === ''));
      // Whether the body was one line, and why it was not imported: an export sent with curl -d
      // @file (its line breaks dropped) read as one bad line, answered 200 with nothing imported.
      let lastLine = 0;
      let firstLineError: string | undefined;
      async function* watched(lines: AsyncIterable<ImportLine>): AsyncGenerator<ImportLine> {
        for await (const line of lines) {
          lastLine = line.line;
          // A file not read as a whole (a ZIP archive, UTF-32) is not a file whose lines ran into one.
          if (line.line === 1 && line.kind === 'error' && !line.wholeFile) firstLineError = line.message;
          yield line;
        }
      }
      try {
        const result = await deps.importLines(watched(parseImportStream(gunzippedIfGzip(source))));
        const joined = lastLine === 1 && firstLineError !== undefined && result.imported === 0 ? joinedLinesProblem(contentType, 'file.ndjson', ` that could not be imported (${firstLineError}),`) : undefined;
        if (joined !== undefined) return sendJson(res, 400, { error: joined, ...result });
        return sendJson(res, 200, result);
      } catch (e) {
        // A full disk is the engine's trouble, not the file's: a 500, as the receiver answers it.
        if (e instanceof ImportWriteFailed) return sendJson(res, 500, { error: e.message, code: e.code, imported: e.imported, line: e.line });
        if (e instanceof ImportStopped) return sendJson(res, 400, { error: e.message, imported: e.imported, line: e.line });
        return fail(400, `the import stopped: ${(e as Error).message}`);
      }
    }
    case 'GET /api/activity':
      return sendJson(res, 200, await deps.engine.call('connect.activity', undefined));
    case 'GET /api/clock':
      return sendJson(res, 200, await deps.engine.call('clock.get', undefined));
    case 'POST /api/clock': {
      const body = await readJsonBody(req, res, SETTINGS_MAX_BYTES);
      if (body) return answerCommand(res, () => deps.engine.call('clock.act', body.value as ClockActionRequest));
      return;
    }
    case 'GET /api/sessions': {
      const q = parseSessionQuery(new URLSearchParams(query));
      if (typeof q === 'string') return fail(400, q);
      return sendJson(res, 200, await deps.engine.call('sessions.list', q));
    }
    case 'GET /api/sessions/totals': {
      const q = parseSessionQuery(new URLSearchParams(query));
      if (typeof q === 'string') return fail(400, q);
      return sendJson(res, 200, await deps.engine.call('sessions.totals', q));
    }
    case 'GET /api/workspace':
      return sendJson(res, 200, await deps.engine.call('workspace.get', undefined));
    case 'PUT /api/workspace': {
      const body = await readJsonBody(req, res, SETTINGS_MAX_BYTES);
      if (body) return answerCommand(res, () => deps.engine.call('workspace.save', body.value as Workspace));
      return;
    }
    case 'GET /api/sessions/settings':
      return sendJson(res, 200, await deps.engine.call('sessions.settings', undefined));
    case 'PUT /api/sessions/settings': {
      const body = await readJsonBody(req, res, SETTINGS_MAX_BYTES);
      if (body) return answerCommand(res, () => deps.engine.call('sessions.saveSettings', body.value as Partial<SessionsSettings>));
      return;
    }
  }
  if (await handleMatchingApi(req, res, route, query, deps.engine, sendSaveFailed)) return;
  // Listed in API_ROUTES but served by neither switch: a programming error, said as one.
  throw new Error(`${route} is listed in API_ROUTES but has no handler`);
}

/** 405 for a path served with another method, else 404; both list the routes. */
function notARoute(req: IncomingMessage, res: ServerResponse, asked: string, pathname: string): void {
  req.resume();
  const known = Object.keys(API_ROUTES);
  const samePath = known.filter((k) => k.endsWith(` ${pathname}`));
  if (samePath.length > 0) {
    const allowed = samePath.flatMap((k) => (k.startsWith('GET ') ? ['GET', 'HEAD'] : [k.split(' ')[0]]));
    return sendJson(res, 405, { error: `${asked} is not allowed on ${pathname}; use ${allowed.join(' or ')}` }, { Allow: allowed.join(', ') });
  }
  return sendJson(res, 404, { error: `no such API endpoint: ${asked} ${pathname}; see ${known.join(', ')}` });
}
