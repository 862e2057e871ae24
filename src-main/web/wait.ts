// GET /api/messages/wait: answers as soon as enough captured messages match, instead of a test
// sleeping and polling. It wakes on ingest (no polling inside), scans only what arrived since it
// last looked, and on timeout says what did match and which messages came closest.
import type { IncomingMessage } from 'node:http';
// Node's own timers, not the global ones: in a test process (eventbench/testing's in-process
// engine) vi.useFakeTimers() and jest.useFakeTimers() replace the globals, and a wait's timeout
// then never came (the test hung until the runner's own timeout).
import { clearTimeout, setTimeout } from 'node:timers';
import { WAIT_MAX_COUNT, WAIT_MAX_MS, type MessageFilter } from '../../src-shared/api';
import { formatCount } from '../../src-shared/tracking-api/limits';
import { plural } from '../../src-shared/plural';
import type { CapturedMessage } from '../../src-shared/capture';
import { matchText } from '../../src-shared/scenario/expected-value';
import { byCloseness, matchesPartial, mismatches } from '../../src-shared/scenario/match';
import type { CaptureStore } from '../store/capture-store';
import { filterWithRegexTimeLimit, withRegexTimeLimit } from './regex-time-limit';

export { WAIT_MAX_COUNT, WAIT_MAX_MS };
const DEFAULT_TIMEOUT_MS = 5000;
const NEAR_MISSES = 3;
/** Messages matched per step (read together; a /regex/ gets its time limit per step). */
const MATCH_CHUNK = 1000;

export interface WaitParams {
  /** At least this many must match (0: none may match within settleMs). */
  count: number;
  timeoutMs: number;
  settleMs: number;
}

/** The wait's own parameters; the rest of its query string are message filters. */
export const WAIT_KEYS = ['count', 'timeoutMs', 'settleMs'] as const;

/** Takes count, timeoutMs and settleMs out of the query (the rest are message filters). */
export function takeWaitParams(params: URLSearchParams): WaitParams | string {
  const num = (key: string, fallback: number, max: number, unit: string): number | string => {
    // ?count=1&count=5 kept the first without a word: a wait for 5 answered after 1.
    if (params.getAll(key).length > 1) return `${key} is given more than once; give it once (filters combine with AND, one value each)`;
    const v = params.get(key);
    params.delete(key);
    if (v === null) return fallback;
    if (!/^\d+$/.test(v)) return `${key} must be a whole number, not "${v}"`;
    // count=99999999999999999999 waited its whole timeout for 1e20 messages (and said it expected
    // "100000000000000000000"); a timeout past the limit did not say which one.
    if (Number(v) > max) return `${key} must be at most ${formatCount(max)}${unit}, not "${v}"`;
    return Number(v);
  };
  const count = num('count', 1, WAIT_MAX_COUNT, '');
  const timeoutMs = num('timeoutMs', DEFAULT_TIMEOUT_MS, WAIT_MAX_MS, ' ms');
  const settleMs = num('settleMs', 0, WAIT_MAX_MS, ' ms');
  for (const v of [count, timeoutMs, settleMs]) if (typeof v === 'string') return v;
  if (count === 0 && settleMs === 0) return 'count=0 asserts that nothing matching arrives: give settleMs, how long to watch';
  return { count: count as number, timeoutMs: timeoutMs as number, settleMs: settleMs as number };
}

/**
 * /api/messages: index positions passing the index filters, then `match` on the payloads (read in
 * chunks, so only positions are kept), then the limit (the newest N).
 */
export async function matchingPositions(store: CaptureStore, filter: MessageFilter): Promise<number[]> {
  if (!filter.match) return store.index.filter(filter);
  const candidates = store.index.filter({ ...filter, limit: undefined });
  const kept: number[] = [];
  for (let i = 0; i < candidates.length; i += MATCH_CHUNK) {
    const chunk = candidates.slice(i, i + MATCH_CHUNK);
    const messages = await store.getAt(chunk);
    let at = 0;
    withRegexTimeLimit(
      filter.match,
      () => {
        for (; at < messages.length; at++) if (matchesPartial(messages[at].message, filter.match)) kept.push(chunk[at]);
      },
      () => `message #${messages[at].seq}`,
    );
  }
  return filter.limit !== undefined && kept.length > filter.limit ? kept.slice(kept.length - filter.limit) : kept;
}

type WaitAnswer = { status: number; body: unknown };

function describeFilter(f: MessageFilter): string {
  const parts = Object.entries(f)
    .filter(([k]) => k !== 'limit' && k !== 'match')
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length > 0 ? parts.join(', ') : 'any';
}

export async function waitForMessages(store: CaptureStore, filter: MessageFilter, p: WaitParams, onIngest: (l: () => void) => () => void, req: IncomingMessage): Promise<WaitAnswer> {
  const indexFilter: MessageFilter = { ...filter, limit: undefined };
  const matched: CapturedMessage[] = [];
  /** Passed the other filters but not `match`: the closest NEAR_MISSES, closest first. */
  const near: { seq: number; differences: string[]; capture: CapturedMessage }[] = [];
  let candidates = 0;
  let scannedUpTo = 0;
  let generation = store.clearCount;

  const scan = async () => {
    if (store.clearCount !== generation) {
      // The log was cleared while waiting: start over with what arrives now.
      generation = store.clearCount;
      scannedUpTo = 0;
      matched.length = 0;
      near.length = 0;
      candidates = 0;
    }
    const size = store.index.size;
    const positions = store.index.filter(indexFilter, scannedUpTo);
    scannedUpTo = size;
    const arrived = await store.getAt(positions);
    // The time limit is per chunk, as for /api/messages: the first scan may cover the whole log.
    const passing = filterWithRegexTimeLimit(
      arrived,
      filter.match,
      (c) => {
        candidates++;
        if (!filter.match || matchesPartial(c.message, filter.match)) return true;
        near.push({ seq: c.seq, differences: mismatches(c.message, filter.match), capture: c });
        near.sort(byCloseness);
        if (near.length > NEAR_MISSES) near.pop();
        return false;
      },
      (c) => `message #${c.seq}`,
      MATCH_CHUNK,
    );
    for (const c of passing) matched.push(c);
  };
  /** Why a scan failed (a regex stopped for taking too long, a read that failed): the wait ends with it. */
  let failure: unknown;
  let failed = false;
  const scanOrFail = () =>
    scan().catch((e: unknown) => {
      failure = e;
      failed = true;
    });

  const enough = () => (p.count === 0 ? matched.length > 0 : matched.length >= p.count);
  // Listen before the first scan: a capture landing while it reads is scanned next, not missed.
  let wake: () => void = () => undefined;
  let scanning: Promise<void> = Promise.resolve();
  const unsubscribe = onIngest(() => {
    // Scans run one after another, each over what arrived since the last. Never rejected: a
    // failure is kept and ends the wait (a rejected chain would leave the timer's finish unrun).
    scanning = scanning.then(() => (failed ? undefined : scanOrFail())).then(() => wake());
  });
  try {
    scanning = scanning.then(scanOrFail);
    await scanning;
    if (failed) throw failure;
    if (p.count > 0 && enough()) return { status: 200, body: matched };
    if (p.count === 0 && enough()) return { status: 409, body: { error: `${plural(matched.length, 'message')} matching (${describeFilter(filter)}) ${matched.length === 1 ? 'was' : 'were'} captured; expected none`, matched } };
  } catch (e) {
    unsubscribe();
    throw e;
  }

  const done = await new Promise<'enough' | 'timeout' | 'closed' | 'failed'>((resolve) => {
    const finish = (why: 'enough' | 'timeout' | 'closed' | 'failed') => {
      unsubscribe();
      clearTimeout(timer);
      req.off('close', onClose);
      resolve(why);
    };
    wake = () => {
      if (failed) finish('failed');
      else if (enough()) finish('enough');
    };
    const timer = setTimeout(() => void scanning.then(() => finish(failed ? 'failed' : enough() ? 'enough' : 'timeout')), p.count === 0 ? p.settleMs : p.timeoutMs);
    const onClose = () => {
      if (!req.readableEnded || req.socket.destroyed) finish('closed');
    };
    req.on('close', onClose);
    // Something may have landed between the first scan and now.
    scanning = scanning.then(() => (failed ? undefined : scanOrFail())).then(() => wake());
  });
  if (done === 'failed') throw failure;

  if (p.count === 0) {
    return done === 'enough'
      ? { status: 409, body: { error: `a message matching (${describeFilter(filter)}) arrived within ${p.settleMs} ms; expected none`, matched } }
      : { status: 200, body: [] };
  }
  if (done === 'enough') return { status: 200, body: matched };
  // Each near miss is the capture as /api/messages lists it, with what keeps it from matching.
  const nearest = near.map((n) => ({ ...n.capture, differences: n.differences }));
  const summary = filter.match
    ? `${plural(candidates, 'message')} (${describeFilter(filter)}) arrived, ${matched.length} ${matched.length === 1 ? 'has' : 'have'} ${matchText(filter.match)}; expected at least ${p.count}${nearest.length > 0 ? `; nearest: ${nearest.map((n) => `#${n.seq}: ${n.differences.join(', ')}`).join('; ')}` : ''}`
    : `${plural(matched.length, 'message')} (${describeFilter(filter)}) arrived within ${p.timeoutMs} ms; expected at least ${p.count}`;
  return { status: 408, body: { error: summary, matched, nearMisses: nearest } };
}
