// What matching keeps of every captured message, as columns. The engine keeps one input per
// message for as long as the log lives (a settings change or a what-if re-runs the rule from
// them), and one object per message (19 fields, its messageId and receivedAt texts, the values)
// cost about 360 bytes: 3.4 GiB at ten million messages. Columns cost about 90: numbers in typed
// arrays, every id and email interned (the rule compares their keys anyway), a value that is not
// text (null, true, an object...) as a small negative code, messageIds in long strings of 4,096.
// `at(i)` gives a message's MatchInput, a view that reads the columns.
import type { CapturedMessage } from '../capture';
import { exactNumber, exactText, isExactNumber, mayHoldLossyNumber, parseExact } from '../exact-json';
import { NO_TRAITS, Unusable, asObject, emailText, isGroupCall, looseEmailKey, readField, userTraits } from './extract';
import { Interner } from './key-index';
import { grownTo, type NumberColumn } from '../typed-arrays';
import type { FieldRead, MatchInput } from './types';

/** What matching reads of a capture: messageJson when its text may hold a number JSON.parse rounds (an id or a trait past 2^53). */
export type FedCapture = Pick<CapturedMessage, 'seq' | 'receivedAt' | 'origin' | 'message'> & { messageJson?: string };

// A value's code in a key column: >= 0 its text, interned (see NUMBER_* for numbers); else one of these.
const ABSENT = -1;
const CODES: readonly unknown[] = [undefined, null, '', true, false, new Unusable('an object'), new Unusable('a list')];

// Flag bits, per message.
const WEBHOOK = 1;
const LOOSE_AT_SHIFT = 1; // two bits: the loose email's location + 1 (0: none)
const EXACT_AT_SHIFT = 3; // two bits: the exact email's location + 1 (0: none)
const USER_ID_NUMBER = 1 << 5;
const ANONYMOUS_ID_NUMBER = 1 << 6;
const EMAIL_NUMBER_SHIFT = 7; // three bits: the email at location 0-2 was a number
const HAS_MESSAGE_ID = 1 << 10;
/** receivedAt is not what toISOString gives for its time: kept as text (see oddTexts). */
const ODD_RECEIVED_AT = 1 << 11;

/** Messages per messageId chunk: the chunk's texts joined into one string once it is full. */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const INITIAL_ROWS = 1024;

export class MatchInputs {
  /** Every id, email and call type the inputs hold, interned; the matcher indexes users by these keys. */
  readonly interner = new Interner();
  private count = 0;
  private seqs = new Float64Array(INITIAL_ROWS);
  /** receivedAt as ms; with ODD_RECEIVED_AT, the index of its text in oddTexts. */
  private received = new Float64Array(INITIAL_ROWS);
  private flags = new Uint16Array(INITIAL_ROWS);
  private types = new Int32Array(INITIAL_ROWS);
  /** The event's name, interned (a track's event, else a page's or screen's name); -1: none. */
  private events = new Int32Array(INITIAL_ROWS);
  private userIds = new Int32Array(INITIAL_ROWS);
  private anonymousIds = new Int32Array(INITIAL_ROWS);
  /** Three per message, in EMAIL_PATHS order: the value as the message held it. */
  private emails = new Int32Array(3 * INITIAL_ROWS);
  /** The loose email's key (trimmed, lower case, accents composed), -1: none. */
  private looseKeys = new Int32Array(INITIAL_ROWS);
  /** Index in traitList (0: no user properties). */
  private traitRefs = new Int32Array(INITIAL_ROWS);
  private readonly traitList: Readonly<Record<string, unknown>>[] = [NO_TRAITS];
  /** Where each messageId ends in its chunk (chunk: position >> CHUNK_BITS). */
  private messageIdEnds = new Int32Array(INITIAL_ROWS);
  private readonly messageIdChunks: string[] = [];
  /** The messageIds of the chunk being filled. */
  private pending: string[] = [];
  private pendingLength = 0;
  private readonly oddTexts: string[] = [];
  /** The last receivedAt text pushed, and what it was kept as; likewise the last call type. */
  private pushedReceivedAt: string | undefined;
  private pushedReceived = 0;
  private pushedOdd = false;
  private pushedType: unknown;
  private pushedTypeKey = ABSENT;
  private pushedEvent: unknown;
  private pushedEventKey = ABSENT;
  /** The last receivedAt text made from its time: a request's messages share one. */
  private lastReceivedMs = NaN;
  private lastReceivedText = '';

  static from(captures: Iterable<FedCapture>): MatchInputs {
    const inputs = new MatchInputs();
    for (const c of captures) inputs.push(c);
    return inputs;
  }

  get length(): number {
    return this.count;
  }

  /**
   * Extracts what the rule reads from a captured message; returns its position. A number JSON.parse
   * rounds (a PHP int userId, a trait past 2^53) is read from the message's text (c.messageJson) as
   * its digits: 9007199254740993 and 9007199254740992 are two usernames, and a trait sent as
   * 9007199254740993 is kept as those digits (an exact-json marker). Only a text that may hold such
   * a number is parsed again (mayHoldLossyNumber: a scan of every 16th character).
   */
  push(c: FedCapture): number {
    if (this.count === this.seqs.length) this.grow();
    const i = this.count++;
    const m = c.message;
    // Ids and user properties come from the exact reading; emails from the plain one (a number is no email).
    const exact = c.messageJson !== undefined && mayHoldLossyNumber(c.messageJson) ? (parseExact(c.messageJson) as typeof m) : m;
    const traits = asObject(m.traits);
    const contextTraits = asObject(asObject(m.context)?.traits);
    this.seqs[i] = c.seq;
    let flags = c.origin.kind === 'webhook' ? WEBHOOK : 0;
    // A request's messages share one receivedAt text: it is read once per run of them.
    if (c.receivedAt !== this.pushedReceivedAt) {
      const ms = Date.parse(c.receivedAt);
      this.pushedOdd = !(Number.isFinite(ms) && new Date(ms).toISOString() === c.receivedAt);
      this.pushedReceived = this.pushedOdd ? this.oddTexts.push(c.receivedAt) - 1 : ms;
      this.pushedReceivedAt = c.receivedAt;
    }
    this.received[i] = this.pushedReceived;
    if (this.pushedOdd) flags |= ODD_RECEIVED_AT;
    if (m.type !== this.pushedType) {
      this.pushedType = m.type;
      this.pushedTypeKey = typeof m.type === 'string' ? this.interner.id(m.type) : ABSENT;
    }
    this.types[i] = this.pushedTypeKey;
    // Runs of one event (a batch of the same track) are read once. Not read by the rule: a list
    // row names the message by it.
    const event = eventNameOf(m);
    if (event !== this.pushedEvent) {
      this.pushedEvent = event;
      this.pushedEventKey = event === undefined ? ABSENT : this.interner.id(event);
    }
    this.events[i] = this.pushedEventKey;
    this.userIds[i] = this.code(exact.userId);
    if (typeof m.userId === 'number') flags |= USER_ID_NUMBER;
    this.anonymousIds[i] = this.code(exact.anonymousId);
    if (typeof m.anonymousId === 'number') flags |= ANONYMOUS_ID_NUMBER;
    const traitsEmail = traits?.email;
    const contextTraitsEmail = contextTraits?.email;
    const propertiesEmail = asObject(m.properties)?.email;
    let looseAt = -1;
    let exactAt = -1;
    // A group call's traits describe the account (Segment's spec; Freshsuccess reads its
    // traits.email as the account's contact): kept for the trace, never the user's email.
    const firstEmailAt = isGroupCall(m.type) ? 1 : 0;
    for (let at = 0; at < 3; at++) {
      const v = at === 0 ? traitsEmail : at === 1 ? contextTraitsEmail : propertiesEmail;
      const code = this.code(v);
      this.emails[3 * i + at] = code;
      if (typeof v === 'number') flags |= 1 << (EMAIL_NUMBER_SHIFT + at);
      if (looseAt >= 0 || at < firstEmailAt || emailText(v) === undefined) continue;
      if (exactAt < 0) exactAt = at;
      const loose = looseEmailKey(v as string);
      if (loose === '') continue;
      looseAt = at;
      // Most emails are written as compared already: the same text, the same key.
      this.looseKeys[i] = loose === v ? code : this.interner.id(loose);
    }
    if (looseAt < 0) this.looseKeys[i] = ABSENT;
    flags |= ((looseAt + 1) << LOOSE_AT_SHIFT) | ((exactAt + 1) << EXACT_AT_SHIFT);
    const userProperties = exact === m ? userTraits(m.type, traits, contextTraits) : userTraits(m.type, asObject(exact.traits), asObject(asObject(exact.context)?.traits));
    this.traitRefs[i] = userProperties === NO_TRAITS ? 0 : this.traitList.push(userProperties) - 1;
    if (typeof m.messageId === 'string') {
      flags |= HAS_MESSAGE_ID;
      this.pending.push(m.messageId);
      this.pendingLength += m.messageId.length;
    } else this.pending.push('');
    this.messageIdEnds[i] = this.pendingLength;
    if (this.pending.length === CHUNK) {
      this.messageIdChunks.push(this.pending.join(''));
      this.pending = [];
      this.pendingLength = 0;
    }
    this.flags[i] = flags;
    return i;
  }

  /** The input at position i, as an object that reads the columns. */
  at(i: number): MatchInput {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`no match input at ${i} (${this.count} kept)`);
    return new InputView(this, i);
  }

  // ---- what the rule reads (positions, not objects: a re-derive reads a million of them) ----

  seq(i: number): number {
    return this.seqs[i];
  }
  fromWebhook(i: number): boolean {
    return (this.flags[i] & WEBHOOK) !== 0;
  }
  receivedAt(i: number): string {
    const t = this.received[i];
    if ((this.flags[i] & ODD_RECEIVED_AT) !== 0) return this.oddTexts[t];
    if (t !== this.lastReceivedMs) {
      this.lastReceivedText = new Date(t).toISOString();
      this.lastReceivedMs = t;
    }
    return this.lastReceivedText;
  }
  type(i: number): string | undefined {
    const key = this.types[i];
    return key < 0 ? undefined : this.interner.text(key);
  }
  /** The message's event name (a track's event, else a page's or screen's name); undefined: none. */
  eventName(i: number): string | undefined {
    const key = this.events[i];
    return key < 0 ? undefined : this.interner.text(key);
  }
  messageId(i: number): string | undefined {
    if ((this.flags[i] & HAS_MESSAGE_ID) === 0) return undefined;
    const chunk = i >> CHUNK_BITS;
    const start = (i & (CHUNK - 1)) === 0 ? 0 : this.messageIdEnds[i - 1];
    if (chunk < this.messageIdChunks.length) return this.messageIdChunks[chunk].slice(start, this.messageIdEnds[i]);
    return this.pending[i & (CHUNK - 1)];
  }
  /** The userId's key when it is text or a finite number (read as its text); -1: none. */
  userIdKey(i: number): number {
    return Math.max(this.userIds[i], ABSENT);
  }
  /** The anonymousId's key, as userIdKey. */
  anonymousIdKey(i: number): number {
    return Math.max(this.anonymousIds[i], ABSENT);
  }
  userIdValue(i: number): unknown {
    return this.value(this.userIds[i], (this.flags[i] & USER_ID_NUMBER) !== 0);
  }
  anonymousIdValue(i: number): unknown {
    return this.value(this.anonymousIds[i], (this.flags[i] & ANONYMOUS_ID_NUMBER) !== 0);
  }
  /** The value at an email location (0-2, EMAIL_PATHS order), as the message held it. */
  emailValue(i: number, at: number): unknown {
    return this.value(this.emails[3 * i + at], (this.flags[i] & (1 << (EMAIL_NUMBER_SHIFT + at))) !== 0);
  }
  /** Ignoring case and space: the first email location with something left after trimming (-1: none), and its key. */
  looseEmailAt(i: number): number {
    return ((this.flags[i] >> LOOSE_AT_SHIFT) & 3) - 1;
  }
  looseEmailKey(i: number): number {
    return this.looseKeys[i];
  }
  /** Exact: the first email location holding text (-1: none), that email's key as is, and its loose key (for the near miss). */
  exactEmailAt(i: number): number {
    return ((this.flags[i] >> EXACT_AT_SHIFT) & 3) - 1;
  }
  exactEmailKey(i: number): number {
    const at = this.exactEmailAt(i);
    return at < 0 ? ABSENT : this.emails[3 * i + at];
  }
  nearEmailKey(i: number): number {
    const key = this.exactEmailKey(i);
    return key < 0 ? ABSENT : this.interner.id(looseEmailKey(this.interner.text(key)));
  }
  /** User properties the message carries (context.traits, and traits of an identify), email excluded. */
  traits(i: number): Readonly<Record<string, unknown>> {
    return this.traitList[this.traitRefs[i]];
  }

  /**
   * A kept value's code: text (not empty) and numbers interned (the rule reads a finite number id as
   * its text, a number past 2^53 as its digits (an exact-json marker); a flag keeps that it was a
   * number); anything else a negative code, objects and lists as what they were (their contents are
   * never read).
   */
  private code(v: unknown): number {
    if (typeof v === 'string' && v !== '') return this.interner.id(v.charCodeAt(0) === 0 && isExactNumber(v) ? exactText(v) : v);
    if (typeof v === 'number' && Number.isFinite(v)) return this.interner.id(String(v));
    if (v === undefined) return ABSENT;
    const code = CODES.indexOf(v);
    return code >= 0 ? -1 - code : Array.isArray(v) ? -7 : -6;
  }

  private value(code: number, isNumber: boolean): unknown {
    if (code < 0) return CODES[-1 - code];
    const text = this.interner.text(code);
    if (!isNumber) return text;
    // A number a double cannot hold (its digits were kept) stays those digits, as a marker.
    const n = Number(text);
    return String(n) === text ? n : exactNumber(text);
  }

  private grow(): void {
    const rows = this.count * 2;
    const grown = <T extends NumberColumn>(a: T, size = rows): T => grownTo(a, size);
    this.seqs = grown(this.seqs);
    this.received = grown(this.received);
    this.flags = grown(this.flags);
    this.types = grown(this.types);
    this.events = grown(this.events);
    this.userIds = grown(this.userIds);
    this.anonymousIds = grown(this.anonymousIds);
    this.emails = grown(this.emails, 3 * rows);
    this.looseKeys = grown(this.looseKeys);
    this.traitRefs = grown(this.traitRefs);
    this.messageIdEnds = grown(this.messageIdEnds);
  }
}

/** One message's MatchInput, read from the columns when asked (a trace being explained, a list row). */
class InputView implements MatchInput {
  constructor(
    readonly inputs: MatchInputs,
    readonly position: number,
  ) {}
  get interner(): Interner {
    return this.inputs.interner;
  }
  get seq(): number {
    return this.inputs.seq(this.position);
  }
  get messageId(): string | undefined {
    return this.inputs.messageId(this.position);
  }
  get type(): string | undefined {
    return this.inputs.type(this.position);
  }
  get receivedAt(): string {
    return this.inputs.receivedAt(this.position);
  }
  get event(): string | undefined {
    return this.inputs.eventName(this.position);
  }
  get origin(): 'webhook' | 'tracking' {
    return this.inputs.fromWebhook(this.position) ? 'webhook' : 'tracking';
  }
  get userIdValue(): unknown {
    return this.inputs.userIdValue(this.position);
  }
  get anonymousIdValue(): unknown {
    return this.inputs.anonymousIdValue(this.position);
  }
  get traitsEmail(): unknown {
    return this.emailValue(0);
  }
  get contextTraitsEmail(): unknown {
    return this.emailValue(1);
  }
  get propertiesEmail(): unknown {
    return this.emailValue(2);
  }
  get userId(): FieldRead {
    return readField(this.userIdValue, true);
  }
  get anonymousId(): FieldRead {
    return readField(this.anonymousIdValue, true);
  }
  get emails(): readonly [FieldRead, FieldRead, FieldRead] {
    return [readField(this.emailValue(0)), readField(this.emailValue(1)), readField(this.emailValue(2))];
  }
  get traits(): Readonly<Record<string, unknown>> {
    return this.inputs.traits(this.position);
  }
  get userIdKey(): number {
    return this.inputs.userIdKey(this.position);
  }
  get looseEmailAt(): number {
    return this.inputs.looseEmailAt(this.position);
  }
  get looseEmailKey(): number {
    return this.inputs.looseEmailKey(this.position);
  }
  get exactEmailAt(): number {
    return this.inputs.exactEmailAt(this.position);
  }
  anonymousIdKey(): number {
    return this.inputs.anonymousIdKey(this.position);
  }
  exactEmailKey(): number {
    return this.inputs.exactEmailKey(this.position);
  }
  nearEmailKey(): number {
    return this.inputs.nearEmailKey(this.position);
  }
  emailValue(at: number): unknown {
    return this.inputs.emailValue(this.position, at);
  }
  /** Its fields, not the columns it reads (a test's diff or a log would print every message's). */
  toJSON(): object {
    return { seq: this.seq, messageId: this.messageId, type: this.type, event: this.event, receivedAt: this.receivedAt, origin: this.origin, userId: this.userId, anonymousId: this.anonymousId, emails: this.emails, traits: this.traits };
  }
}


/**
 * What names the message for a person: a track's `event`, else (a page or screen) its `name`, as
 * the trace pane's Event row reads it; text that is not empty, or undefined.
 */
export function eventNameOf(m: { event?: unknown; name?: unknown }): string | undefined {
  if (typeof m.event === 'string' && m.event !== '') return m.event;
  return typeof m.name === 'string' && m.name !== '' ? m.name : undefined;
}

/** Used when none is given: the inputs of tests and scripts share it (as they shared one interner). */
export const sharedMatchInputs = new MatchInputs();

/** The message's MatchInput, kept in `inputs` (the matcher must read the same ones). */
export function extractMatchInput(c: FedCapture, inputs: MatchInputs = sharedMatchInputs): MatchInput {
  return inputs.at(inputs.push(c));
}
