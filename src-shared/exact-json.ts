// Numbers a JavaScript number cannot hold, kept as the client wrote them. JSON.parse turns an
// integer past 2^53 (a Go int64 or Ruby Integer id, a 19-digit snowflake) into the nearest double:
// `9007199254740993` comes back as `9007199254740992`, and stringifying the parsed message sends
// or shows a number the client never sent. So do numbers past a double's range (`1e400` is
// Infinity, which JSON.stringify writes as `null`; `1e-400` is 0) and a negative zero (`-0`,
// which JSON.stringify writes as `0`). The capture log keeps each message's text as
// received; whatever shows, copies or re-sends a message reads its numbers from that text:
//
//   parseExact(text)     JSON.parse, but each number literal a double would alter becomes a
//                        marker string carrying the literal's text (isExactNumber, exactText);
//   stringifyExact(v)    JSON.stringify, writing each marker back as the bare literal.
//
// Everything else about a parse is JSON.parse's own (escapes, duplicate keys, errors): the markers
// are put into the text before it is parsed. Markers hold a random part, new in each process, so
// a string a client sent can never be taken for one. The common message has no run of 16 digits
// (mayHoldLossyNumber), and for it both are plain JSON.parse and JSON.stringify; validators and
// findings always read the plain parse, never markers. (A short literal JSON.parse alters has a
// three-digit exponent or is a negative zero: mayHoldLossyNumber looks for those too.)

/** A marker: this prefix, then the number's literal text. */
const PREFIX = `\u0000exact-${Math.random().toString(36).slice(2, 10)}:`;
/** The prefix as JSON.stringify writes it inside a string. */
const PREFIX_IN_JSON = JSON.stringify(PREFIX).slice(1, -1);
const MARKER_IN_JSON = new RegExp(`"${PREFIX_IN_JSON.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}([-+.0-9eE]+)"`, 'g');

/**
 * A quick over-approximation: true when the text may hold a number literal JSON.parse alters
 * (isLossyLiteral), anywhere (inside a string too). A double holds every integer of up to 15
 * digits and 15 significant digits of any decimal in its range, so only a text with a run of 16
 * digits, a three-digit exponent (1e400, 1e-400: with fewer than 16 digits, only such an exponent
 * leaves the range) or a negative zero (-0 after a colon, a comma, a bracket or a space) can hold one.
 */
export function mayHoldLossyNumber(text: string): boolean {
  return hasLongDigitRun(text) || SHORT_LOSSY.test(text);
}

/** A three-digit exponent, or a minus zero where a JSON value starts. About 0.1 µs each for a 700-byte message. */
const SHORT_LOSSY = /\d[eE][-+]?\d\d\d|(?:^|[:,[\s])-0/;

/** Whether the text has a run of 16 or more digits. */
function hasLongDigitRun(text: string): boolean {
  // Looks at every 16th character only: a run of 16 digits covers one of them. At a digit, the
  // run around it is measured; the next run can end no sooner than 16 characters after it. About
  // 0.12 µs for a 700-byte message, where /\d{16}/ took 0.9 µs and JSON.parse takes 1.7 µs.
  const n = text.length;
  for (let i = 15; i < n; ) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) {
      i += 16;
      continue;
    }
    let a = i;
    while (a > 0 && isDigit(text.charCodeAt(a - 1))) a--;
    let b = i + 1;
    while (b < n && isDigit(text.charCodeAt(b))) b++;
    if (b - a >= 16) return true;
    i = b + 16;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The smallest normal double: below it, fewer significant digits are held. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Whether JSON.parse would give this literal (valid JSON number text) a value whose text differs:
 * an integer past 2^53 (the double's digits differ), a decimal with more than 15 significant
 * digits (kept as written: the double may not hold it), one out of the double's range (1e400,
 * 1e-400), a subnormal (below 2.2e-308), or a negative zero (-0, -0.0), which JSON.stringify
 * writes as 0.
 */
export function isLossyLiteral(literal: string): boolean {
  const n = Number(literal);
  if (!Number.isFinite(n)) return true;
  // A negative zero (written back as 0), or a nonzero literal below the range (1e-400 reads as 0).
  if (n === 0) return Object.is(n, -0) || /[1-9]/.test(literal.replace(/[eE].*$/, ''));
  // A subnormal: a double holds fewer digits there (9e-324 reads as 1e-323), so it is kept as
  // written. Such a literal has a three-digit exponent or a long run of zeros: mayHoldLossyNumber sees it.
  if (Math.abs(n) < MIN_NORMAL) return true;
  let digits = 0;
  let integer = true;
  let leading = true;
  for (let i = 0; i < literal.length; i++) {
    const c = literal.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (leading && c === 0x30) continue;
      leading = false;
      digits++;
    } else if (c === 0x2e /* . */ || c === 0x65 /* e */ || c === 0x45 /* E */) {
      integer = false;
      if (c !== 0x2e) break; // the exponent's digits are not significant ones
    }
  }
  if (digits < 16) return false;
  return integer ? String(n) !== literal : true;
}

/**
 * Whether one of the message's ids (userId, anonymousId, groupId, previousId, and context.groupId,
 * where Freshsuccess finds a track's account) is a number JSON.parse may have rounded: an int past
 * 2^53, as analytics-php sends a PHP int userId. Its digits are then read from the message's text
 * (summary.ts exactIdsOf). A few typeof checks: it runs for every message fed.
 */
export function holdsRoundedId(message: Record<string, unknown>): boolean {
  if (isRounded(message.userId) || isRounded(message.anonymousId) || isRounded(message.groupId) || isRounded(message.previousId)) return true;
  const context = message.context;
  return typeof context === 'object' && context !== null && isRounded((context as Record<string, unknown>).groupId);
}

/**
 * Whether the user properties a message carries (an identify's traits, any call's context.traits,
 * as user matching reads them) hold a number JSON.parse may have altered: one that is not a safe
 * integer (an integer past 2^53, a decimal, Infinity) or is zero (-0; 1e-400 reads as 0). Then
 * matching reads them from the message's text. A walk over the traits' values (a few typeof
 * checks for most messages), where scanning each message's text cost 0.3 µs (mayHoldLossyNumber).
 * Left out: a decimal of 17 digits that reads as a safe integer (1.0000000000000001 reads as 1).
 */
export function mayHoldRoundedTrait(message: Record<string, unknown>): boolean {
  const context = message.context;
  const contextTraits = typeof context === 'object' && context !== null ? (context as Record<string, unknown>).traits : undefined;
  return (message.type === 'identify' && holdsDoubtfulNumber(message.traits)) || holdsDoubtfulNumber(contextTraits);
}

/** Whether an object or list holds, at any depth, a number that is not a nonzero safe integer. */
function holdsDoubtfulNumber(root: unknown): boolean {
  if (typeof root !== 'object' || root === null) return false;
  const stack: object[] = [root];
  while (stack.length > 0) {
    const o = stack.pop() as Record<string, unknown>;
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'number') {
        if (v === 0 || !Number.isSafeInteger(v)) return true;
      } else if (typeof v === 'object' && v !== null) stack.push(v);
    }
  }
  return false;
}

function isRounded(v: unknown): boolean {
  return typeof v === 'number' && !Number.isSafeInteger(v);
}

/** A number parseExact kept as its text. */
export function isExactNumber(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** The literal text of a marker (isExactNumber). */
export function exactText(marker: string): string {
  return marker.slice(PREFIX.length);
}

/** A marker for this number literal (what parseExact puts where JSON.parse would round). */
export function exactNumber(literal: string): string {
  return PREFIX + literal;
}

/** The text with every number literal JSON.parse would alter replaced by its marker (as a JSON string); the same text when there is none. */
export function markLossyNumbers(text: string): string {
  if (!mayHoldLossyNumber(text)) return text;
  let out = '';
  let from = 0;
  const n = text.length;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i++;
      let exponent = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if ((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x2b || d === 0x2d) i++;
        else if (d === 0x65 || d === 0x45) {
          exponent = true;
          i++;
        } else break;
      }
      const literal = text.slice(start, i);
      // Shorter literals are lossy only with an exponent or as a negative zero (mayHoldLossyNumber).
      const candidate = i - start >= 16 || exponent || (c === 0x2d && text.charCodeAt(start + 1) === 0x30);
      if (candidate && isLossyLiteral(literal)) {
        out += text.slice(from, start) + JSON.stringify(PREFIX + literal);
        from = i;
      }
    } else i++;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** JSON.parse, with every number JSON.parse would alter kept as a marker of its text. */
export function parseExact(text: string): unknown {
  return JSON.parse(markLossyNumbers(text));
}

/** Whether a JSON text written by JSON.stringify holds markers (stringifyExact writes them back). */
function holdsMarkers(json: string): boolean {
  return json.includes(PREFIX_IN_JSON);
}

/** A JSON text (JSON.stringify's) with each marker string written as its bare number. */
export function unmarkJson(json: string): string {
  return holdsMarkers(json) ? json.replace(MARKER_IN_JSON, '$1') : json;
}

/** JSON.stringify, writing numbers parseExact kept as their exact text. */
export function stringifyExact(value: unknown, space?: number): string {
  return unmarkJson(JSON.stringify(value, null, space));
}

/**
 * A captured message's message to show, copy or send again: read from its stored text when the
 * engine attached one (CapturedMessage.messageJson: it holds a number JSON.parse rounds), its
 * numbers kept as markers of their digits; else the parsed message as it is.
 */
export function exactMessageOf<M>(captured: { message: M; messageJson?: string }): M {
  return captured.messageJson === undefined ? captured.message : (parseExact(captured.messageJson) as M);
}

/**
 * A captured message (or an API entry built on one) as the API writes it: `message` read from
 * `messageJson` when there is one (its numbers exact), and messageJson itself left out (the
 * message is that text). Others are returned as they are.
 */
export function withExactMessage<T extends { message?: unknown; messageJson?: string }>(entry: T): T {
  if (typeof entry.messageJson !== 'string') return entry;
  const { messageJson, ...rest } = entry;
  return { ...rest, message: parseExact(messageJson) } as T;
}

/** JSON.stringify of a value holding captured messages, each message with its exact numbers (withExactMessage). */
export function stringifyWithExactMessages(value: unknown, space?: number): string {
  let exact = false;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (v !== null && typeof v === 'object' && typeof (v as { messageJson?: unknown }).messageJson === 'string' && 'message' in v) {
        exact = true;
        return withExactMessage(v as unknown as { messageJson: string });
      }
      return v;
    },
    space,
  );
  return exact ? unmarkJson(text) : text;
}

/** Whether a value holds a marker anywhere (stringifyExact would write digits JSON.stringify cannot). */
export function holdsExactNumbers(value: unknown): boolean {
  return isExactNumber(value) || (value !== null && typeof value === 'object' && holdsMarkers(JSON.stringify(value)));
}

/** A marker's digits, or String(v) for anything else: how a value reads inside a text (a URL, a sentence). */
export function textOf(value: unknown): string {
  return isExactNumber(value) ? exactText(value) : String(value);
}

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Whether the text is a JSON number literal (what a marker may hold). */
export function isJsonNumberLiteral(text: string): boolean {
  return JSON_NUMBER.test(text);
}

/**
 * A number literal as sign, significant digits and exponent ("-12345e3" for -12345000 and
 * -12345000.0 and -1.2345e7 alike), so two texts of one number compare equal; undefined for what
 * is not a number literal.
 */
function canonicalNumber(text: string): string | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  let digits = (m[2] + fraction).replace(/^0+/, '');
  if (digits === '') return '0';
  let exponent = Number(m[4] ?? 0) - fraction.length;
  const kept = digits.replace(/0+$/, '');
  exponent += digits.length - kept.length;
  digits = kept;
  return `${m[1]}${digits}e${exponent}`;
}

/**
 * Whether two values are the same number, digit for digit: each a number or a marker (parseExact),
 * compared by their decimal texts, never as doubles. `9007199254740993` (a marker) is not
 * `9007199254740992` (a number), though JSON.parse reads both as the same double.
 */
export function sameNumber(a: unknown, b: unknown): boolean {
  const ta = isExactNumber(a) ? exactText(a) : typeof a === 'number' && Number.isFinite(a) ? String(a) : undefined;
  const tb = isExactNumber(b) ? exactText(b) : typeof b === 'number' && Number.isFinite(b) ? String(b) : undefined;
  if (ta === undefined || tb === undefined) return false;
  const ca = canonicalNumber(ta);
  return ca !== undefined && ca === canonicalNumber(tb);
}
