// Runs a scenario against an engine as a real client would: sends go to its receiver over HTTP
// (Tracking API with Basic auth, webhooks signed as Segment signs), or through its Segment
// sender; clock steps drive its simulation clock; expectations read what the engine reports.
// The clock is paused at the scenario's start, so a run never waits for real time and the same
// file gives the same result every run.
import { plural } from '../../src-shared/plural';
import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Delivery, EngineApi, SendTarget } from '../../src-shared/api';
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import type { DirectoryUser, MatchingSettings } from '../../src-shared/matching/types';
import { exampleMessage, findEvent, getProfile, listEvents, type ProfileId } from '../../src-shared/catalogs';
import { CALL_TYPES } from '../../src-shared/capture';
import { holdsExactNumbers, mayHoldLossyNumber, parseExact, stringifyExact, textOf } from '../../src-shared/exact-json';
import { deliveryWhy, earlierMatchingNote, expectConflicts, expectDelivery, filterAsMatch, expectDropReasons, expectFindings, expectMessages, expectSession, expectSessionCounts } from '../../src-shared/scenario/expect';
import { decodeAbsent, shownValue } from '../../src-shared/scenario/expected-value';
import { matchesPartial, nearestMisses, nearestUsers } from '../../src-shared/scenario/match';
import { filterWithRegexTimeLimit, withRegexTimeLimit } from '../web/regex-time-limit';
import { ownValue, setOwn } from '../../src-shared/own-property';
import { formatDiff, namedParts, type ExpectationResult, type ScenarioResult, type StepResult } from '../../src-shared/scenario/report';
import { SeededIds, seedOf } from '../../src-shared/scenario/template';
import type { ExpectSpec, FlatStep, PlayableScenario, Scenario, SendSpec, StepHead } from '../../src-shared/scenario/types';
import type { SessionView } from '../../src-shared/sessions/view';
import { canonicalInlineUser } from '../../src-shared/scenario/inline-users';
import { httpPost } from './http-client';
import { notRegularFile } from './regular-file';

export const SCENARIO_WRITE_KEY = 'scenario_write_key';
/**
 * How long a `via: sender` step waits for its delivery to end. The sender ends each one itself; this
 * is only a net for one that never does, so it outlasts the sender's slowest failure: analytics-node
 * tries an unreachable host 4 times, each up to its 10 s timeout, with 1-2, 2-4 and 4-8 s of backoff
 * between (54 s at most; a webhook target, 4 tries of 5 s, 24 s). It was 15 s, under the 7-14 s a
 * refused connection takes on a busy machine, and far under a host that never answers.
 */
const DELIVERY_WAIT_MS = 120_000;

export interface RunTarget {
  /** The engine's commands and events. */
  api: EngineApi;
  /** The engine's base URL: sends go to its receiver, expectations read its automation API. */
  url: string;
  /** The engine's access token, when its API needs one (bound beyond loopback). */
  accessToken?: string;
}

/** A request to the engine's automation API, with its access token when it has one. */
function apiFetch(target: RunTarget, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (target.accessToken !== undefined) headers.set('authorization', `Bearer ${target.accessToken}`);
  return fetch(`${target.url}${path}`, { ...init, headers });
}

export interface RunOptions {
  /** Where `users: {file}` paths are resolved (the scenario file's folder). */
  baseDir?: string;
  /**
   * The app's runs: a users file must lie in baseDir, and a scenario given as text without its
   * folder reads none. Any client of the engine (with --host 0.0.0.0, anyone holding the token)
   * starts scenarios, and users.file would read any CSV or JSON file on this machine into /api/users.
   */
  confineFiles?: boolean;
  /** Called as each step starts and ends. */
  onStep?: (step: StepResult, scenario: Scenario | PlayableScenario) => void;
  /** Awaited before each step: the app's player pauses, steps and paces here. */
  beforeStep?: (step: StepHead) => Promise<void>;
  /** Stop early (the app's Stop button). */
  signal?: AbortSignal;
}

interface RunState {
  /** Seqs captured by each step id (the latest step with that id). */
  seqsByStep: Map<string, number[]>;
  deliveriesByStep: Map<string, Delivery>;
  /** Every seq this run's sends were captured as. */
  runSeqs: Set<number>;
  /** The line of the send step that captured each seq: a count exceeded names the sends. */
  lineOfSeq: Map<number, number>;
  /** Highest seq before the run: messages expectations count only this run's. */
  seqBefore: number;
  ids: SeededIds;
  /** The simulation clock: paused by the run, so the runner knows it without asking. */
  nowMs: number;
  webhookSecrets: Map<string, string | undefined>;
  /** How each send an expectation names by its line (FlatStep.ref) reads in a sentence. */
  refNames: Map<string, string>;
  /**
   * This run's messages that each messages filter (its query, without afterSeq) let through so far,
   * and the last one's seq. A capture never changes, so each expectation asks only for the ones
   * after it: every expectation read all the run's messages again (and, when none matched, all of
   * them once more for the nearest misses), and a file of 2,500 sends each followed by a failing
   * expectation ran for 5 minutes.
   */
  filtered: Map<string, { afterSeq: number; messages: CapturedMessage[] }>;
}

/** A step an expectation is about, for its sentence: `step "signup"`, or `the send on line 12`. */
const stepNamed = (state: RunState, key: string) => state.refNames.get(key) ?? `step "${key}"`;

/**
 * Runs a scenario: parsed (loadScenario's), or playable, each step's body read as the run reaches it
 * (the app's Play: the ingest worker hands the steps over as text, see to-play.ts).
 */
export async function runScenario(target: RunTarget, scenario: Scenario | PlayableScenario, options: RunOptions = {}): Promise<ScenarioResult> {
  const heads: readonly StepHead[] = scenario.steps;
  // A parsed scenario's steps are their own heads.
  const stepAt = 'stepAt' in scenario ? (head: StepHead) => scenario.stepAt(head.index) : (head: StepHead) => head as FlatStep;
  const started = performance.now();
  const { api } = target;
  const steps: StepResult[] = heads.map((s) => ({ index: s.index, line: s.line, label: s.label, status: 'pending', ...(s.id !== undefined ? { id: s.id } : {}) }));
  const page = await api.call('messages.page', { limit: 1 });
  const state: RunState = {
    seqsByStep: new Map(),
    deliveriesByStep: new Map(),
    runSeqs: new Set(),
    lineOfSeq: new Map(),
    seqBefore: page.lastSeq,
    // The messageIds a run gives are the same on a fresh engine (a CI run is reproducible), and new
    // on one that already holds messages: a second run of the file (Play again in the app, a kept
    // --data-dir) sent the first run's ids again, and every message was a duplicate Segment drops.
    ids: new SeededIds(seedOf(page.lastSeq === 0 ? `${scenario.name}/messageIds` : `${scenario.name}/messageIds/after-${page.lastSeq}`)),
    nowMs: scenario.startMs,
    webhookSecrets: new Map(scenario.webhooks.map((w) => [w.name, w.secret])),
    filtered: new Map(),
    refNames: new Map(heads.flatMap((s) => (s.kind === 'send' && s.ref !== undefined && s.id === undefined ? [[s.ref, `the send on ${s.ref}`]] : []))),
  };
  // Set-up: a paused clock at the start, the scenario's settings and webhooks. A set-up the engine
  // refuses fails this scenario with the engine's reason; it used to throw out of the run, so the
  // CLI stopped with one line on stderr and reported none of the other files.
  try {
    await api.call('clock.act', { action: 'pause' });
    await api.call('clock.act', { action: 'set', to: scenario.startMs });
    if (scenario.settings.sessions?.timeoutMs !== undefined) await api.call('sessions.saveSettings', { timeoutMs: scenario.settings.sessions.timeoutMs });
    for (const w of scenario.webhooks) await api.call('webhooks.save', { name: w.name, rejectInvalid: w.rejectInvalid === true, ...(w.secret ? { secret: w.secret } : {}) });
    if (scenario.settings.matching !== undefined) await saveMatchingSettings(target, scenario.settings.matching);
  } catch (e) {
    return { name: scenario.name, file: scenario.file, passed: false, steps, failures: 1, durationMs: Math.round(performance.now() - started), error: `the run's set-up failed: ${(e as Error).message}` };
  }

  let failures = 0;
  for (const head of heads) {
    if (options.signal?.aborted) break;
    if (options.beforeStep) await options.beforeStep(head);
    if (options.signal?.aborted) break;
    const step = stepAt(head);
    const r = steps[step.index];
    r.status = 'running';
    options.onStep?.(r, scenario);
    try {
      await runStep(target, step, r, state, options);
      if (r.expectations && r.expectations.some((e) => !e.passed)) r.status = 'failed';
      else r.status = 'passed';
    } catch (e) {
      r.status = 'error';
      r.error = (e as Error).message;
    }
    if (r.status !== 'passed') failures++;
    r.clock = new Date(state.nowMs).toISOString();
    options.onStep?.(r, scenario);
  }
  return { name: scenario.name, file: scenario.file, passed: failures === 0 && !options.signal?.aborted, steps, failures, durationMs: Math.round(performance.now() - started) };
}

type SendStep = Extract<FlatStep, { kind: 'send' }>;

async function runStep(target: RunTarget, step: FlatStep, r: StepResult, state: RunState, options: RunOptions): Promise<void> {
  const { api } = target;
  switch (step.kind) {
    case 'advance':
      state.nowMs = (await api.call('clock.act', { action: 'advance', ms: step.ms })).nowMs;
      return;
    case 'set':
      state.nowMs = (await api.call('clock.act', { action: 'set', to: step.to })).nowMs;
      return;
    case 'send': {
      const { seqs, delivery } = await send(target, step.send, state, step);
      r.seqs = seqs;
      // It sent nothing, yet passed as ✓ with nothing captured; a QA reader took it for sent.
      if (delivery?.state === 'failed' && !step.failureExpected) r.warning = deliveryFailedWarning(delivery, step.id);
      for (const s of seqs) {
        state.runSeqs.add(s);
        state.lineOfSeq.set(s, step.line);
      }
      const key = step.id ?? step.ref;
      if (key !== undefined) state.seqsByStep.set(key, seqs);
      return;
    }
    case 'users':
      await importUsers(target, step, options);
      return;
    case 'expect':
      r.expectations = await judge(target, step.expect, state);
      return;
  }
}

// ---- sends ----
function messagesOf(spec: SendSpec): JsonObject[] {
  if (spec.message) return [structuredClone(spec.message)];
  if (spec.batch) return spec.batch.map((m) => structuredClone(m));
  const e = spec.event!;
  const profile = getProfile(e.profile);
  if (profile.events ? !findEvent(e.profile, e.name) : !(CALL_TYPES as readonly string[]).includes(e.name)) {
    const choices = profile.events ? listEvents(e.profile).map((x) => x.name) : CALL_TYPES;
    throw new Error(`send.event: ${profile.name} has no event "${e.name}"; it has ${choices.join(', ')}`);
  }
  const base = exampleMessage(e.profile as ProfileId, e.name, { now: '', messageId: '', userId: 'scenario-user', anonymousId: 'scenario-anon' });
  // The example's own timestamp would pin it to the moment of writing; the clock stamps it instead.
  delete base.timestamp;
  delete base.originalTimestamp;
  delete base.messageId;
  // `{ $absent: true }` leaves a field of the example out (a property the catalog requires, left
  // out to see it flagged); null sends null. The file was checked (parse.ts), so decoding succeeds.
  const decoded = decodeAbsent(e.overrides ?? {}, 'overrides');
  return [deepMerge(base, 'value' in decoded ? (decoded.value as JsonObject) : (e.overrides ?? {}))];
}

function deepMerge(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    // Own keys only: an override's "__proto__" is a key of the message, not its prototype.
    if (v === undefined) {
      delete out[k]; // { $absent: true }, decoded: the key is left out
      continue;
    }
    const b = ownValue(out, k);
    setOwn(out, k, v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? deepMerge(b as JsonObject, v as JsonObject) : v);
  }
  return out;
}

/** A `via: sender` send's failed delivery that no expectation said was meant: why, and how to say it is (by the send's id, as the check's hint does). */
function deliveryFailedWarning(delivery: Delivery, id: string | undefined): string {
  const step = id !== undefined ? `step: ${id}, ` : '';
  return `its delivery failed: ${deliveryWhy(delivery) ?? 'the sender gave no reason'} (if that is on purpose, say so after the send: expect: { delivery: { ${step}state: failed } })`;
}

/** seqs: what the send was captured as; delivery: the sender's result, for a `via: sender` send. */
async function send(target: RunTarget, spec: SendSpec, state: RunState, step: SendStep): Promise<{ seqs: number[]; delivery?: Delivery }> {
  const messages = messagesOf(spec);
  for (const m of messages) if (m.messageId === undefined) m.messageId = state.ids.uuid();
  const via = spec.via ?? 'tracking';
  if (via === 'sender') {
    if (messages.length !== 1) throw new Error('via: sender sends one message; use several steps');
    const delivery = await sendThroughSender(target, spec, messages[0], state, step);
    return { seqs: delivery.capturedSeq !== undefined ? [delivery.capturedSeq] : [], delivery };
  }
  let res: { status: number; text: string };
  if (via === 'webhook') {
    if (!spec.webhook) throw new Error('send via webhook needs "webhook": the webhook name');
    // stringifyExact: a number the file writes past a double's digits goes out as written (parse.ts).
    const body = stringifyExact(spec.batch ? messages : messages[0]);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'Segment.io/1.0' };
    const secret = state.webhookSecrets.get(spec.webhook);
    if (secret) headers['x-signature'] = createHmac('sha1', secret).update(body).digest('hex');
    res = await httpPost(`${target.url}/webhook/${encodeURIComponent(spec.webhook)}`, body, headers);
  } else {
    const writeKey = spec.writeKey ?? SCENARIO_WRITE_KEY;
    const single = messages.length === 1 && !spec.batch;
    const type = typeof messages[0].type === 'string' ? messages[0].type : 'track';
    const path = single && ['track', 'identify', 'group', 'page', 'screen', 'alias'].includes(type) ? `/v1/${type}` : '/v1/batch';
    const body = stringifyExact(path === '/v1/batch' ? { batch: messages, sentAt: new Date(state.nowMs).toISOString() } : messages[0]);
    res = await httpPost(`${target.url}${path}`, body, { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}` });
  }
  if (res.status >= 400 && !(via === 'webhook' && res.status === 401)) throw new Error(`the receiver answered ${res.status}: ${res.text.slice(0, 200)}`);
  // The receiver answers once the messages are stored and indexed: their ids name their seqs.
  const seqs = await target.api.call('messages.seqsOf', { messageIds: messages.map((m) => textOf(m.messageId)) });
  return { seqs: seqs.filter((q): q is number => q !== null && q > state.seqBefore) };
}

async function sendThroughSender(target: RunTarget, spec: SendSpec, message: JsonObject, state: RunState, step: SendStep): Promise<Delivery> {
  const t = spec.target;
  const sendTarget: SendTarget = t === undefined || t === 'local' ? { kind: 'local' } : (t as unknown as SendTarget);
  const done = new Promise<Delivery>((resolveDone, reject) => {
    let deliveryId: string | undefined;
    const early: Delivery[] = [];
    const finish = (d: Delivery) => {
      if (d.id !== deliveryId || (d.state !== 'delivered' && d.state !== 'failed')) return false;
      // A local delivery links its captured row shortly after it is delivered.
      if (sendTarget.kind === 'local' && d.state === 'delivered' && d.capturedSeq === undefined) return false;
      clearTimeout(timer);
      unsubscribe();
      resolveDone(d);
      return true;
    };
    const unsubscribe = target.api.subscribe((e) => {
      if (e.name !== 'sender.delivery') return;
      if (deliveryId === undefined) early.push(e.payload);
      else finish(e.payload);
    });
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no delivery result within ${DELIVERY_WAIT_MS / 1000} s`));
    }, DELIVERY_WAIT_MS);
    // A message with a number past a double's digits goes as its text (SendRequest.messageJson), sent as written.
    const messageJson = holdsExactNumbers(message) ? stringifyExact(message) : undefined;
    const request = messageJson === undefined ? { message } : { message: JSON.parse(messageJson) as JsonObject, messageJson };
    target.api.call('sender.send', { target: sendTarget, ...request, freshMessageIds: false }).then(
      ({ deliveries }) => {
        deliveryId = deliveries[0].id;
        for (const d of early) if (finish(d)) return;
      },
      (e: Error) => {
        clearTimeout(timer);
        unsubscribe();
        reject(e);
      },
    );
  });
  const delivery = await done;
  const key = step.id ?? step.ref;
  if (key !== undefined) state.deliveriesByStep.set(key, delivery);
  return delivery;
}

async function importUsers(target: RunTarget, step: Extract<FlatStep, { kind: 'users' }>, options: RunOptions): Promise<void> {
  const users = step.users;
  let body: string | Uint8Array<ArrayBuffer>;
  let fileName: string | undefined;
  let contentType = 'application/json';
  // Each inline user as id, username, email and properties: nothing left to the import's column guess.
  if (Array.isArray(users)) body = stringifyExact(users.map(canonicalInlineUser));
  else {
    const path = resolve(options.baseDir ?? '.', users.file);
    if (options.confineFiles) {
      if (options.baseDir === undefined) throw new Error(`users.file: this scenario was opened in the app without its folder, so it reads no files: open it by its path (its folder is then where ${users.file} is looked for), run it with eventbench run, or list the users inline`);
      const inside = relative(options.baseDir, path);
      if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw new Error(`users.file: ${users.file} is outside the scenario's folder (${options.baseDir}); in the app a scenario reads files from its own folder only (eventbench run reads any)`);
      // A FIFO would hold the read (and one of the engine's file threads) until a writer came.
      const kind = await notRegularFile(path);
      if (kind !== undefined) throw new Error(`users.file: ${path} is not a regular file (${kind})`);
    }
    // Its bytes as they are: the import reads the file's encoding (and refuses bytes that are not
    // UTF-8, which reading it as text here turned into U+FFFD before the import saw them).
    body = new Uint8Array(
      await readFile(path).catch((e: Error) => {
        throw new Error(`users.file: cannot read ${path} (${e.message})`);
      }),
    );
    fileName = users.file;
    if (/\.csv$/i.test(users.file)) contentType = 'text/csv';
  }
  const res = await apiFetch(target, `/api/users/import`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const answer = (await res.json().catch(() => ({}))) as { error?: string; errors?: { line: number; message: string }[] };
  if (res.status === 404) throw new Error('this engine has no user matching (POST /api/users/import answered 404)');
  // An answer without a reason (a proxy's 502, an engine that failed) said "importing users failed (500): " and stopped.
  if (!res.ok) throw new Error(answer.error !== undefined ? `importing users failed (${res.status}): ${fileName !== undefined ? `${fileName}: ` : ''}${answer.error}` : `importing users failed: the engine answered ${res.status}`);
  if (answer.errors && answer.errors.length > 0) throw new Error(`users: ${plural(answer.errors.length, 'row')} not imported, e.g. line ${answer.errors[0].line}: ${answer.errors[0].message}`);
}

/** The scenario's Product Fruits matching settings, over the automation API (as judgeMatching reads matching). */
async function saveMatchingSettings(target: RunTarget, settings: Partial<MatchingSettings>): Promise<void> {
  const res = await apiFetch(target, `/api/matching/settings`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
  if (res.status === 404) throw new Error('this engine has no user matching (PUT /api/matching/settings answered 404)');
  if (!res.ok) {
    const answer = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(`settings.matching: ${answer.error ?? `the engine answered ${res.status}`}`);
  }
}

// ---- expectations ----
async function runMessages(target: RunTarget, state: RunState, seqs?: number[]): Promise<CapturedMessage[]> {
  const list = seqs ?? [...state.runSeqs];
  const out: CapturedMessage[] = [];
  for (const seq of list) {
    const c = await target.api.call('messages.get', { seq });
    if (c) out.push(c);
  }
  return out;
}

/**
 * A failed result when the step an expectation names has no messages to judge: it has not run yet
 * (it comes later in the file) or captured none. "none: true" and "count: 0" passed on nothing.
 */
function noMessagesOfStep(kind: string, id: string | undefined, state: RunState): ExpectationResult | undefined {
  if (id === undefined) return undefined;
  const seqs = state.seqsByStep.get(id);
  if (seqs === undefined) return { kind, passed: false, message: `step "${id}" has not run yet: an expectation of its messages must come after it` };
  if (seqs.length === 0) return { kind, passed: false, message: `step "${id}" captured no message, so there is none to judge` };
  return undefined;
}

function stepSeqs(state: RunState, id: string | undefined): number[] | undefined {
  if (id === undefined) return undefined;
  return state.seqsByStep.get(id) ?? [];
}

/** How many of a session's messages were captured before this run (seqBefore: not another client's meanwhile). */
function earlierSeqs(session: SessionView, state: RunState): number {
  return session.messageSeqs.filter((q) => q <= state.seqBefore).length;
}

/**
 * The run's messages a /api/messages query lets through (`params`: its filters and afterSeq; a
 * `limit` of the file's is not applied, as it never was), in seq order: those of an earlier
 * identical query from the run's cache, then only the ones after them.
 */
async function filteredMessages(target: RunTarget, state: RunState, params: URLSearchParams): Promise<CapturedMessage[]> {
  const query = new URLSearchParams(params);
  query.delete('limit');
  const key = query.toString();
  const cached = state.filtered.get(key);
  if (cached) query.set('afterSeq', String(cached.afterSeq));
  query.set('limit', '1000000');
  const text = await (await apiFetch(target, `/api/messages?${query}`)).text();
  // parseExact where a number may be past a double's digits, matched digit for digit (match.ts);
  // JSON.parse reads the rest alike, several times faster.
  const body = (mayHoldLossyNumber(text) ? parseExact(text) : JSON.parse(text)) as CapturedMessage[] | { error: string };
  if (!Array.isArray(body)) throw new Error(`expect.messages.filter: ${body.error}`);
  const fresh = body.filter((c) => c.seq > state.seqBefore);
  const messages = [...(cached?.messages ?? []), ...fresh];
  // The next identical query asks for what comes after the last one it had (none between was let through).
  state.filtered.set(key, { afterSeq: messages.at(-1)?.seq ?? Number(params.get('afterSeq') ?? state.seqBefore), messages });
  return messages;
}

async function judge(target: RunTarget, spec: ExpectSpec, state: RunState): Promise<ExpectationResult[]> {
  const out: ExpectationResult[] = [];
  const { api } = target;
  if (spec.messages) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.messages.filter ?? {})) params.set(k, textOf(v));
    // Only this run's messages: the API lists oldest first, so on an engine that held a million
    // before the run (the app's log) the run's own were past the limit, and every one was read.
    const own = params.get('afterSeq');
    if (own === null || /^\d+$/.test(own)) params.set('afterSeq', String(Math.max(state.seqBefore, Number(own ?? 0))));
    const mine = await filteredMessages(target, state, params);
    // `{ $absent: true }` (checked with the file) as the comparison reads it: undefined, the key must be absent.
    const decoded = spec.messages.match === undefined ? undefined : decodeAbsent(spec.messages.match, 'match');
    const match = decoded && 'value' in decoded ? (decoded.value as typeof spec.messages.match) : spec.messages.match;
    // The scenario's /regex/ strings run in the engine's process: one that backtracks for hours is stopped and fails the step.
    const matching = match ? filterWithRegexTimeLimit(mine, match, (c) => matchesPartial(c.message, match), (c) => `message #${c.seq}`) : mine;
    let near = match && matching.length === 0 ? withRegexTimeLimit(match, () => nearestMisses(mine, match), () => `the run's ${plural(mine.length, 'message')}`) : [];
    // A filter that let none through (a typo of an event name): the nearest of all the run's messages.
    const byFilter = spec.messages.filter && filterAsMatch(spec.messages.filter);
    if (byFilter && near.length === 0 && matching.length < (spec.messages.count ?? spec.messages.atLeast ?? 1)) {
      const all = await filteredMessages(target, state, new URLSearchParams({ afterSeq: String(state.seqBefore) }));
      const partial = { ...byFilter, ...(match ?? {}) };
      near = withRegexTimeLimit(partial, () => nearestMisses(all, partial), () => `the run's ${plural(all.length, 'message')}`);
    }
    // More than `count` matched (a double send): which ones, and the sends on which lines, where it said only "got 2".
    const over = spec.messages.count !== undefined && matching.length > spec.messages.count ? matching : [];
    out.push(expectMessages(spec.messages, matching.length, near, over.map((c) => ({ seq: c.seq, ...(state.lineOfSeq.has(c.seq) ? { line: state.lineOfSeq.get(c.seq)! } : {}) }))));
  }
  if (spec.dropReasons) out.push(noMessagesOfStep('dropReasons', spec.dropReasons.step, state) ?? expectDropReasons(spec.dropReasons, await runMessages(target, state, stepSeqs(state, spec.dropReasons.step))));
  if (spec.findings) out.push(noMessagesOfStep('findings', spec.findings.step, state) ?? expectFindings(spec.findings, await runMessages(target, state, stepSeqs(state, spec.findings.step))));
  if (spec.session) {
    const all = (await api.call('sessions.list', { anonymousId: spec.session.anonymousId })) as SessionView[];
    const inOrder = [...all].sort((a, b) => a.startMs - b.startMs);
    const session = spec.session.index !== undefined ? inOrder[spec.session.index - 1] : inOrder[inOrder.length - 1];
    // None of that anonymousId: name the ones this run's sessions have (a typo, or messages without one).
    const runIds = inOrder.length === 0 ? ((await api.call('sessions.list', undefined)) as SessionView[]).filter((s) => s.messageSeqs.some((q) => state.runSeqs.has(q))).map((s) => s.anonymousId) : undefined;
    out.push(expectSession(spec.session, session, inOrder.length, session ? earlierSeqs(session, state) : 0, runIds));
  }
  if (spec.sessions) {
    const all = (await api.call('sessions.list', undefined)) as SessionView[];
    const ofRun = all.filter((s) => s.messageSeqs.some((q) => state.runSeqs.has(q)));
    const before = ofRun.reduce((n, s) => n + earlierSeqs(s, state), 0);
    const first = expectSessionCounts(spec.sessions, ofRun, before);
    // Failed: say how many of the run's messages carry no anonymousId (webhook and server-side sends), in no session.
    if (first.passed) out.push(first);
    else {
      const mine = (await filteredMessages(target, state, new URLSearchParams({ afterSeq: String(state.seqBefore) }))).filter((c) => state.runSeqs.has(c.seq));
      const without = mine.filter((c) => c.message.anonymousId === undefined || c.message.anonymousId === null || c.message.anonymousId === '').length;
      out.push(expectSessionCounts(spec.sessions, ofRun, before, { without, of: mine.length }));
    }
  }
  if (spec.accountConflicts) {
    const totals = await api.call('sessions.totals', undefined);
    const users = new Set((await runMessages(target, state)).map((c) => c.message.userId).filter((u) => u !== undefined).map(String));
    out.push(expectConflicts(spec.accountConflicts, totals.conflicts.filter((c) => users.has(c.userId))));
  }
  if (spec.delivery) {
    // parse names the step when the file does not (the latest via: sender send).
    const delivery = state.deliveriesByStep.get(spec.delivery.step ?? '');
    const why = delivery && deliveryWhy(delivery);
    out.push(expectDelivery(spec.delivery, delivery && { state: delivery.state, status: delivery.attempts.at(-1)?.status, ...(why ? { why } : {}) }, stepNamed(state, spec.delivery.step ?? '')));
  }
  if (spec.matching || spec.users) out.push(...(await judgeMatching(target, spec, state)));
  return out;
}

/** ": u-1 (username ann, email ann@example.com), ..." for the first five users, to say what the directory holds. */
const userNamed = (u: JsonObject) => {
  const fields = [u.username !== undefined && `username ${textOf(u.username)}`, u.email !== undefined && `email ${textOf(u.email)}`].filter(Boolean);
  return `${textOf(u.id)}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
};
function usersNamed(users: JsonObject[]): string {
  if (users.length === 0) return '';
  const one = userNamed;
  return `: ${users.slice(0, 5).map(one).join('; ')}${users.length > 5 ? `; and ${users.length - 5} more` : ''}`;
}

/**
 * Why a step's message has no matching decision, when the settings say: matching's scope is
 * webhooks (the default) and it came another way. "(not matched)" alone could not be told from a bug.
 */
async function whyNotMatched(target: RunTarget, seq: number): Promise<string> {
  const settings = (await (await apiFetch(target, '/api/matching/settings')).json()) as { scope?: string };
  if (settings.scope !== 'webhook') return '';
  const [capture] = parseExact(await (await apiFetch(target, `/api/messages?afterSeq=${seq - 1}&limit=1`)).text()) as CapturedMessage[];
  if (capture?.seq !== seq || capture.origin.kind !== 'tracking') return '';
  return `: its message was not matched, as it came through the Tracking API and matching's scope is webhook (settings: { matching: { scope: webhook-and-tracking } } matches both)`;
}

/** The note of a failed matching expectation when messages captured before the run were matched too (see earlierMatchingNote). */
async function earlierCapturesMatched(target: RunTarget, state: RunState): Promise<string> {
  return earlierMatchingNote((await (await apiFetch(target, `/api/users`)).json()) as DirectoryUser[], state.seqBefore);
}

/**
 * GET /api/users's answer, each property with the digits it was sent with (the API writes a trait
 * sent as 9007199254740993 so): compared digit for digit with the file's numbers (match.ts), where
 * res.json() read it as 9007199254740992. JSON.parse for an answer without a 16-digit run.
 */
async function directoryUsers(res: Response): Promise<JsonObject[]> {
  const text = await res.text();
  return (mayHoldLossyNumber(text) ? parseExact(text) : JSON.parse(text)) as JsonObject[];
}

/**
 * A value for an expectation's `expected` or `actual`, which go to other processes (the app's
 * renderer, a test's eventbench/testing results, the JSON report): each marker as the double
 * JSON.parse reads, as the contract's plain fields hold it (exact-values.ts). The digits are in
 * the message and the diff, written in this process.
 */
function plainValue<T>(v: T): T {
  return holdsExactNumbers(v) ? (JSON.parse(stringifyExact(v)) as T) : v;
}

/** Product Fruits matching, read over the automation API (present once user matching has landed). */
async function judgeMatching(target: RunTarget, spec: ExpectSpec, state: RunState): Promise<ExpectationResult[]> {
  const out: ExpectationResult[] = [];
  if (spec.matching) {
    const key = spec.matching.step ?? ''; // named by parse when the file does not
    const named = stepNamed(state, key);
    const seq = state.seqsByStep.get(key)?.[0];
    if (seq === undefined) {
      out.push({ kind: 'matching', passed: false, message: `${named} captured no message to match` });
    } else {
      const res = await apiFetch(target, `/api/matching?seq=${seq}`);
      if (res.status === 404) throw new Error('this engine has no user matching (GET /api/matching answered 404)');
      const decisions = (await res.json()) as { outcome: string; conflict?: boolean; userId?: string }[];
      const d = decisions[0];
      const expected: JsonObject = {};
      const actual: JsonObject = {};
      if (spec.matching.outcome !== undefined) {
        expected.outcome = spec.matching.outcome;
        actual.outcome = d?.outcome ?? '(not matched)';
      }
      if (spec.matching.conflict !== undefined) {
        expected.conflict = spec.matching.conflict;
        actual.conflict = d?.conflict === true;
      }
      let ok = JSON.stringify(expected) === JSON.stringify(actual);
      let user: JsonObject | undefined;
      if (d?.userId !== undefined) {
        const users = await directoryUsers(await apiFetch(target, `/api/users`));
        user = users.find((u) => u.id === d.userId);
      }
      if (spec.matching.user) {
        expected.user = spec.matching.user;
        actual.user = user === undefined ? null : (namedParts(user, spec.matching.user) as JsonObject);
        const wantUser = spec.matching.user;
        ok = ok && withRegexTimeLimit(wantUser, () => matchesPartial(user, wantUser), () => `user ${String(d.userId)}`);
      }
      // Passed, it says where the message landed: the user, and a conflict (what a wrong-user report is about).
      const landed = d === undefined ? 'not matched' : `${d.outcome}${user ? `, user ${userNamed(user)}` : d.userId !== undefined ? `, user ${d.userId}` : ''}${d.conflict ? ', flagged as a conflict' : ''}`;
      const why = ok ? '' : d !== undefined ? await earlierCapturesMatched(target, state) : await whyNotMatched(target, seq);
      out.push({ kind: 'matching', passed: ok, message: ok ? `message of ${named}: ${landed}` : `matching of ${named} differs${why}`, expected: plainValue(expected), actual: plainValue(actual), ...(ok ? {} : { diff: formatDiff(expected, actual) }), seq });
    }
  }
  if (spec.users) {
    const res = await apiFetch(target, `/api/users`);
    if (res.status === 404) throw new Error('this engine has no user matching (GET /api/users answered 404)');
    const users = await directoryUsers(res);
    if (spec.users.count !== undefined) out.push({ kind: 'users', passed: users.length === spec.users.count, message: users.length === spec.users.count ? plural(users.length, 'user') : `expected ${plural(spec.users.count, 'user')}, got ${users.length}${usersNamed(users)}${earlierMatchingNote(users as unknown as DirectoryUser[], state.seqBefore)}` });
    for (const want of spec.users.contains ?? []) {
      const found = withRegexTimeLimit(want, () => users.some((u) => matchesPartial(u, want)), () => 'the users');
      // shownValue: a number kept as its digits is written as them (JSON.stringify wrote the marker).
      const near = found ? [] : withRegexTimeLimit(want, () => nearestUsers(users, want, userNamed), () => 'the users');
      const nearest = near.length > 0 ? `; nearest: ${near.join('; ')}` : '';
      out.push({ kind: 'users', passed: found, message: found ? `a user with ${shownValue(want)}` : `no user has ${shownValue(want)}${nearest}${earlierMatchingNote(users as unknown as DirectoryUser[], state.seqBefore)}`, expected: plainValue(want), actual: plainValue(users.slice(0, 5)) });
    }
  }
  return out;
}
