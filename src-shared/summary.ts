// CapturedMessage -> the compact row the inspector lists.
import type { CapturedMessage, MessageSummary } from './capture';
import type { Finding } from './validate/finding';

export function maskWriteKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  if (key.length <= 6) return '•'.repeat(key.length);
  return `${key.slice(0, 3)}…${key.slice(-3)}`;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
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

export function toSummary(c: CapturedMessage): MessageSummary {
  const tally = tallyFindings(c.findings);
  return {
    seq: c.seq,
    receivedAt: c.receivedAt,
    type: str(c.message.type) ?? '?',
    name: internName(displayName(c.message)),
    userId: str(c.message.userId),
    anonymousId: str(c.message.anonymousId),
    origin: c.origin.kind,
    endpoint: c.origin.endpoint,
    writeKeyMasked: c.origin.kind === 'tracking' ? maskedWriteKey(c.origin.writeKey) : undefined,
    webhook: c.origin.kind === 'webhook' ? c.origin.webhook : undefined,
    signature: c.origin.kind === 'webhook' ? c.origin.signature.status : undefined,
    dropCodes: c.dropReasons.length === 0 ? NO_DROP_CODES : c.dropReasons.map((r) => r.code),
    findingProfiles: tally.profiles,
    errorCount: tally.errorCount,
    warningCount: tally.warningCount,
    findingCounts: tally.counts,
  };
}

// Summaries are kept for every message (100,000s of them), so their parts are shared where
// they repeat: the arrays below are frozen, as one instance serves many summaries.
const NO_DROP_CODES = Object.freeze([]) as unknown as MessageSummary['dropCodes'];

interface FindingTally {
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

function tallyFindings(findings: readonly Finding[]): FindingTally {
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
  // slice(): exact-size copies (push leaves spare capacity, retained with every summary).
  lastTally = { profiles: Object.freeze(profiles.slice()) as string[], counts: Object.freeze(counts.slice()) as number[], errorCount, warningCount };
  lastFindings = findings.slice(); // a copy: the caller's array may change later
  return lastTally;
}

function sameElements(a: readonly Finding[], b: readonly Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

// Summaries live as long as the log: names (mostly event names, a handful of distinct ones) are
// kept as one shared string each rather than one copy per message. Bounded: emptied when full.
const NAMES = new Map<string, string>();
const MAX_NAMES = 4096;

function internName(name: string): string {
  const known = NAMES.get(name);
  if (known !== undefined) return known;
  if (NAMES.size >= MAX_NAMES) NAMES.clear();
  NAMES.set(name, name);
  return name;
}

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
