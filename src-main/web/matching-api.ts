// The automation API's user-matching routes (documented in the README):
//   GET /api/users?q=&sort=&limit=, POST /api/users/import (JSON array or CSV body),
//   DELETE /api/users, GET /api/matching?outcome=&userId=&involving=&carried=&seq=&afterSeq=&conflict=&limit=,
//   GET|PUT /api/matching/settings.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EngineApi } from '../../src-shared/api';
import type { DecisionDetail, DecisionQuery, UsersQuery } from '../../src-shared/matching/api-types';
import type { DirectoryUser, MatchOutcome } from '../../src-shared/matching/types';
import { changeWithExactValues, userWithExactProperties } from '../../src-shared/matching/exact-values';
import { stringifyExact } from '../../src-shared/exact-json';
import { joinedLinesProblem, multipartFileProblem, readBody, readJsonBody, sendJson, sendJsonText, tooLargeText } from '../receiver/http-util';
import { shownValue } from '../../src-shared/shown-value';
import { SaveFailed } from '../store/json-file';
import { decodeTextFile } from '../../src-shared/text-encoding';
import type { RouteQuery } from './route-query';

const USERS_IMPORT_MAX_BYTES = 256 * 1024 * 1024;
const SETTINGS_MAX_BYTES = 64 * 1024;

/**
 * The route's parameters, each read by its parser. Only `keys`' own are read: the route table
 * (MATCHING_ROUTES' takes are these keys; route-query.ts) refused any other, naming it, before
 * the route ran.
 */
function parseQuery<T>(query: string, keys: Record<string, (v: string) => unknown>): T | string {
  const params = new URLSearchParams(query);
  const out: Record<string, unknown> = {};
  for (const [key, parse] of Object.entries(keys)) {
    const values = params.getAll(key);
    if (values.length === 0) continue;
    // ?outcome=created&outcome=unmatched kept the last one without a word (/api/messages refuses it).
    if (values.length > 1) return `${key} is given more than once; give it once (parameters combine with AND, one value each)`;
    const v = parse(values[0]);
    if (v instanceof Error) return v.message;
    out[key] = v;
  }
  return out as T;
}

/**
 * Digits past 2^53 are taken as 2^53 - 1 (limit=99…9: all; afterSeq=99…9: none after it), on every
 * route: read as they were (Infinity, 1e+23), the commands refused them as no whole number, and
 * GET /api/sessions?limit=99…9 answered 500 "internal error".
 */
const digits = (v: string) => Math.min(Number(v), Number.MAX_SAFE_INTEGER);
export const positive = (name: string) => (v: string) => (/^\d+$/.test(v) && Number(v) >= 1 ? digits(v) : new Error(`${name} must be a positive whole number, not "${v}"`));
/** afterSeq=0 is where a pager starts (all of them), as /api/messages takes it. */
export const whole = (name: string) => (v: string) => (/^\d+$/.test(v) ? digits(v) : new Error(`${name} must be a whole number, not "${v}"`));
const bool = (name: string) => (v: string) => (v === 'true' ? true : v === 'false' ? false : new Error(`${name} must be true or false, not "${v}"`));
const text = (v: string) => v;

const USERS_PARAMS = { q: text, sort: text, descending: bool('descending'), limit: positive('limit') };
const USERS_IMPORT_PARAMS = { replace: bool('replace') };
const DECISION_PARAMS = { outcome: (v: string) => v as MatchOutcome, userId: text, involving: text, carried: text, seq: positive('seq'), afterSeq: whole('afterSeq'), conflict: bool('conflict'), limit: positive('limit') };

/** The matching routes and what each takes in its query string (checked before the route runs: route-query.ts). */
export const MATCHING_ROUTES: Readonly<Record<string, RouteQuery>> = {
  'GET /api/users': { takes: Object.keys(USERS_PARAMS) },
  'GET /api/users/starting': { takes: [] },
  'POST /api/users/import': { takes: Object.keys(USERS_IMPORT_PARAMS) },
  // ?id=u1 removed every starting user.
  'DELETE /api/users': { takes: [], does: 'removes every starting user' },
  'GET /api/matching': { takes: Object.keys(DECISION_PARAMS) },
  'GET /api/matching/settings': { takes: [] },
  'PUT /api/matching/settings': { takes: [] },
};

/** Handles a matching route; false when the route is not one of them. */
export async function handleMatchingApi(req: IncomingMessage, res: ServerResponse, route: string, query: string, engine: EngineApi, saveFailed: (res: ServerResponse, e: SaveFailed) => void): Promise<boolean> {
  const fail = (status: number, error: string) => sendJson(res, status, { error });
  // Bad input (MatchingInputError carries `where`) is the caller's fault: 400 naming it.
  // `exact`: the answer as JSON with the client's digits, where the contract carries them as text (exact-values.ts).
  const run = async (f: () => Promise<unknown>, exact?: (answer: never) => unknown) => {
    try {
      const answer = await f();
      if (exact) sendJsonText(res, 200, stringifyExact(exact(answer as never)));
      else sendJson(res, 200, answer);
    } catch (e) {
      const err = e as Error & { where?: string };
      if (e instanceof SaveFailed) saveFailed(res, e);
      else if (typeof err.where === 'string') fail(400, err.message);
      else throw e;
    }
  };
  const body = async (limit: number, decode: (bytes: Buffer) => string = (bytes) => bytes.toString('utf8')) => {
    const b = await readBody(req, limit, (bytes) => tooLargeText('the body', bytes, limit));
    if (!b.ok) {
      fail(b.status, b.error);
      return undefined;
    }
    try {
      return decode(b.bytes);
    } catch (e) {
      fail(400, (e as Error).message);
      return undefined;
    }
  };
  switch (route) {
    case 'GET /api/users': {
      const q = parseQuery<UsersQuery>(query, USERS_PARAMS);
      if (typeof q === 'string') return fail(400, q), true;
      await run(async () => (await engine.call('users.list', { limit: Number.MAX_SAFE_INTEGER, ...q })).users, (users: DirectoryUser[]) => users.map(userWithExactProperties));
      return true;
    }
    case 'GET /api/users/starting': {
      // The users before any message, as POST /api/users/import takes them back: what reproduces the
      // decisions on another engine with the capture log (GET /api/users is the directory as matching left it).
      sendJsonText(res, 200, await engine.call('users.export', { format: 'json', directory: 'starting' }));
      return true;
    }
    case 'POST /api/users/import': {
      const q = parseQuery<{ replace?: boolean }>(query, USERS_IMPORT_PARAMS);
      if (typeof q === 'string') return fail(400, q), true;
      // A file as the Import users dialog reads it: UTF-8, or UTF-16 as Excel saves "Unicode Text"
      // (read as UTF-8, its NULs gave "neither a username nor an email" on every row); UTF-32 is named.
      const contentType = req.headers['content-type'];
      const multipart = multipartFileProblem(contentType, 'users.csv');
      if (multipart !== undefined) return req.resume(), fail(400, multipart), true;
      const t = await body(USERS_IMPORT_MAX_BYTES, decodeTextFile);
      if (t === undefined) return true;
      // A CSV sent with curl -d @users.csv is its lines run into one: a header with no rows, which
      // imported nothing without a word (and with ?replace=true emptied the directory). A JSON
      // array keeps its meaning without line breaks.
      const oneLine = t.trim();
      const joined = oneLine !== '' && !/[\r\n]/.test(oneLine) && !/^[[{]/.test(oneLine) ? joinedLinesProblem(contentType, 'users.csv', `, ${shownValue(oneLine)},`) : undefined;
      if (joined !== undefined) return fail(400, joined), true;
      await run(() => engine.call('users.import', { text: t, replace: q.replace }));
      return true;
    }
    case 'DELETE /api/users':
      await run(() => engine.call('users.clear', undefined));
      return true;
    case 'GET /api/matching': {
      const q = parseQuery<DecisionQuery>(query, DECISION_PARAMS);
      if (typeof q === 'string') return fail(400, q), true;
      await run(
        async () => (await engine.call('matching.decisions', q)).decisions,
        (decisions: DecisionDetail[]) => decisions.map((d) => ({ ...d, changes: d.changes.map(changeWithExactValues) })),
      );
      return true;
    }
    case 'GET /api/matching/settings':
      await run(async () => (await engine.call('matching.status', undefined)).settings);
      return true;
    case 'PUT /api/matching/settings': {
      const patch = await readJsonBody(req, res, SETTINGS_MAX_BYTES);
      if (patch !== undefined) await run(() => engine.call('matching.setSettings', patch.value as never));
      return true;
    }
  }
  return false;
}
