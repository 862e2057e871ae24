// User matching: messages matched per second against a directory of 100,000 users, a what-if over
// 100,000 messages, a CSV import of 100,000 users and memory per user, each beside a baseline
// measured in the same run (a plain Map lookup loop over the same inputs, a naive split of the
// same CSV, plain objects in a Map); and the capture feed as the engine runs it, from a real
// capture log into matching and sessions (benchCaptureFeed, also `npm run bench -- feed`).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CaptureFeed } from '../../src-main/derived/capture-feed';
import { MatchingService } from '../../src-main/derived/matching-service';
import { SessionsService } from '../../src-main/derived/sessions-service';
import { CaptureStore } from '../../src-main/store/capture-store';
import { systemClock } from '../../src-shared/clock';
import { parseUsersTableInSteps, suggestMapping, usersFromTable } from '../../src-main/derived/users-import';
import type { CapturedMessage, JsonObject } from '../../src-shared/capture';
import { MatchInputs, extractMatchInput } from '../../src-shared/matching/match-inputs';
import { asObject, userTraits } from '../../src-shared/matching/extract';
import { Matcher, deriveMatching } from '../../src-shared/matching/matcher';
import { compareMatching } from '../../src-shared/matching/compare';
import { DEFAULT_MATCHING_SETTINGS } from '../../src-shared/matching/settings';
import type { MatchInput, StartingUser } from '../../src-shared/matching/types';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const USERS = 100_000;
const MESSAGES = 1_000_000;
const WHAT_IF_MESSAGES = 100_000;

function startingUsers(): StartingUser[] {
  // Through JSON text, as users.json is read.
  return JSON.parse(JSON.stringify(Array.from({ length: USERS }, (_, i) => ({ id: `u-${i}`, username: `user-${i}`, email: `user${i}@example.com`, properties: { plan: i % 3 ? 'free' : 'pro' } }))));
}

const ORIGIN = { kind: 'webhook', endpoint: '/webhook/pf', webhook: 'pf', signature: { status: 'no-secret' } } as const;
const RECEIVED_AT = '2026-01-01T00:00:00.000Z';

/** A mix: 40% found by email (some in another case), 30% by userId, 20% new users, 10% no identity. */
function message(i: number): JsonObject {
  const u = (i * 7919) % USERS;
  const r = i % 10;
  const m =
    r < 4
      ? { type: 'identify', userId: `user-${u}`, traits: { email: r === 0 ? ` User${u}@Example.com` : `user${u}@example.com`, plan: 'pro' } }
      : r < 7
        ? { type: 'track', event: 'Tour Start', userId: `user-${u}`, properties: { tour_id: 't1' } }
        : r < 9
          ? { type: 'identify', userId: `new-${i}`, traits: { email: `new${i}@example.com` } }
          : { type: 'page', anonymousId: `anon-${i}` };
  // Through JSON text, as captures are read back from the log: flat strings, as the engine's are.
  return JSON.parse(JSON.stringify({ ...m, messageId: `m-${i}`, receivedAt: RECEIVED_AT }));
}

/** Captures [from, to) as the capture log hands them to the derived views. */
function captures(from: number, to: number): CapturedMessage[] {
  const out: CapturedMessage[] = [];
  for (let i = from; i < to; i++) {
    out.push({ seq: i + 1, requestId: `r-${i}`, receivedAt: RECEIVED_AT, origin: ORIGIN, headers: {}, message: message(i), messageIdAssigned: false, dropReasons: [], findings: [] });
  }
  return out;
}

function inputs(count: number): MatchInput[] {
  const out: MatchInput[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = extractMatchInput({ seq: i + 1, receivedAt: RECEIVED_AT, origin: ORIGIN, message: message(i) });
  return out;
}

/** Baseline: the lookups the rule needs, and nothing else (no trace, no changes, no decisions kept). */
function mapLookupLoop(users: StartingUser[], list: MatchInput[]): number {
  const byEmail = new Map<string, number>();
  const byUsername = new Map<string, number>();
  users.forEach((u, i) => {
    byEmail.set(u.email!.toLowerCase(), i);
    byUsername.set(u.username!, i);
  });
  let found = 0;
  let next = users.length;
  for (const m of list) {
    const e = m.emails[0];
    const email = e.state === 'text' ? e.value.trim().toLowerCase() : undefined;
    const userId = m.userId.state === 'text' ? m.userId.value : undefined;
    let hit = email !== undefined ? byEmail.get(email) : undefined;
    if (hit === undefined && userId !== undefined) hit = byUsername.get(userId);
    if (hit !== undefined) found++;
    else if (email !== undefined || userId !== undefined) {
      if (email !== undefined) byEmail.set(email, next);
      if (userId !== undefined) byUsername.set(userId, next);
      next++;
    }
  }
  return found;
}

/**
 * CPU time (user + system, all threads of the process) rather than wall time: on a machine whose
 * cores are shared, the time spent waiting for a core does not count, only the work done.
 */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
};

function time<T>(fn: () => T): { ms: number; value: T; wallMs: number } {
  const started = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  return { ms: cpuMs(started), value, wallMs: performance.now() - t0 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function timeAsync(fn: () => Promise<unknown>): Promise<{ ms: number; wallMs: number }> {
  const started = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  return { ms: cpuMs(started), wallMs: performance.now() - t0 };
}

/** A MatchingService over a data dir holding these starting users, as the engine opens it. */
async function openService(users: StartingUser[]): Promise<{ service: MatchingService; dispose: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'eventbench-bench-matching-'));
  writeFileSync(join(dir, 'users.json'), JSON.stringify(users));
  const service = await MatchingService.open(dir, (w) => console.warn(w));
  return { service, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap and typed arrays' memory (columns live in ArrayBuffers, outside the heap). */
function memoryInUse(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * What the service keeps per message so that it can re-derive: the inputs as columns (MatchInputs),
 * against the baseline of the same fields as one plain object per message (what it kept before,
 * its texts the message's own). Captures as the log hands them over: each its own receivedAt text.
 */
function inputMemory(count: number): { columnBytes: number; objectBytes: number } {
  const capture = (i: number) => ({ seq: i + 1, receivedAt: new Date(Date.UTC(2026, 0, 1) + i * 10).toISOString(), origin: ORIGIN, message: message(i) });
  const m0 = memoryInUse();
  const objects: object[] = [];
  for (let i = 0; i < count; i++) {
    const c = capture(i);
    const m = c.message;
    const traits = asObject(m.traits);
    const contextTraits = asObject(asObject(m.context)?.traits);
    objects.push({
      seq: c.seq,
      messageId: m.messageId,
      type: m.type,
      receivedAt: c.receivedAt,
      origin: c.origin.kind,
      userId: m.userId,
      anonymousId: m.anonymousId,
      traitsEmail: traits?.email,
      contextTraitsEmail: contextTraits?.email,
      propertiesEmail: asObject(m.properties)?.email,
      traits: userTraits(m.type, traits, contextTraits),
    });
  }
  const m1 = memoryInUse();
  const columns = new MatchInputs();
  for (let i = 0; i < count; i++) columns.push(capture(i));
  const m2 = memoryInUse();
  // Both kept until both are measured: memory freed in between (a typed array's buffer is
  // released after the collection that finds it dead) would be counted against the other.
  if (columns.length !== count || objects.length !== count) throw new Error('every capture must be kept');
  return { columnBytes: (m2 - m1) / count, objectBytes: (m1 - m0) / count };
}

export interface MatchingBench {
  rounds: number;
  /** Median CPU ms of the plain Map lookup loop over the 1,000,000 inputs. */
  baselineMs: number;
  baselineRate: number;
  matchRate: number;
  /** Median CPU ms of Matcher.match over the 1,000,000 extracted inputs (the rule alone). */
  matchMs: number;
  /** Median wall time of the same runs (CPU time also counts V8's parallel GC threads). */
  matchWallMs: number;
  /** Median CPU / wall ms of feeding 1,000,000 captures to the MatchingService in batches of 1,000 (extract + match). */
  feedMs: number;
  feedWallMs: number;
  /** Median CPU / wall ms of the service re-deriving every decision after a settings change. */
  rederiveMs: number;
  rederiveWallMs: number;
  /** Every round of each, for the record. */
  allRounds: { baseline: number[]; match: number[]; feed: number[]; rederive: number[] };
  decisionBytes: number;
  whatIfBaselineMs: number;
  whatIfMs: number;
  whatIfChanged: number;
  csvBaselineMs: number;
  csvMs: number;
  csvImported: number;
  userBytes: number;
  baselineUserBytes: number;
  /** Memory kept per message for re-deriving: inputs as columns, and as plain objects (baseline). */
  inputBytes: { columnBytes: number; objectBytes: number };
}

export async function benchMatching(): Promise<MatchingBench> {
  const users = startingUsers();
  const inputBytes = inputMemory(MESSAGES);
  let all = inputs(MESSAGES);

  // Warm both paths on a slice first (V8 compiles as it goes).
  mapLookupLoop(users, all.slice(0, 100_000));
  deriveMatching(users, DEFAULT_MATCHING_SETTINGS, all.slice(0, 100_000));

  const ROUNDS = 3;
  const baselineRounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) baselineRounds.push(time(() => mapLookupLoop(users, all)).ms);
  const baselineMs = median(baselineRounds);

  // Baseline memory: the same users as plain objects in two Maps (the same strings: like the
  // directory's, they are counted once, with the starting users, not here).
  const b0 = heapAfterGc();
  const plain = new Map<string, { username: string; email: string; plan: unknown }>();
  const plainByName = new Map<string, { username: string; email: string; plan: unknown }>();
  for (const u of users) {
    const o = { username: u.username!, email: u.email!, plan: u.properties.plan };
    plain.set(o.email, o);
    plainByName.set(o.username, o);
  }
  const baselineUserBytes = (heapAfterGc() - b0) / USERS;
  if (plain.size + plainByName.size < 0) console.log(plain.size);
  plain.clear();
  plainByName.clear();

  // The rule alone over extracted inputs: median of ROUNDS, as the baseline; memory from the first run.
  const matchRounds: number[] = [];
  const matchWalls: number[] = [];
  let decisionBytes = 0;
  let userBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const before = heapAfterGc();
    const m = new Matcher(users, DEFAULT_MATCHING_SETTINGS);
    const withUsers = heapAfterGc();
    const t = time(() => {
      for (const input of all) m.match(input);
    });
    matchRounds.push(t.ms);
    matchWalls.push(t.wallMs);
    if (m.size !== MESSAGES) throw new Error('every message must get one decision');
    if (round === 0) {
      decisionBytes = (heapAfterGc() - withUsers) / MESSAGES;
      userBytes = (withUsers - before) / USERS;
    }
  }

  // What-if over 100,000 messages: derive again under other settings and compare with now.
  const some = all.slice(0, WHAT_IF_MESSAGES);
  const now = deriveMatching(users, DEFAULT_MATCHING_SETTINGS, some);
  const whatIfBaselineMs = Math.min(...[0, 1, 2].map(() => time(() => mapLookupLoop(users, some)).ms));
  let whatIfMs = Infinity;
  let whatIfChanged = 0;
  for (let round = 0; round < 3; round++) {
    const r = time(() => compareMatching(now, deriveMatching(users, { ...DEFAULT_MATCHING_SETTINGS, emailComparison: 'exact' }, some)));
    whatIfMs = Math.min(whatIfMs, r.ms);
    whatIfChanged = r.value.decisions.length;
  }

  // CSV import of 100,000 users as the engine does it (csv-parse in steps with progress, mapping,
  // checks), against a naive split of the same text.
  const csv = ['id,username,email,plan,company', ...users.map((u, i) => `${u.id},${u.username},${u.email},${u.properties.plan},"Company ${i % 977}, Inc."`)].join('\n');
  const csvBaselineMs = Math.min(...[0, 1, 2].map(() => time(() => csv.split('\n').map((l) => l.split(','))).ms));
  let csvMs = Infinity;
  let csvImported = 0;
  for (let round = 0; round < 3; round++) {
    const started = process.cpuUsage();
    const table = await parseUsersTableInSteps(csv, () => undefined);
    const imported = usersFromTable(table, suggestMapping(table.columns), new Set());
    csvMs = Math.min(csvMs, cpuMs(started));
    csvImported = imported.users.length;
  }

  // The bench's own million inputs are dropped first: the service's heap is then what the
  // engine's would be (its inputs, its directory), not that plus another million inputs.
  all = [];
  heapAfterGc();
  // What a user waits for: the engine's MatchingService fed 1,000,000 captures as the capture feed
  // hands them over (batches of 1,000, each message extracted then matched), then re-deriving
  // every decision after a settings change. Building each batch (the log's JSON.parse) is not
  // timed: only service.add and service.setSettings are.
  {
    // Warm the service's path on a slice first, as the others.
    const { service, dispose } = await openService(users);
    for (let from = 0; from < 100_000; from += 1000) service.add(captures(from, from + 1000));
    await service.setSettings({ conflict: 'userId-wins' });
    await service.flushed();
    dispose();
  }
  const feedRounds: number[] = [];
  const feedWalls: number[] = [];
  const rederiveRounds: number[] = [];
  const rederiveWalls: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const { service, dispose } = await openService(users);
    heapAfterGc();
    let cpu = 0;
    let wall = 0;
    for (let from = 0; from < MESSAGES; from += 1000) {
      const batch = captures(from, from + 1000);
      const t = time(() => service.add(batch));
      cpu += t.ms;
      wall += t.wallMs;
    }
    if (service.status().decisions !== MESSAGES) throw new Error('every capture must get one decision');
    feedRounds.push(cpu);
    feedWalls.push(wall);
    // A settings change (a fresh service starts at the defaults) that leaves the decisions as they
    // are here (this mix has no conflicts): every decision is derived again all the same.
    const t = await timeAsync(() => service.setSettings({ conflict: 'userId-wins' }));
    rederiveRounds.push(t.ms);
    rederiveWalls.push(t.wallMs);
    if (service.status().decisions !== MESSAGES) throw new Error('every capture must get one decision again');
    await service.flushed();
    dispose();
  }

  return {
    rounds: ROUNDS,
    baselineMs,
    baselineRate: MESSAGES / (baselineMs / 1000),
    matchRate: MESSAGES / (median(matchRounds) / 1000),
    matchMs: median(matchRounds),
    matchWallMs: median(matchWalls),
    feedMs: median(feedRounds),
    feedWallMs: median(feedWalls),
    rederiveMs: median(rederiveRounds),
    rederiveWallMs: median(rederiveWalls),
    allRounds: { baseline: baselineRounds, match: matchRounds, feed: feedRounds, rederive: rederiveRounds },
    decisionBytes,
    whatIfBaselineMs,
    whatIfMs,
    whatIfChanged,
    csvBaselineMs,
    csvMs,
    csvImported,
    userBytes,
    baselineUserBytes,
    inputBytes,
  };
}

export interface FeedBench {
  rounds: number;
  /** Median CPU ms of the plain Map lookup loop over the same 1,000,000 messages, extracted (this run). */
  baselineMs: number;
  /** Median CPU ms of JSON.parse of the log's 1,000,000 message lines alone (readRun's first step). */
  parseMs: number;
  /** Median CPU / wall ms of CaptureFeed.catchUp() over a 1,000,000-capture log, matching and sessions subscribed. */
  feedMs: number;
  feedWallMs: number;
  allRounds: { baseline: number[]; parse: number[]; feed: number[]; feedWall: number[] };
  logBytes: number;
}

/**
 * The path a user waits on when the Matching tab opens over a big log: the engine's CaptureFeed
 * reads 1,000,000 captures back from a real capture log (written by CaptureStore.append, one
 * webhook request per message, as deliveries come) and feeds them to the MatchingService and the
 * SessionsService, both subscribed as the engine subscribes them. Timed: feed.catchUp() alone
 * (the log is written and loaded before).
 */
export async function benchCaptureFeed(): Promise<FeedBench> {
  const users = startingUsers();
  const ROUNDS = 3;

  // The log, written once through the store.
  const dir = mkdtempSync(join(tmpdir(), 'eventbench-bench-feed-'));
  writeFileSync(join(dir, 'users.json'), JSON.stringify(users));
  {
    const store = await CaptureStore.open(dir);
    const originJson = JSON.stringify(ORIGIN);
    for (let from = 0; from < MESSAGES; from += 1000) {
      const entries = [];
      for (let i = from; i < from + 1000; i++) {
        const m = message(i);
        const capture: CapturedMessage = { seq: store.allocateSeq(), requestId: `r-${i}`, receivedAt: RECEIVED_AT, origin: ORIGIN, headers: {}, message: m, messageIdAssigned: false, dropReasons: [], findings: [] };
        entries.push({ capture, parts: { messageJson: JSON.stringify(m), originJson, headersJson: '{}' } });
      }
      await store.append(entries);
    }
    await store.close();
  }
  const logBytes = statSync(join(dir, 'captures.ndjson')).size;

  let all = inputs(MESSAGES);
  mapLookupLoop(users, all.slice(0, 100_000));
  const baselineRounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) baselineRounds.push(time(() => mapLookupLoop(users, all)).ms);
  all = [];

  // What readRun does first, alone: JSON.parse of every message line (the bytes read in one go,
  // each line decoded, then parsed). The feed cannot take less while it parses whole lines.
  const parseRounds: number[] = [];
  {
    const text = readFileSync(join(dir, 'captures.ndjson'));
    const lineEnds: number[] = [];
    for (let at = text.indexOf(10); at >= 0; at = text.indexOf(10, at + 1)) lineEnds.push(at);
    for (let round = 0; round < ROUNDS; round++) {
      parseRounds.push(
        time(() => {
          let seqs = 0;
          for (let i = 0, from = 0; i < lineEnds.length; from = lineEnds[i++] + 1) {
            if (text[from + 2] !== 0x73) continue; // '{"s…': a message line, not a request line
            seqs += (JSON.parse(text.toString('utf8', from, lineEnds[i])) as { seq: number }).seq;
          }
          return seqs;
        }).ms,
      );
    }
  }

  // The store is loaded once (loading is not what is measured); each round feeds new services.
  const store = await CaptureStore.open(dir);
  if (store.messageCount !== MESSAGES) throw new Error(`the log holds ${store.messageCount} captures`);
  const feedRounds: number[] = [];
  const feedWalls: number[] = [];
  // One warm-up round (not counted), then ROUNDS.
  for (let round = -1; round < ROUNDS; round++) {
    const matching = await MatchingService.open(dir, (w) => console.warn(w));
    const sessions = await SessionsService.open(dir, { realClock: systemClock, onClockChanged: () => undefined, onSessionsChanged: () => undefined, onTimedOut: () => undefined, warn: (w) => console.warn(w) });
    const feed = new CaptureFeed(store, systemClock, (m) => console.warn(m));
    feed.subscribe(sessions);
    feed.subscribe(matching);
    heapAfterGc();
    const t = await timeAsync(() => feed.catchUp());
    if (matching.status().decisions !== MESSAGES) throw new Error(`every capture must get one decision (${matching.status().decisions})`);
    if (round >= 0) {
      feedRounds.push(t.ms);
      feedWalls.push(t.wallMs);
    }
    await feed.stop();
    await sessions.close();
    await matching.flushed();
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    rounds: ROUNDS,
    baselineMs: median(baselineRounds),
    parseMs: median(parseRounds),
    feedMs: median(feedRounds),
    feedWallMs: median(feedWalls),
    allRounds: { baseline: baselineRounds, parse: parseRounds, feed: feedRounds, feedWall: feedWalls },
    logBytes,
  };
}
