// The forwarding state kept in forwarding.json, read back. The file is the engine's own, but it
// can be edited by hand or damaged: a source entry that cannot be taken as written is said, by
// its source and field, and taken as the nearest safe reading (a cursor it cannot read: forwarding
// of that source starts over from the first message, at least once as ever), never left to break
// the forwarding status or stop forwarding with a JavaScript error.

export interface ForwardSourceState {
  /** Every message of the source up to this seq was handled (forwarded, or refused for good). */
  cursor: number;
  /** The requestId of the message at the cursor (a log cleared since is told by it). */
  cursorRequestId?: string;
  forwarded: number;
  writeKey?: string;
  /** Messages Segment refused (4xx), by seq: the answer. */
  failed: Record<string, string>;
  /** The last refusal, with when and how many messages. */
  lastRefusal?: string;
}

export interface ForwardingState {
  sources: Record<string, ForwardSourceState>;
}

export interface ReadForwarding {
  state: ForwardingState;
  /** One sentence per entry or field taken otherwise than written. */
  problems: string[];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

export function readForwardingState(value: unknown): ReadForwarding {
  const problems: string[] = [];
  const sources: Record<string, ForwardSourceState> = Object.create(null);
  const raw = isObject(value) ? value.sources : undefined;
  if (!isObject(value) || !isObject(raw)) {
    problems.push(`${isObject(value) ? '"sources"' : 'the file'} must be an object of sources, not ${describe(isObject(value) ? raw : value)}; forwarding starts over from the first captured message for every source (and its forward write key must be entered again)`);
    return { state: { sources: {} }, problems };
  }
  for (const [id, entry] of Object.entries(raw)) {
    const at = `sources[${JSON.stringify(id)}]`;
    if (!isObject(entry)) {
      problems.push(`${at}: must be an object, not ${describe(entry)}; that source forwards from the first captured message, and its forward write key must be entered again`);
      sources[id] = { cursor: 0, forwarded: 0, failed: {} };
      continue;
    }
    const s: ForwardSourceState = { cursor: 0, forwarded: 0, failed: {} };
    if (isCount(entry.cursor)) s.cursor = entry.cursor;
    else if (entry.cursor !== undefined) problems.push(`${at}.cursor: must be a message number, not ${describe(entry.cursor)}; that source forwards from the first captured message (Segment drops what it already has by messageId)`);
    if (typeof entry.cursorRequestId === 'string' && s.cursor > 0) s.cursorRequestId = entry.cursorRequestId;
    if (isCount(entry.forwarded)) s.forwarded = entry.forwarded;
    else if (entry.forwarded !== undefined) problems.push(`${at}.forwarded: must be a count, not ${describe(entry.forwarded)}; counted from 0`);
    if (typeof entry.writeKey === 'string' && entry.writeKey.trim() !== '') s.writeKey = entry.writeKey;
    else if (entry.writeKey !== undefined) problems.push(`${at}.writeKey: must be text, not ${describe(entry.writeKey)}; that source forwards nothing until its forward write key is entered again`);
    if (isObject(entry.failed)) {
      for (const [seq, answer] of Object.entries(entry.failed)) if (/^\d+$/.test(seq) && typeof answer === 'string') s.failed[seq] = answer;
      if (Object.keys(s.failed).length !== Object.keys(entry.failed).length) problems.push(`${at}.failed: entries that are not a message number with Segment's answer are left out`);
    } else if (entry.failed !== undefined) problems.push(`${at}.failed: must be an object of message numbers and Segment's answers, not ${describe(entry.failed)}; taken as none`);
    if (typeof entry.lastRefusal === 'string') s.lastRefusal = entry.lastRefusal;
    sources[id] = s;
  }
  return { state: { sources: { ...sources } }, problems };
}
