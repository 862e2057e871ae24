// A key the receiver takes out of a message or replaces (a writeKey, a receivedAt, a single call's
// type), written twice: the stored message cannot show the repeat, so the request says it
// (origin.replacedKeyRepeats, one sentence per key, parse.ts). Each sentence is also a warning on
// the message it is about, derived from those sentences wherever findings are (ingest, the log's
// load, a read), never stored: so "Has problems" finds the message and its counts include it.
import type { Finding } from './finding';

export const REPLACED_KEY_RULE = 'segment.json.duplicate-key.replaced';

/** A sentence about one batch item's key: "batch[3].receivedAt appears twice…". */
const ITEM_SENTENCE = /^batch\[(\d+)\]\.([^ ]+) appears /;
/** A request-level sentence (a single call's key, a batch's own writeKey): "writeKey appears twice…". */
const REQUEST_SENTENCE = /^([^ ]+) appears /;
/**
 * The count parse.ts gives past its named sentences: "and 12 more such keys in this batch's
 * messages", with the items they are in when those are few (countedItemsText): ", in batch[7],
 * batch[9] and batch[12] to batch[20]".
 */
const MORE_SENTENCE = /^and ([\d,]+) more such keys? in this batch's messages(?:, in (.+))?$/;
/** A run of the counted items, as countedItemsText writes it: "batch[7]", "batch[12] to batch[20]". */
const COUNTED_RUN = /^batch\[(\d+)\](?: to batch\[(\d+)\])?$/;

/** Runs of counted items listed at most; past that the count says no items (the sentence stays short). */
export const MAX_COUNTED_RUNS = 20;

/**
 * The items (ascending indexes) whose keys the count holds, as the count sentence lists them:
 * "batch[7], batch[9] and batch[12] to batch[20]"; undefined past MAX_COUNTED_RUNS runs.
 */
export function countedItemsText(items: readonly number[]): string | undefined {
  const runs: string[] = [];
  for (let i = 0; i < items.length; ) {
    let j = i;
    while (j + 1 < items.length && items[j + 1] === items[j] + 1) j++;
    if (j === i) runs.push(`batch[${items[i]}]`);
    else if (j === i + 1) runs.push(`batch[${items[i]}]`, `batch[${items[j]}]`);
    else runs.push(`batch[${items[i]}] to batch[${items[j]}]`);
    i = j + 1;
  }
  if (runs.length === 0 || runs.length > MAX_COUNTED_RUNS) return undefined;
  return runs.length === 1 ? runs[0] : `${runs.slice(0, -1).join(', ')} and ${runs[runs.length - 1]}`;
}

/** Whether item `index` is among those countedItemsText listed; undefined when the list cannot be read (a hand edit). */
function listsItem(list: string, index: number): boolean | undefined {
  let found = false;
  for (const run of list.split(/, | and /)) {
    const m = COUNTED_RUN.exec(run);
    if (m === null) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (index >= from && index <= to) found = true;
  }
  return found;
}

/**
 * The warnings of message `index` of its request (its place in the request's body: 0 for a single
 * call, i for batch[i]) from the request's replacedKeyRepeats. A request-level sentence is every
 * message's (a batch's own writeKey authenticates them all); an item's, its item's only. Past the
 * sentences parse.ts names one by one, it counts the rest: those keys are in items after the last
 * named one, so those items are warned that they may be among them. parse.ts names an item's
 * writeKey before its receivedAt, so when the last named sentence is an item's writeKey, that
 * item's receivedAt may be among the rest too (the count was cut between its two keys). `index`
 * undefined (an old full-record line, its place unknown): every sentence is the message's.
 */
export function replacedKeyFindings(said: readonly string[] | undefined, index: number | undefined): Finding[] {
  // A hand-edited log may hold anything there: only a list of sentences says something.
  if (!Array.isArray(said) || said.length === 0) return NONE;
  const out: Finding[] = [];
  let lastItem = -1;
  // The first item the count may be about: past the last named item, or that item itself when its
  // writeKey was the last sentence named (its receivedAt then counted, not named).
  let firstCounted = 0;
  for (const sentence of said) {
    if (typeof sentence !== 'string') continue;
    const item = ITEM_SENTENCE.exec(sentence);
    if (item !== null) {
      const at = Number(item[1]);
      lastItem = Math.max(lastItem, at);
      firstCounted = item[2] === 'writeKey' ? lastItem : lastItem + 1;
      if (index === undefined || index === at) out.push(warning(item[2], `${sentence}.`));
      continue;
    }
    const more = MORE_SENTENCE.exec(sentence);
    if (more !== null) {
      const n = more[1];
      const are = n === '1' ? 'key the receiver takes out or replaces (a writeKey or a receivedAt) is' : 'keys the receiver takes out or replaces (writeKeys or receivedAts) are';
      // The items the count is in, when parse.ts listed them: only those are warned, and surely.
      const listed = more[2] === undefined || index === undefined ? undefined : listsItem(more[2], index);
      if (listed === true) out.push(warning('', `${n} more ${are} written twice in this batch's messages, not named one by one: in ${more[2]}, this message among them. Send each key once.`));
      else if (listed === undefined && (index === undefined || index >= firstCounted)) {
        const after = lastItem < 0 ? '' : firstCounted > lastItem ? ` after batch[${lastItem}]` : ` from batch[${lastItem}] on`;
        const items = more[2] === undefined ? '' : ` (in ${more[2]})`;
        out.push(warning('', `${n} more ${are} written twice in this batch's messages${after}${items}, not named one by one; this message may be one of them. Send each key once.`));
      }
      continue;
    }
    const key = REQUEST_SENTENCE.exec(sentence);
    out.push(warning(key?.[1] ?? '', `${sentence}.`));
  }
  return out;
}

const NONE: Finding[] = Object.freeze([]) as unknown as Finding[];

function warning(path: string, message: string): Finding {
  return { severity: 'warning', path, rule: REPLACED_KEY_RULE, message, profile: 'segment' };
}
