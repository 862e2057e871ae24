// Expectations, judged against what the engine reports: pure functions of the expectation and
// the data, so the app, the CLI and the tests judge alike. Each gives a sentence and, for
// structured values, expected vs actual.
import { plural } from '../plural';
import type { CapturedMessage } from '../capture';
import { textOf } from '../exact-json';
import { shownValue } from './expected-value';
import type { AccountConflict } from '../validate/account-tracker';
import type { SessionView } from '../sessions/view';
import { formatDuration } from '../sim-clock';
import { parseDuration } from './duration';
import { nearestName } from './near';
import { formatDiff, type ExpectationResult } from './report';
import type { ExpectSpec } from './types';

function result(kind: string, passed: boolean, message: string, expected?: unknown, actual?: unknown): ExpectationResult {
  const r: ExpectationResult = { kind, passed, message };
  if (expected !== undefined) {
    r.expected = expected;
    r.actual = actual;
    if (!passed && typeof expected === 'object') r.diff = formatDiff(expected, actual);
  }
  return r;
}

/** Filter keys that are a message's own fields, compared exactly (as /api/messages takes them). */
const MESSAGE_FIELD_FILTERS = ['type', 'event', 'userId', 'anonymousId', 'messageId'] as const;
const looksLikeRegex = (text: string) => text.length > 2 && text.startsWith('/') && /\/[a-z]*$/.test(text.slice(1));

/**
 * The filter's message fields as a partial message (match.ts), for the nearest misses of a filter
 * that finds too few; a value written as a /regex/ is left out (the filter reads it as text).
 */
export function filterAsMatch(filter: Record<string, unknown>): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const key of MESSAGE_FIELD_FILTERS) {
    if (!Object.prototype.hasOwnProperty.call(filter, key)) continue;
    const text = textOf(filter[key]);
    if (!looksLikeRegex(text)) out[key] = text;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** A filter value written as a /regex/ is compared as text: say so, and where a regex goes. */
function regexFilterNote(filter: Record<string, unknown> | undefined): string {
  const key = MESSAGE_FIELD_FILTERS.find((k) => filter && Object.prototype.hasOwnProperty.call(filter, k) && looksLikeRegex(textOf(filter[k])));
  if (!key || !filter) return '';
  const text = textOf(filter[key]);
  return `; filter values are exact: ${key} ${JSON.stringify(text)} is not read as a regex (a /regex/ goes in match: { ${key}: ${JSON.stringify(text)} })`;
}

/** `#1 (sent on line 3), #2 (line 5)`: the messages that matched, by the send that captured each; the first 5. */
export function matchedList(matched: readonly { seq: number; line?: number }[]): string {
  const shown = matched.slice(0, 5).map((m, i) => `#${m.seq}${m.line !== undefined ? ` (${i === 0 ? 'sent on ' : ''}line ${m.line})` : ''}`);
  return `${shown.join(', ')}${matched.length > 5 ? `, and ${matched.length - 5} more` : ''}`;
}

/** matched: the messages that matched, when more did than `count` (named in the failure). */
export function expectMessages(spec: NonNullable<ExpectSpec['messages']>, matching: number, nearMisses: string[], matched: readonly { seq: number; line?: number }[] = []): ExpectationResult {
  const about = `${spec.filter ? ` with ${Object.entries(spec.filter).map(([k, v]) => `${k}=${textOf(v)}`).join(', ')}` : ''}${spec.match ? ` matching ${shownValue(spec.match)}` : ''}`;
  const what = (n: number) => `${plural(n, 'message')}${about}`;
  const near = (nearMisses.length > 0 ? `; nearest: ${nearMisses.slice(0, 3).join('; ')}` : '') + regexFilterNote(spec.filter);
  if (spec.count !== undefined) {
    const ok = matching === spec.count;
    const which = matching > spec.count && matched.length > 0 ? `: ${matchedList(matched)}` : '';
    return result('messages', ok, ok ? what(spec.count) : `expected ${what(spec.count)}, got ${matching}${matching < spec.count ? near : which}`);
  }
  const atLeast = spec.atLeast ?? 1;
  const ok = matching >= atLeast;
  return result('messages', ok, ok ? `${what(matching)} (at least ${atLeast})` : `expected at least ${what(atLeast)}, got ${matching}${near}`);
}

export function expectDropReasons(spec: NonNullable<ExpectSpec['dropReasons']>, messages: CapturedMessage[]): ExpectationResult {
  const actual = [...new Set(messages.flatMap((m) => m.dropReasons.map((d) => d.code)))].sort();
  const scope = spec.step ? `the messages of step "${spec.step}"` : 'the messages';
  if (spec.none || (spec.codes && spec.codes.length === 0)) {
    return result('dropReasons', actual.length === 0, actual.length === 0 ? `Segment would keep ${scope}` : `expected Segment to keep ${scope}, but it would drop them: ${actual.join(', ')}`, [], actual);
  }
  const expected = [...(spec.codes ?? [])].sort();
  const missing = expected.filter((c) => !(actual as string[]).includes(c));
  return result('dropReasons', missing.length === 0, missing.length === 0 ? `${scope} carry drop reasons ${expected.join(', ')}` : `expected drop reasons ${expected.join(', ')} on ${scope}; missing ${missing.join(', ')}`, expected, actual);
}

type FindingsSpec = NonNullable<ExpectSpec['findings']>;

/** Whether a finding passes the expectation's profile and severity filter. */
const inFindingsFilter = (spec: FindingsSpec, f: CapturedMessage['findings'][number]): boolean =>
  (spec.profile === undefined || f.profile === spec.profile) && (spec.severity === undefined || f.severity === spec.severity);

export function expectFindings(spec: FindingsSpec, messages: CapturedMessage[]): ExpectationResult {
  const found = messages.flatMap((m) => m.findings).filter((f) => inFindingsFilter(spec, f));
  const rules = [...new Set(found.map((f) => f.rule))].sort();
  const scope = `${spec.profile ?? 'all'} findings${spec.severity ? ` (${spec.severity})` : ''}${spec.step ? ` of step "${spec.step}"` : ''}`;
  if (spec.rules) {
    const missing = spec.rules.filter((r) => !rules.includes(r));
    // A rule id one spelling off one the messages have (no-timezone for no-time-zone): named, as the
    // check names a key one letter off, where the reader had to spot it in the diff.
    const all = [...new Set(messages.flatMap((m) => m.findings.map((f) => f.rule)))];
    // Rule ids are long (segment.timestamp.no-time-zone): a short one is a name of its own, not a slip.
    const near = missing.map((r) => [r, r.length >= 12 ? nearestName(r, all) : undefined] as const).filter((x): x is readonly [string, string] => x[1] !== undefined);
    const meant = near.map(([r, n]) => `; ${r}: did you mean ${n}?`).join('');
    return result('findings', missing.length === 0, missing.length === 0 ? `${scope} include ${spec.rules.join(', ')}` : `expected ${scope} to include ${missing.join(', ')}${meant}`, [...spec.rules].sort(), rules);
  }
  const count = spec.count ?? 0;
  // "1 segment finding", "0 findings (warning)": a count names the profile, not "all".
  const counted = `${plural(count, `${spec.profile ? `${spec.profile} ` : ''}finding`)}${scope.slice(scope.indexOf(' findings') + ' findings'.length)}`;
  if (found.length === count) return result('findings', true, counted);
  const shown = found.length > 0 ? `: ${found.slice(0, 3).map((f) => `${f.path}: ${f.message}`).join(' | ')}` : '';
  return result('findings', false, `expected ${counted}, got ${found.length}${shown}${found.length < count ? leftOut(spec, messages) : ''}`);
}

/**
 * What a count that fell short left out: the findings of the same messages outside the profile or
 * severity filter (a missing Produktly tour_id is a warning, not the error a file expected), or
 * that there were none or no message. It read `got 0: `, a colon and nothing.
 */
function leftOut(spec: FindingsSpec, messages: CapturedMessage[]): string {
  if (messages.length === 0) return '; no message to judge';
  const all = messages.flatMap((m) => m.findings);
  if (all.length === 0) return '; its messages have no findings at all';
  const others = all.filter((f) => !inFindingsFilter(spec, f));
  if (others.length === 0) return '';
  const more = others.length > 3 ? ` | ${others.length - 3} more` : '';
  return `; outside that filter its messages have ${others.length}: ${others.slice(0, 3).map((f) => `${f.profile} ${f.severity} ${f.rule} at ${f.path}`).join(' | ')}${more}`;
}

/**
 * Why a failed session expectation may not be the product's fault: sessions are derived from every
 * captured message, so a run on an engine that already holds messages of the same anonymousIds at
 * the same simulated times (a second play of the file, a kept --data-dir) shares its sessions with
 * them. `before` counts those messages.
 */
export function earlierMessagesNote(before: number): string {
  if (before === 0) return '';
  return `; the engine already held ${before} message${before === 1 ? '' : 's'} of these sessions from before this run (same anonymousId, same times), which count too: run it on a cleared engine (the Scenarios tab's "Clear the log first", DELETE /api/messages, or eventbench run without --data-dir) or give it anonymousIds of its own`;
}

/**
 * Why a failed matching or users expectation may not be the product's fault: the Product Fruits
 * directory is the starting users changed by every captured webhook message, so messages captured
 * before this run (a second play of the file, one sent by hand) were matched too: its "created"
 * user already exists, its count is higher. Names those messages and, for each user they made or
 * changed, which did what and its username now: a bare list of current usernames, "(someone-else,
 * carol)", read as people nobody had mentioned (someone-else is the userId the example's first
 * message gives Ada's user).
 */
export function earlierMatchingNote(users: readonly { id: string; username?: string; createdBy?: number | null; touchedBy?: readonly number[] }[], seqBefore: number): string {
  const earlier = new Set<number>();
  const changed: string[] = [];
  const seqList = (seqs: readonly number[], n: number) => seqs.slice(0, n).map((q) => `#${q}`).join(', ') + (seqs.length > n ? ` and ${seqs.length - n} more` : '');
  for (const u of users) {
    const created = u.createdBy != null && u.createdBy <= seqBefore ? u.createdBy : undefined;
    const touched = [...new Set(u.touchedBy ?? [])].filter((q) => q <= seqBefore && q !== u.createdBy).sort((a, b) => a - b);
    if (created === undefined && touched.length === 0) continue;
    if (created !== undefined) earlier.add(created);
    touched.forEach((q) => earlier.add(q));
    const did = [created !== undefined ? `created by #${created}` : '', touched.length > 0 ? `changed by ${namedList(touched.map((q) => `#${q}`), 3)}` : ''];
    if (u.username !== undefined) did.push(`username ${touched.length > 0 ? 'now ' : ''}${JSON.stringify(u.username)}`);
    changed.push(`user ${u.id} (${did.filter(Boolean).join(', ')})`);
  }
  if (earlier.size === 0) return '';
  const seqs = [...earlier].sort((a, b) => a - b);
  const were = seqs.length === 1 ? 'was' : 'were';
  const they = seqs.length === 1 ? 'it' : 'they';
  return `; ${plural(seqs.length, 'message')} captured before this run (${seqList(seqs, 5)}) ${were} matched too, and what ${they} did to the directory counts: ${namedList(changed, 3, ' users')}; run it on a cleared log (the Scenarios tab's "Clear the log first", DELETE /api/messages, or eventbench run without --data-dir)`;
}

/** "a, b and c"; past n, "a, b, c and 2 more" (then `what`: "2 more users"). */
function namedList(list: readonly string[], n: number, what = ''): string {
  if (list.length <= n) return list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`;
  return `${list.slice(0, n).join(', ')} and ${list.length - n} more${what}`;
}

/**
 * Where to look instead when an anonymousId has no session: the anonymousIds of this run's
 * sessions, the one likely meant (a typo of it) first; or that the run made none, as a message
 * without an anonymousId is in no session.
 */
function otherSessionsNote(anonymousId: string, runAnonymousIds: readonly string[] | undefined): string {
  if (runAnonymousIds === undefined) return '';
  const others = [...new Set(runAnonymousIds)].filter((a) => a !== anonymousId).sort();
  if (others.length === 0) return '; this run made no session (sessions are keyed by anonymousId: a message without one is in none)';
  const near = nearestName(anonymousId, others);
  const list = (near === undefined ? others : [near, ...others.filter((a) => a !== near)]).slice(0, 5).join(', ') + (others.length > 5 ? `, and ${others.length - 5} more` : '');
  return near === undefined ? `; this run's sessions are of ${list}` : `; did you mean ${JSON.stringify(near)}? This run's sessions are of ${list}`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st… */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/**
 * A session as the expectation names it: its fields in the units the file uses. `before`: its
 * messages from before this run; `runAnonymousIds`: those of this run's sessions, named when the
 * anonymousId has none.
 */
export function expectSession(spec: NonNullable<ExpectSpec['session']>, session: SessionView | undefined, sessionsOfId: number, before = 0, runAnonymousIds?: readonly string[]): ExpectationResult {
  // index counts by time; a session's own #n counts the order they opened: "session #2 of … (v#3)"
  // read as a contradiction. Said as an ordinal, by time.
  const which = `${spec.index !== undefined ? `${ordinal(spec.index)} session (by time)` : 'session'} of anonymousId "${spec.anonymousId}"`;
  if (!session) return result('session', false, `expected ${spec.index !== undefined ? 'the' : 'a'} ${which}, but it has ${sessionsOfId === 0 ? `none${otherSessionsNote(spec.anonymousId, runAnonymousIds)}` : `only ${sessionsOfId}`}`);
  const expected: Record<string, unknown> = {};
  const actual: Record<string, unknown> = {};
  const dur = (ms: number) => formatDuration(ms);
  if (spec.state !== undefined) {
    expected.state = spec.state;
    actual.state = session.state;
  }
  if (spec.duration !== undefined) {
    expected.duration = dur(parseDuration(spec.duration)!);
    actual.duration = dur(session.durationMs);
  }
  const split = (want: Record<string, unknown>, have: { key: string; ms: number }[]) => {
    const e: Record<string, string> = {};
    const a: Record<string, string> = {};
    for (const [k, v] of Object.entries(want)) {
      e[k] = dur(parseDuration(v)!);
      const got = have.find((h) => h.key === k);
      a[k] = got ? dur(got.ms) : '(none)';
    }
    return [e, a];
  };
  if (spec.modules) [expected.modules, actual.modules] = split(spec.modules, session.moduleTimes);
  if (spec.features) [expected.features, actual.features] = split(spec.features, session.featureTimes);
  if (spec.account !== undefined) {
    expected.account = spec.account;
    actual.account = session.account ?? null;
  }
  if (spec.userId !== undefined) {
    expected.userId = spec.userId;
    actual.userId = session.userId ?? null;
  }
  if (spec.late !== undefined) {
    expected.late = spec.late;
    actual.late = session.late.length;
  }
  const ok = JSON.stringify(expected) === JSON.stringify(actual);
  return result('session', ok, ok ? `${which} (${session.id}) is as expected` : `${which} (${session.id}) differs${earlierMessagesNote(before)}`, expected, actual);
}

/**
 * Why a session count fell short when some of the run's messages have no anonymousId (webhook and
 * server-side sends, most often): Freshsuccess keys sessions by it, so those messages are in none.
 */
export function noAnonymousIdNote(without: number, of: number): string {
  if (without === 0) return '';
  return `; ${without} of the run's ${plural(of, 'message')} ${without === 1 ? 'carries' : 'carry'} no anonymousId, so ${without === 1 ? 'it is' : 'they are'} in no session (Freshsuccess keys sessions by anonymousId)`;
}

/**
 * `before`: messages of these sessions from before this run; `noAnonymousId`: how many of the
 * run's messages carry no anonymousId, named when a count falls short.
 */
export function expectSessionCounts(spec: NonNullable<ExpectSpec['sessions']>, sessions: SessionView[], before = 0, noAnonymousId?: { without: number; of: number }): ExpectationResult {
  const actualAll = { count: sessions.length, open: sessions.filter((s) => s.state === 'open').length, timedOut: sessions.filter((s) => s.state === 'timedOut').length };
  const expected: Record<string, number> = {};
  const actual: Record<string, number> = {};
  for (const k of ['count', 'open', 'timedOut'] as const) {
    if (spec[k] !== undefined) {
      expected[k] = spec[k]!;
      actual[k] = actualAll[k];
    }
  }
  const ok = JSON.stringify(expected) === JSON.stringify(actual);
  const short = Object.keys(expected).some((k) => expected[k] > actual[k]);
  const why = short && noAnonymousId ? noAnonymousIdNote(noAnonymousId.without, noAnonymousId.of) : '';
  return result('sessions', ok, ok ? `sessions: ${JSON.stringify(actual)}` : `session counts differ${earlierMessagesNote(before)}${why}`, expected, actual);
}

export function expectConflicts(spec: NonNullable<ExpectSpec['accountConflicts']>, conflicts: AccountConflict[]): ExpectationResult {
  const norm = (list: { userId: string; accounts?: string[] }[], withAccounts: (userId: string) => boolean) =>
    list.map((c) => ({ userId: c.userId, ...(withAccounts(c.userId) ? { accounts: [...(c.accounts ?? [])].sort() } : {}) })).sort((a, b) => a.userId.localeCompare(b.userId));
  const wantsAccounts = (userId: string) => spec.find((c) => c.userId === userId)?.accounts !== undefined;
  const expected = norm(spec, wantsAccounts);
  const actual = norm(
    conflicts.map((c) => ({ userId: c.userId, accounts: c.accounts.map((a) => a.groupId) })),
    wantsAccounts,
  );
  const ok = JSON.stringify(expected) === JSON.stringify(actual);
  return result('accountConflicts', ok, ok ? (expected.length === 0 ? 'no account conflicts' : `account conflicts: ${expected.map((c) => c.userId).join(', ')}`) : 'account conflicts differ', expected, actual);
}

/**
 * What became of a delivery, for a failed delivery expectation: the diff said only `"state":
 * "failed"`, not that the host refused the connection three times, or answered 401 and why.
 */
export function deliveryWhy(delivery: { attempts: readonly { url: string; status?: number; responseBody?: string; error?: string }[]; error?: string }): string | undefined {
  const last = delivery.attempts.at(-1);
  if (!last) return delivery.error ? `it was not sent: ${delivery.error}` : undefined;
  const tries = `${plural(delivery.attempts.length, 'attempt')} to ${last.url}`;
  if (last.status !== undefined) {
    const body = (last.responseBody ?? '').replace(/\s+/g, ' ').trim();
    return `${tries}; the last was answered ${last.status}${body ? `: ${body.length > 200 ? `${body.slice(0, 200)}…` : body}` : ''}`;
  }
  return `${tries}; the last got no answer: ${last.error ?? delivery.error ?? 'no reason given'}`;
}

/** named: how the step reads in a sentence (`step "s"`, `the send on line 12`). why: deliveryWhy's, said when it fails. */
export function expectDelivery(spec: NonNullable<ExpectSpec['delivery']>, delivery: { state: string; status?: number; why?: string } | undefined, named = `step "${spec.step}"`): ExpectationResult {
  if (!delivery) return result('delivery', false, `${named} sent nothing through the sender`);
  const expected: Record<string, unknown> = {};
  const actual: Record<string, unknown> = {};
  if (spec.state !== undefined) {
    expected.state = spec.state;
    actual.state = delivery.state;
  }
  if (spec.status !== undefined) {
    expected.status = spec.status;
    actual.status = delivery.status ?? null;
  }
  const ok = JSON.stringify(expected) === JSON.stringify(actual);
  return result('delivery', ok, ok ? `delivery of ${named}: ${JSON.stringify(actual)}` : `delivery of ${named} differs${delivery.why ? `: ${delivery.why}` : ''}`, expected, actual);
}
