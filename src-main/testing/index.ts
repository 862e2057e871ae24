// `eventbench/testing`: a typed client for test suites (vitest, Jest, node:test, Playwright).
// startEventbench() runs an engine in this process on a free port with a throw-away data dir (no
// UI build needed), or talks to an already running `eventbench serve` through its URL. Every
// method is plain HTTP against the automation API, so both behave the same.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WAIT_MAX_COUNT, WAIT_MAX_MS, type ClientActivity, type ImportResult, type MessageFilter } from '../../src-shared/api';
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import { plural } from '../../src-shared/plural';
import { ABSENT_WIRE, decodeAbsent, expectedValueProblem, readKey, readKeys } from '../../src-shared/scenario/expected-value';
import { formatDiff, namedParts, type ScenarioResult } from '../../src-shared/scenario/report';
import { formatCount, MAX_NESTING_DEPTH } from '../../src-shared/tracking-api/limits';
import type { ClockActionRequest, ClockView } from '../../src-shared/sim-clock';
import type { SessionQuery, SessionView } from '../../src-shared/sessions/view';

export type { CapturedMessage, ClockView, ImportResult, JsonObject, MessageFilter, ScenarioResult, SessionView };
/**
 * Captures keep a client's write key masked (origin.writeKey, "abc…xyz") with this fingerprint
 * (origin.writeKeyFingerprint), never the key: compare a capture's source with it.
 */
export { writeKeyFingerprint } from '../store/write-key';

/**
 * "This field must be absent", in a match: `expectMessage({ event: 'Signed Up', properties: { plan: absent } })`
 * passes for a message whose properties have no `plan` and fails, naming it, for one that has any.
 * Sent to the engine as `{"$absent": true}` (JSON cannot carry `undefined`, which a match refuses:
 * there it is most often a fixture's missing value, and JSON would leave the field out). Only as a
 * field's value: an array's element or the whole match has no key to be absent.
 */
export const absent: Readonly<{ $absent: true }> = ABSENT_WIRE;

export interface StartOptions {
  /** Port for the in-process engine (default 0: a free one). */
  port?: number;
  /** Keep captures here instead of a throw-away folder (kept after close). */
  dataDir?: string;
  /**
   * Use an already running `eventbench serve` instead of starting one, e.g. http://127.0.0.1:8787,
   * or the URL it printed with its access token (…/?token=…).
   */
  url?: string;
  /**
   * With `url`: the access token of a serve bound beyond loopback (`--host 0.0.0.0`, `--token`),
   * sent as `Authorization: Bearer`. Default: the url's `?token=`, else `$EVENTBENCH_TOKEN`.
   */
  token?: string;
}

export interface WaitOptions {
  /**
   * How long to wait for it (default 3000 ms: less than Jest's and vitest's 5 s test timeout, so a
   * missing message fails the test with the diff, not with the runner's "timed out").
   */
  timeoutMs?: number;
  /** Other filters, as /api/messages takes them (type, event, userId, endpoint...). */
  filter?: Omit<MessageFilter, 'match' | 'limit'>;
  /** Wait for at least this many (default 1). */
  count?: number;
}

export interface Eventbench {
  /** Base URL: the `host` for analytics-node, the receiver for any Segment client. */
  readonly url: string;
  /**
   * Between tests: empties the capture log and puts the simulation clock back to live (a clock a
   * test paused or moved stamped the next test's messages with its time).
   */
  reset(): Promise<void>;
  /** Captured messages, oldest first. */
  messages(filter?: MessageFilter): Promise<CapturedMessage[]>;
  /**
   * Resolves with the first captured message containing `match` (objects by subset, arrays by
   * element, strings exact or "/regex/") as soon as it arrives; throws a readable diff against
   * the nearest captured messages after timeoutMs.
   */
  expectMessage(match: JsonObject, options?: WaitOptions): Promise<CapturedMessage>;
  /** All of them once `count` have arrived. */
  expectMessages(match: JsonObject, options: WaitOptions & { count: number }): Promise<CapturedMessage[]>;
  /** Throws if a message containing `match` arrives (or is there) within settleMs. */
  expectNoMessage(match: JsonObject, options?: { settleMs?: number; filter?: WaitOptions['filter'] }): Promise<void>;
  /**
   * Adds users to the Product Fruits user directory (POST /api/users/import): a list of objects
   * (id, username, email, other properties), or a CSV or JSON text as a customer exports it.
   * `replace: true` empties the starting directory first. Bad rows are in `errors` by line, as in
   * the app; the good ones are imported. Matching re-derives the directory from them and the log:
   * reset() empties the log (the users messages created go), not the imported users: use `replace`.
   */
  importUsers(users: JsonObject[] | string, options?: { replace?: boolean }): Promise<ImportResult>;
  /** The user directory as matching left it (GET /api/users). */
  users(): Promise<JsonObject[]>;
  /** Product Fruits matching decisions (GET /api/matching). */
  matching(query?: { outcome?: string; userId?: string; involving?: string; seq?: number; limit?: number }): Promise<JsonObject[]>;
  /** Freshsuccess sessions (GET /api/sessions). */
  sessions(query?: SessionQuery): Promise<SessionView[]>;
  /** The simulation clock. */
  readonly clock: {
    get(): Promise<ClockView>;
    pause(): Promise<ClockView>;
    live(): Promise<ClockView>;
    run(speed: number | 'max'): Promise<ClockView>;
    advance(ms: number): Promise<ClockView>;
    set(to: string | number): Promise<ClockView>;
    nextTimeout(): Promise<ClockView>;
  };
  /**
   * Stops the in-process engine and removes its throw-away data dir (for a URL, the server keeps
   * running). Calling it again is harmless; any other call after it throws.
   */
  close(): Promise<void>;
}

export class EventbenchAssertionError extends Error {
  constructor(
    message: string,
    /**
     * expectMessage(s): the captured messages closest to the expectation, closest first (the
     * message's diff is against the first). expectNoMessage: the ones that should not be there.
     */
    readonly nearest: CapturedMessage[],
  ) {
    super(message);
    this.name = 'EventbenchAssertionError';
  }
}

/**
 * Throw-away data dirs of benches not closed yet. A bench that is never closed (a test that threw
 * before close(), a script that ends without it) left its eventbench-testing-* folder in the temp
 * dir for good; the process's exit removes what is left (one listener for all benches).
 */
const openDataDirs = new Set<string>();
function removeOpenDataDirs(): void {
  for (const dir of openDataDirs) rmSync(dir, { recursive: true, force: true });
  openDataDirs.clear();
}
/**
 * vitest ends its worker processes with SIGTERM, where no 'exit' event comes. On a signal the
 * dirs go too; if this was the signal's only listener, the signal is raised again so the process
 * ends by it as it would have without one.
 */
const ENDING_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
function onEndingSignal(signal: NodeJS.Signals): void {
  removeOpenDataDirs();
  unwatchExit();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}
function watchExit(): void {
  process.once('exit', removeOpenDataDirs);
  for (const s of ENDING_SIGNALS) process.once(s, onEndingSignal);
}
function unwatchExit(): void {
  process.off('exit', removeOpenDataDirs);
  for (const s of ENDING_SIGNALS) process.off(s, onEndingSignal);
}

/** The client's own wait (the endpoint's is 5,000 ms): inside a test runner's default 5 s. */
const DEFAULT_TIMEOUT_MS = 3000;

function query(filter: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined) p.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  return p.toString();
}

/** The longest request path sent: the engine reads 16 KB of a request's headers (431 past them). */
const MAX_PATH = 15_000;

/**
 * The path, or an error in the test's words when it is too long to send: a match comparing a long
 * text read "answered 431: the request headers are larger than the 16 KB this server reads".
 */
function sendable(call: string, path: string): string {
  if (path.length <= MAX_PATH) return path;
  throw new Error(`eventbench: ${call}: the match and filter are ${path.length} characters as a URL, past the ${MAX_PATH} a request's URL may hold here (the engine reads 16 KB of its headers): match fewer fields, or part of a long value as a /regex/ (such as "/^Dear customer,/")`);
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new Error(`eventbench answered ${res.status} with something that is not JSON: ${text.slice(0, 200)}`);
  }
}

async function forget(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  openDataDirs.delete(dir);
  if (openDataDirs.size === 0) unwatchExit();
}

export async function startEventbench(options: StartOptions = {}): Promise<Eventbench> {
  let url: string;
  let stop: () => Promise<void> = async () => undefined;
  const auth: Record<string, string> = {};
  if (options.url) {
    let given: URL;
    try {
      given = new URL(options.url);
    } catch {
      throw new Error(`startEventbench: url must be an absolute URL such as http://127.0.0.1:8787, not ${JSON.stringify(options.url)}`);
    }
    // The URL `eventbench serve` prints beyond loopback carries the token: the API wants it as a header.
    const token = options.token ?? given.searchParams.get('token') ?? (process.env.EVENTBENCH_TOKEN || undefined);
    if (token) auth.authorization = `Bearer ${token}`;
    given.search = '';
    given.hash = '';
    url = given.href.replace(/\/+$/, '');
    const health = await fetch(`${url}/api/health`, { headers: auth }).catch((e: Error) => {
      throw new Error(`no eventbench answers at ${url} (${e.message}); start one with \`npx eventbench serve\``);
    });
    if (health.status === 401) {
      throw new Error(
        token
          ? `${url} did not take the access token given (401): pass the one \`eventbench serve\` printed (…/?token=…) or was given (--token, $EVENTBENCH_TOKEN)`
          : `${url} wants its access token (401): pass startEventbench({ url, token }), or the URL \`eventbench serve\` printed (…/?token=…)`,
      );
    }
    // 503 is eventbench failing to write its log (disk full): still eventbench, and it says why.
    const healthBody = (await health.json().catch(() => null)) as { status?: string } | null;
    if (!health.ok && healthBody?.status !== 'store-failing') throw new Error(`${url}/api/health answered ${health.status}: is this eventbench?`);
  } else {
    // Imported here, so a client of a running server never loads the engine.
    const { createEngine } = await import('../engine');
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'eventbench-testing-')));
    if (!options.dataDir) {
      if (openDataDirs.size === 0) watchExit();
      openDataDirs.add(dataDir);
    }
    const engine = await createEngine({ dataDir, port: options.port ?? 0, shell: 'test', log: () => undefined }).catch(async (e: unknown) => {
      if (!options.dataDir) await forget(dataDir);
      throw e;
    });
    url = engine.url;
    stop = async () => {
      await engine.close();
      if (!options.dataDir) await forget(dataDir);
    };
  }

  let closing: Promise<void> | undefined;
  /** `doing`: what the test was doing, for the error when the server does not answer (default: the request). */
  /** A string body goes as it is (a CSV); anything else as JSON. */
  const api = async <T>(method: string, path: string, body?: unknown, doing = `${method} ${path}`): Promise<{ status: number; body: T }> => {
    // After close() the port may already be another engine's (or nothing's: "fetch failed").
    if (closing) throw new Error('eventbench: this Eventbench was closed (close() was called); start another with startEventbench()');
    try {
      const text = typeof body === 'string';
      const headers = body === undefined ? auth : { ...auth, 'content-type': text ? 'text/plain; charset=utf-8' : 'application/json' };
      const res = await fetch(`${url}${path}`, { method, headers, body: body === undefined ? undefined : text ? body : JSON.stringify(body) });
      return { status: res.status, body: await json<T>(res) };
    } catch (e) {
      // fetch's network failure ("fetch failed", the reason in its cause). By name: under Jest,
      // fetch is the outer realm's, and its TypeError is not the test context's.
      if ((e as Error | undefined)?.name !== 'TypeError') throw e;
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = [cause?.code, cause?.message].filter(Boolean).join(': ');
      throw new Error(`eventbench: ${doing}: no answer from ${url} (${why || (e as Error).message}); is the engine still running?`, { cause: e });
    }
  };
  /**
   * The answer's body, or an error in the words of the call the test made and of the engine's
   * answer: "POST /api/clock answered 400" named a request the test never wrote. `explain` words
   * the engine's error for the test (the call it writes, the next step it can take).
   */
  const ok = async <T>(call: string, method: string, path: string, body?: unknown, explain: (error: string) => string = (e) => e): Promise<T> => {
    const r = await api<T & { error?: string }>(method, path, body);
    if (r.status < 400) return r.body;
    const error = (r.body as { error?: unknown }).error;
    if (typeof error !== 'string') throw new Error(`eventbench: ${call}: ${method} ${path} answered ${r.status}: ${JSON.stringify(r.body).slice(0, 200)}`);
    throw new Error(`eventbench: ${call}: ${explain(error)}`);
  };
  const clockAct = (call: string, a: ClockActionRequest, whatToDo?: (error: string) => string | undefined) =>
    ok<ClockView>(`clock.${call}`, 'POST', '/api/clock', a, (error) => {
      const next = whatToDo?.(error);
      return `${clockCallTerms(error)}${next ? `; ${next}` : ''}`;
    });
  /** When the bench started or was last reset(): refusals before it are another test's. */
  let since = Date.now();
  /** The requests the receiver refused since then (they leave no capture): for a failed wait's message. */
  const refusals = async (): Promise<string> => {
    const r = await api<ClientActivity[]>('GET', '/api/activity').catch(() => undefined);
    if (r?.status !== 200 || !Array.isArray(r.body)) return ''; // a server from before /api/activity
    const refused = r.body.filter((a) => a.kind === 'refused' && Date.parse(a.at) >= since);
    if (refused.length === 0) return '';
    const lines = refused.slice(-5).map((a) => `  ${new Date(a.at).toTimeString().slice(0, 8)} POST ${a.endpoint} ${a.status} from ${a.client ?? a.from}: ${a.reason}`);
    return `\nThe receiver refused ${plural(refused.length, 'request')} since the last reset() (nothing of them is captured):\n${lines.join('\n')}`;
  };

  const waitFor = async (call: string, match: JsonObject, o: WaitOptions = {}): Promise<CapturedMessage[]> => {
    const count = o.count ?? 1;
    const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const r = await api<CapturedMessage[] | { error: string; matched: CapturedMessage[]; nearMisses: (CapturedMessage & { differences: string[] })[] }>('GET', sendable(call, `/api/messages/wait?${query({ ...o.filter, match, count, timeoutMs })}`), undefined, `waiting for ${count === 1 ? 'a message' : plural(count, 'message')} containing ${JSON.stringify(match)}`);
    if (r.status === 200) return r.body as CapturedMessage[];
    if (r.status !== 408) throw new Error(`eventbench: ${call}: ${(r.body as { error?: string }).error ?? `the wait answered ${r.status}`}`);
    const b = r.body as { error: string; matched: CapturedMessage[]; nearMisses: (CapturedMessage & { differences: string[] })[] };
    const shown: string[] = [];
    if (b.matched.length > 0) shown.push(`${b.matched.length} of the ${count} expected arrived: ${b.matched.map((m) => `#${m.seq}`).join(', ')}`);
    const nearest = b.nearMisses[0];
    // `absent` fields as the comparison reads them (undefined): "(missing)" beside the message's value, no difference when it has none.
    const decoded = decodeAbsent(match, 'match');
    const shape = 'value' in decoded ? decoded.value : match;
    if (nearest) shown.push(`Expected (partial) vs the nearest captured message #${nearest.seq}:\n${formatDiff(shape, namedParts(nearest.message, shape))}`);
    const filtered = Object.values(o.filter ?? {}).some((v) => v !== undefined);
    if (shown.length === 0) shown.push(filtered ? `Nothing captured passed the filter ${JSON.stringify(o.filter)}.` : `Nothing was captured at ${url}.`);
    const refused = await refusals();
    if (refused) shown.push(refused.slice(1));
    const nearMisses = b.nearMisses.map(({ differences: _, ...capture }) => capture as CapturedMessage);
    throw new EventbenchAssertionError(`expected ${count === 1 ? 'a message' : plural(count, 'message')} containing ${JSON.stringify(match)} within ${timeoutMs} ms: ${b.error}\n${shown.join('\n')}`, nearMisses);
  };

  return {
    url,
    reset: async () => {
      since = Date.now();
      await ok('reset', 'DELETE', '/api/messages');
      await ok<ClockView>('reset', 'POST', '/api/clock', { action: 'live' });
    },
    messages: async (filter = {}) => {
      refuseUndefinedFilter('messages', filter);
      return ok<CapturedMessage[]>('messages', 'GET', sendable('messages', `/api/messages?${query({ ...filter })}`));
    },
    expectMessage: async (match, o) => {
      refuseUndefined('expectMessage', match);
      refuseUndefinedFilter('expectMessage', o?.filter);
      refuseBadWait('expectMessage', { timeoutMs: o?.timeoutMs });
      return (await waitFor('expectMessage', match, { ...o, count: 1 }))[0];
    },
    expectMessages: async (match, o) => {
      refuseUndefined('expectMessages', match);
      refuseUndefinedFilter('expectMessages', o?.filter);
      refuseBadWait('expectMessages', { count: o?.count, timeoutMs: o?.timeoutMs });
      return waitFor('expectMessages', match, o);
    },
    expectNoMessage: async (match, o = {}) => {
      refuseUndefined('expectNoMessage', match);
      refuseUndefinedFilter('expectNoMessage', o.filter);
      refuseBadWait('expectNoMessage', { settleMs: o.settleMs });
      const settleMs = o.settleMs ?? 500;
      const r = await api<{ error?: string; matched?: CapturedMessage[] }>('GET', sendable('expectNoMessage', `/api/messages/wait?${query({ ...o.filter, match, count: 0, settleMs })}`), undefined, `watching for no message containing ${JSON.stringify(match)}`);
      if (r.status === 200) return;
      if (r.status === 409) {
        // Name the culprits and show them (the first three, each cut at 500 characters), not only a seq.
        const culprits = r.body.matched ?? [];
        const shown = culprits.slice(0, 3).map((c) => {
          const text = JSON.stringify(c.message);
          return `#${c.seq} ${text.length > 500 ? `${text.slice(0, 500)}…` : text}`;
        });
        const more = culprits.length > 3 ? `\n(and ${formatCount(culprits.length - 3)} more)` : '';
        throw new EventbenchAssertionError(`expected no message containing ${JSON.stringify(match)} within ${settleMs} ms, but ${plural(culprits.length, 'captured message')} ${culprits.length === 1 ? 'has' : 'have'} it: ${shown.join('\n')}${more}`, culprits);
      }
      throw new Error(`eventbench: expectNoMessage: ${r.body.error ?? `the wait answered ${r.status}`}`);
    },
    importUsers: async (users, options = {}) => {
      if (typeof users !== 'string' && !Array.isArray(users)) throw new TypeError(`importUsers: expected a list of users or a CSV/JSON text, not ${users === null ? 'null' : typeof users}`);
      return ok<ImportResult>('importUsers', 'POST', `/api/users/import${options.replace ? '?replace=true' : ''}`, typeof users === 'string' ? users : JSON.stringify(users));
    },
    users: () => ok<JsonObject[]>('users', 'GET', '/api/users'),
    matching: async (q = {}) => {
      refuseUndefinedFilter('matching', q);
      return ok<JsonObject[]>('matching', 'GET', `/api/matching?${query(q)}`);
    },
    sessions: async (q = {}) => {
      refuseUndefinedFilter('sessions', q);
      return ok<SessionView[]>('sessions', 'GET', `/api/sessions?${query({ ...q })}`);
    },
    clock: {
      get: () => ok<ClockView>('clock.get', 'GET', '/api/clock'),
      pause: () => clockAct('pause', { action: 'pause' }),
      live: () => clockAct('live', { action: 'live' }),
      run: (speed) => clockAct('run', { action: 'run', speed }),
      advance: (ms) => clockAct('advance', { action: 'advance', ms }),
      set: (to) => clockAct('set', { action: 'set', to }),
      // The engine says there is none ("no open session is waiting to time out"): what opens one, and where to look.
      nextTimeout: () =>
        clockAct('nextTimeout', { action: 'nextTimeout' }, (error) =>
          error.startsWith('no open session') ? 'a session opens with a message that has an anonymousId or a userId: send one first, or see which are open with bench.sessions({ state: \'open\' })' : undefined,
        ),
    },
    close: () => (closing ??= stop()),
  };
}

/**
 * Where `match` holds undefined (`{ userId: user.id }` with a user that has no id): JSON leaves the
 * field out, so the wait would accept any value there and the test pass on the wrong message.
 */
function undefinedIn(value: unknown, path: string, within: object[] = []): string | undefined {
  if (value === undefined) return path;
  if (!value || typeof value !== 'object') return undefined;
  // A cycle is not walked again (it overflowed the stack), nor a nest deeper than a message, nor
  // what cannot be read (a getter or a Proxy that throws): expectedValueProblem names each.
  if (within.includes(value) || within.length >= MAX_NESTING_DEPTH) return undefined;
  const keys = readKeys(value);
  if ('why' in keys) return undefined;
  const inArray = Array.isArray(value);
  for (const k of keys.keys) {
    const v = readKey(value, k);
    const found = 'why' in v ? undefined : undefinedIn(v.value, inArray ? `${path}[${k}]` : `${path}.${k}`, [...within, value]);
    if (found) return found;
  }
  return undefined;
}

function refuseUndefined(call: string, match: JsonObject): void {
  // Tests in plain JavaScript pass anything: say what a match is, before any request.
  if (match === null || typeof match !== 'object' || Array.isArray(match)) {
    const got = typeof match === 'string' ? `the text ${JSON.stringify(match)}` : match === null ? 'null' : Array.isArray(match) ? 'an array' : `the ${typeof match} ${String(match)}`;
    throw new Error(`eventbench: ${call}: match must be an object of the fields expected, such as { event: 'Signed Up' }, not ${got}`);
  }
  const at = undefinedIn(match, 'match');
  if (at) throw new Error(`eventbench: ${call}: ${at} is undefined, which JSON leaves out, so any ${at.replace(/^.*[.\]]/, '').replace(/^match$/, 'message') || 'value'} would match: give the value expected, leave the field out to accept any${at.endsWith(']') ? '' : ', or write \`absent\` (from eventbench/testing) to require it missing'}`);
  // A function or a symbol JSON leaves out too (any value matched); a BigInt or a cycle made
  // JSON.stringify throw its own words; a RegExp or a Map object, written {}, matched any object.
  // A Date is sent as its ISO text, which the message's timestamp is compared with.
  const problem = expectedValueProblem(match, 'match', true, true);
  if (problem) throw new Error(`eventbench: ${call}: ${problem}`);
}

/**
 * A wait's count and times, refused in the test's own words before any request: the wait API's
 * answer named query parameters ("count=0 … give settleMs") the test never wrote.
 */
function refuseBadWait(call: string, o: { count?: number; timeoutMs?: number; settleMs?: number }): void {
  if (o.count === 0) throw new Error(`eventbench: ${call}: count 0 asks that no message arrives: call expectNoMessage(match, { settleMs }) for that`);
  if (o.count !== undefined && !(Number.isInteger(o.count) && o.count > 0 && o.count <= WAIT_MAX_COUNT)) throw new Error(`eventbench: ${call}: count must be a whole number of messages from 1 to ${WAIT_MAX_COUNT}, not ${String(o.count)}`);
  for (const key of ['timeoutMs', 'settleMs'] as const) {
    const v = o[key];
    if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= WAIT_MAX_MS)) throw new Error(`eventbench: ${call}: ${key} must be a whole number of milliseconds from 0 to ${WAIT_MAX_MS}, not ${String(v)}`);
  }
}

/**
 * Where a filter holds undefined (`{ userId: user.id }` with a user that has no id): the query
 * leaves the field out, so the call took any userId, and a test passed on another user's message.
 */
function refuseUndefinedFilter(call: string, filter: object | undefined): void {
  const at = filter === undefined ? undefined : undefinedIn(filter, 'filter');
  if (at) throw new Error(`eventbench: ${call}: ${at} is undefined, which matches nothing useful: the filter would be left out and any ${at.replace(/^.*[.\]]/, '')} accepted; give the value expected, or leave the field out`);
  const problem = filter === undefined ? undefined : expectedValueProblem(filter, 'filter', true, true);
  if (problem) throw new Error(`eventbench: ${call}: ${problem}`);
}

/** What runScenarios gives: every result, whether all passed, and the report `eventbench run` prints. */
export interface ScenarioRun {
  passed: boolean;
  results: ScenarioResult[];
  /** The pretty report: each scenario, each failed step with its expected vs actual diff. */
  report: string;
}

/**
 * Runs scenario files, folders or globs as `eventbench run` does: each file in an engine of its
 * own (in this process, a free port, a throw-away data dir), so a scenario's settings, users and
 * webhooks never reach a bench or another file. Resolves with the results whatever they are.
 */
export async function runScenarios(paths: string | readonly string[]): Promise<ScenarioRun> {
  const list = typeof paths === 'string' ? [paths] : [...paths];
  if (list.length === 0) throw new TypeError('runScenarios: give at least one scenario file, folder or glob');
  // Imported here, as the engine is: a client of a running server never loads it.
  const [{ runScenarioFiles }, { reportPretty }] = await Promise.all([import('../cli/run'), import('../replay/reporters')]);
  const results = await runScenarioFiles(list);
  return { passed: results.every((r) => r.passed), results, report: reportPretty(results) };
}

/** runScenarios, throwing an EventbenchAssertionError with the report when one fails or is invalid. */
export async function expectScenarios(paths: string | readonly string[]): Promise<ScenarioRun> {
  const run = await runScenarios(paths);
  if (!run.passed) throw new EventbenchAssertionError(`eventbench: scenarios failed\n${run.report}`, []);
  return run;
}

/**
 * The engine's clock refusals name the raw API's form (advance(-5): 'to move it back, use
 * {"action":"set","to":…}'), which a test does not write: here, the call it writes instead.
 */
function clockCallTerms(error: string): string {
  return error.replace('{"action":"set","to":…}', 'bench.clock.set(…)');
}
