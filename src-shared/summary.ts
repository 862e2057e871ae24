// CapturedMessage -> the compact row the inspector lists.
import type { CapturedMessage, MessageSummary } from './capture';
import type { Finding } from './validate/finding';
import { createInterner } from './interner';
import { exactText, holdsRoundedId, isExactNumber, parseExact } from './exact-json';

export function maskWriteKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  if (key.length <= 6) return '•'.repeat(key.length);
  return `${key.slice(0, 3)}…${key.slice(-3)}`;
}

/**
 * A summary's text for a message field: strings as they are, numbers as decimal text (ids may be
 * numbers), a number read exactly (exactIdsOf) as the digits the client sent.
 */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.charCodeAt(0) === 0 && isExactNumber(v) ? exactText(v) : v;
  return typeof v === 'number' ? String(v) : undefined;
}

/**
 * The message to take ids and names from: the message itself, unless an id is a number JSON.parse
 * rounded (a PHP int userId past 2^53: 9007199254740993 reads as …992) and its text is at hand;
 * then the message read from that text with such numbers kept as their digits (str reads them).
 */
export function exactIdsOf<M extends Record<string, unknown>>(message: M, textOf: () => string | undefined): M {
  if (!holdsRoundedId(message)) return message;
  const text = textOf();
  return text === undefined ? message : (parseExact(text) as M);
}

export function displayName(m: CapturedMessage['message']): string {
  switch (m.type) {
    case 'track':
      return str(m.event) ?? '';
    case 'page':
    case 'screen':
      return str(m.name) ?? str((m.properties as Record<string, unknown> | undefined)?.name) ?? '';
    case 'group':
      return str(m.groupId) ?? '';
    case 'alias':
      return str(m.previousId) ?? '';
    case 'identify':
      return str((m.traits as Record<string, unknown> | undefined)?.email) ?? '';
    default:
      return str(m.event) ?? '';
  }
}

/** `messageText`: the message's stored text, when the caller has it (else c.messageJson, attached when it holds a number JSON.parse rounds). */
export function toSummary(c: CapturedMessage, messageText?: string): MessageSummary {
  const m = exactIdsOf(c.message, () => messageText ?? c.messageJson);
  return summaryFrom(c.seq, c.receivedAt, c.origin, c.dropReasons, str(m.type) ?? '?', displayName(m), str(m.userId), str(m.anonymousId), tallyFindings(c.findings));
}

/**
 * A summary from its parts. `type` and `name` are shared (one string per distinct value): a
 * worker thread's strings arrive as fresh copies, and summaries live as long as the log.
 */
export function summaryFrom(
  seq: number,
  receivedAt: string,
  origin: CapturedMessage['origin'],
  dropReasons: CapturedMessage['dropReasons'],
  type: string,
  name: string,
  userId: string | undefined,
  anonymousId: string | undefined,
  tally: FindingTally,
): MessageSummary {
  const group = summaryGroup(receivedAt, origin);
  return {
    seq,
    receivedAt,
    type: callTypeConstant(type),
    name: internName(name),
    userId,
    anonymousId,
    origin: group.origin,
    endpoint: group.endpoint,
    writeKeyMasked: group.writeKeyMasked,
    ...(group.writeKeyFingerprint !== undefined ? { writeKeyFingerprint: group.writeKeyFingerprint } : {}),
    webhook: group.webhook,
    signature: group.signature,
    ...(group.signatureUnchecked ? { signatureUnchecked: true as const } : {}),
    dropCodes: dropReasons.length === 0 ? NO_DROP_CODES : dropReasons.map((r) => r.code),
    findingProfiles: tally.profiles,
    errorCount: tally.errorCount,
    warningCount: tally.warningCount,
    findingCounts: tally.counts,
  };
}

/** The summary fields that come from a message's request (the same for all its messages). */
export type SummaryGroup = Pick<MessageSummary, 'receivedAt' | 'origin' | 'endpoint' | 'writeKeyMasked' | 'writeKeyFingerprint' | 'webhook' | 'signature' | 'signatureUnchecked'>;

export function summaryGroup(receivedAt: string, origin: CapturedMessage['origin']): SummaryGroup {
  return {
    receivedAt,
    origin: origin.kind,
    endpoint: origin.endpoint,
    writeKeyMasked: origin.kind === 'tracking' ? maskedWriteKey(origin.writeKey) : undefined,
    writeKeyFingerprint: origin.kind === 'tracking' ? origin.writeKeyFingerprint : undefined,
    webhook: origin.kind === 'webhook' ? origin.webhook : undefined,
    signature: origin.kind === 'webhook' ? origin.signature.status : undefined,
    signatureUnchecked: origin.kind === 'webhook' && origin.signature.status === 'no-secret' && typeof origin.signature.received === 'string' ? true : undefined,
  };
}

function callTypeConstant(type: string): string {
  switch (type) {
    case 'track':
      return 'track';
    case 'identify':
      return 'identify';
    case 'page':
      return 'page';
    case 'screen':
      return 'screen';
    case 'group':
      return 'group';
    case 'alias':
      return 'alias';
    default:
      return internName(type);
  }
}

// Summaries are kept for every message (100,000s of them), so their parts are shared where
// they repeat: the arrays below are frozen, as one instance serves many summaries.
const NO_DROP_CODES = Object.freeze([]) as unknown as MessageSummary['dropCodes'];

export interface FindingTally {
  profiles: string[];
  counts: number[];
  errorCount: number;
  warningCount: number;
}

// The validator shares finding objects that do not vary (a field missing at the message root), so
// consecutive messages alike (typically a whole batch) have identical findings lists: the last
// list's tally is reused when every element is the same object.
let lastFindings: readonly Finding[] = [];
let lastTally: FindingTally | undefined;

export function tallyFindings(findings: readonly Finding[]): FindingTally {
  if (lastTally !== undefined && sameElements(findings, lastFindings)) return lastTally;
  const profiles: string[] = [];
  const counts: number[] = [];
  let errorCount = 0;
  let warningCount = 0;
  for (const f of findings) {
    const isError = f.severity === 'error';
    if (isError) errorCount++;
    else if (f.severity === 'warning') warningCount++;
    else continue;
    let p = profiles.indexOf(f.profile);
    if (p < 0) {
      p = profiles.push(f.profile) - 1;
      counts.push(0, 0);
    }
    counts[2 * p + (isError ? 0 : 1)]++;
  }
  lastTally = frozenTally(profiles, counts, errorCount, warningCount);
  lastFindings = findings.slice(); // a copy: the caller's array may change later
  return lastTally;
}

/** A tally to share among summaries: exact-size frozen copies of its lists (push leaves spare capacity). */
function frozenTally(profiles: readonly string[], counts: readonly number[], errorCount: number, warningCount: number): FindingTally {
  return { profiles: Object.freeze(profiles.slice()) as string[], counts: Object.freeze(counts.slice()) as number[], errorCount, warningCount };
}

function sameElements(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Summaries live as long as the log: names (mostly event names, a handful of distinct ones) are
// kept as one shared string each rather than one copy per message. Bounded: emptied when full.
const MAX_NAMES = 4096;
const internName = createInterner(MAX_NAMES);

let lastWriteKey: string | undefined;
let lastMasked: string | undefined;

/** maskWriteKey, remembered for the last key: a request's messages all carry the same one. */
function maskedWriteKey(key: string | undefined): string | undefined {
  if (key !== lastWriteKey) {
    lastWriteKey = key;
    lastMasked = maskWriteKey(key);
  }
  return lastMasked;
}

// Tallies that crossed from a worker thread are copies: the same tally arrives once per request.
// Shared here so that summaries keep one frozen instance per distinct tally. Bounded like the names.
const TALLIES = new Map<string, FindingTally>();

export function internTally(t: FindingTally): FindingTally {
  const key = `${t.profiles.join(',')}|${t.counts.join(',')}|${t.errorCount}|${t.warningCount}`;
  const known = TALLIES.get(key);
  if (known !== undefined) return known;
  if (TALLIES.size >= MAX_NAMES) TALLIES.clear();
  const shared = frozenTally(t.profiles, t.counts, t.errorCount, t.warningCount);
  TALLIES.set(key, shared);
  return shared;
}
