// A decision's trace as sentences a support engineer can read aloud to a customer:
// "Read `traits.email` = `Ada@Example.com ` → normalized `ada@example.com`." Built on demand (the
// matcher keeps the structured trace only), numbered by the caller.
import { exactText, isExactNumber, stringifyExact } from '../exact-json';
import { invisibleChars, withInvisiblesShown, withoutInvisibles } from '../invisible-chars';
import { textDamage } from '../validate/text-rules';
import type { ExplainedDecision, FieldChange, FieldRead, FormerHolder, MatchDecision, MatchingSettings, TraceStep, UserRef } from './types';

const OUTCOME_TEXT = {
  'matched-by-email': 'matched by email',
  'matched-by-username': 'matched by username',
  created: 'a new user was created',
  unmatched: 'unmatched: no user was created or changed',
} as const;

/**
 * A value quoted for a sentence; long values are cut so a sentence stays readable. The cut is in
 * the middle, keeping the end: two long emails that differ only in their domain (or two ids only
 * in their last digits) were cut to the same 117 characters, so "Changed: email `x…` → `x…`" and
 * "looked for `x…`: found user (email `x…`)" read as if nothing differed.
 */
export function quote(v: unknown): string {
  // A number a double cannot hold (a trait sent as 9007199254740993) is kept as its digits, a
  // marker (exact-json): written as those digits, where JSON.stringify showed the marker's text.
  const s = typeof v === 'string' ? (isExactNumber(v) ? exactText(v) : v) : v === undefined ? '(none)' : stringifyExact(v);
  const cut = s.length > 120 ? `${s.slice(0, 80)}…${s.slice(-36)}` : s;
  // An invisible character shown as [U+200B]: `ada@example.com` + U+200B read the same as the
  // user's email it did not equal, and a right-to-left override turned the value around.
  return codeSpan(withInvisiblesShown(cut));
}

/**
 * Text as a code span, as Markdown writes one: between backticks, more of them than any run the
 * text holds, with a space inside where the text starts or ends with one. A userId `x`y` written
 * between single backticks ended its span early, and the rest of the sentence showed as code.
 */
function codeSpan(text: string): string {
  if (!text.includes('`')) return '`' + text + '`';
  const longest = Math.max(...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  // A space inside each end is taken off on reading: one is added where the text has one at both ends too.
  const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
  return fence + pad + text + pad + fence;
}

/**
 * A sentence split into its text and its code spans (read as `codeSpan` writes them: a span ends at
 * the next run of exactly as many backticks as opened it; one space inside each end is padding when
 * both are there). A run with no closing run is text.
 */
export function sentenceParts(sentence: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  let text = '';
  let at = 0;
  while (at < sentence.length) {
    const open = sentence.indexOf('`', at);
    if (open < 0) break;
    let end = open;
    while (sentence[end] === '`') end++;
    const fence = end - open;
    let close = -1;
    for (let i = sentence.indexOf('`', end); i >= 0; ) {
      let j = i;
      while (sentence[j] === '`') j++;
      if (j - i === fence) {
        close = i;
        break;
      }
      i = sentence.indexOf('`', j);
    }
    if (close < 0) {
      text += sentence.slice(at, end);
      at = end;
      continue;
    }
    text += sentence.slice(at, open);
    if (text) parts.push({ code: false, text });
    text = '';
    let code = sentence.slice(end, close);
    if (fence > 1 && code.length > 2 && code.startsWith(' ') && code.endsWith(' ')) code = code.slice(1, -1);
    parts.push({ code: true, text: code });
    at = close + fence;
  }
  text += sentence.slice(at);
  if (text) parts.push({ code: false, text });
  return parts;
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function who(u: UserRef): string {
  const parts = [u.username !== undefined ? `username ${quote(u.username)}` : '', u.email !== undefined ? `email ${quote(u.email)}` : ''].filter(Boolean);
  return `user ${u.id}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}

/**
 * " User u (username `x`) has the email `X@a.com `, which differs only by …: exact comparison does
 * not ignore that." The near miss by the field it missed on, then why: "user u (username `x`, email
 * `x@a.com`) differs only by case or space" began a sentence in lower case and said the user
 * differed, where its email does.
 */
function nearMissText(u: UserRef, field: 'email' | 'username', differs: string, why: string): string {
  const other = field === 'email' ? (u.username !== undefined ? ` (username ${quote(u.username)})` : '') : u.email !== undefined ? ` (email ${quote(u.email)})` : '';
  return ` User ${u.id}${other} has the ${field} ${quote(u[field] ?? '')}, which differs only by ${differs}: ${why}.`;
}

/** " User u (…) had it until message #13 changed its username to `x`.", '' when nobody had it. */
function formerlyText(f: FormerHolder | undefined, field: 'username' | 'email'): string {
  if (f === undefined) return '';
  return ` ${capitalized(who(f.user))} had it until message #${f.seq} changed its ${field} to ${quote(f.changedTo)}.`;
}

/**
 * " User y (…) has it too; the first in directory order is taken.", '' when the lookup's key had one
 * holder. The other holder by name: the user a customer expected is most often that one.
 */
function alsoText(step: { alsoFound?: number; alsoFoundUser?: UserRef }, taken: string): string {
  if (!step.alsoFound || !step.alsoFoundUser) return '';
  const others = `${capitalized(who(step.alsoFoundUser))}${step.alsoFound > 1 ? ` and ${step.alsoFound - 1} more have` : ' has'}`;
  return ` ${others} it too; ${taken}.`;
}

function readText(path: string, read: FieldRead): string {
  if (read.state === 'absent') return `\`${path}\` is absent`;
  // An empty string is text, with nothing in it to compare: "not text" is said of the other kinds.
  if (read.state === 'unusable') return `\`${path}\` is ${read.what}${read.what === 'an empty string' ? '' : ', not text'}: ignored`;
  return `Read \`${path}\` = ${quote(read.value)}${read.fromNumber ? ' (a number, read as text)' : ''}`;
}

// Damaged text (see validate/text-rules.ts) never equals the same text sent intact: the usual
// reason one person becomes two users.
const REPLACEMENT_NOTE = ' It holds U+FFFD (\u{FFFD}), the replacement character: the client sent bytes there that were not UTF-8, so it will not equal the same text sent intact.';

/** A sentence to follow a read of damaged text, '' for any other read. */
function damageNote(read: FieldRead): string {
  if (read.state !== 'text') return '';
  const damage = textDamage(read.value);
  if (damage === undefined) return '';
  if ('replaced' in damage) return REPLACEMENT_NOTE;
  return ` It looks encoded twice (UTF-8 read as Windows-1252 and encoded again): it was ${quote(damage.was)}, which it will not equal.`;
}

/**
 * A sentence to follow a read of text holding invisible characters (the compared form: an email's
 * surrounding space, a byte-order mark with it, is already taken off), '' for any other read.
 */
function invisibleNote(text: string | undefined): string {
  if (text === undefined) return '';
  const found = invisibleChars(text);
  if (found.length === 0) return '';
  const named = (c: (typeof found)[number]) => `${c.code} (${c.name})`;
  const where = (c: (typeof found)[number]) => (c.index === 0 ? 'at its start' : c.index === text.length - 1 ? 'at its end' : `after ${quote(text.slice(0, c.index))}`);
  const what =
    found.length === 1
      ? `an invisible character, ${named(found[0])}, ${where(found[0])}`
      : `${found.length} invisible characters: ${[...new Set(found.map(named))].join(', ')}`;
  const shown = found.length === 1 ? `shown here as [${found[0].code}]` : 'each shown here as its code in brackets';
  return ` It holds ${what}, ${shown}: it will not equal the same text without ${found.length === 1 ? 'it' : 'them'} (text copied from a web page, a chat or a spreadsheet carries such characters).`;
}

/** "1 space", "2 whitespace characters": what trimming took off one side. */
function trimmedText(cut: string): string {
  const noun = /^ +$/.test(cut) ? 'space' : 'whitespace character';
  return `${cut.length} ${noun}${cut.length === 1 ? '' : 's'}`;
}

/**
 * What sets a userId apart from a username equal to it but for space around it and invisible
 * characters: "1 space after it", "U+200B (a zero-width space)" ('it' is the userId; what the
 * username has and the userId has not is said as such).
 */
/** idName: what the looked-up key is ('the userId', or 'the anonymousId' for an anonymous user). */
function usernameDiffers(userId: string, username: string, idName: string): string {
  const parts: string[] = [];
  const sides = (text: string, whose: string) => {
    const plain = withoutInvisibles(text);
    const before = plain.slice(0, plain.length - plain.trimStart().length);
    const after = plain.slice(plain.trimEnd().length);
    if (before) parts.push(`${trimmedText(before)} before ${whose}`);
    if (after) parts.push(`${trimmedText(after)} after ${whose}`);
    const found = invisibleChars(text);
    if (found.length > 0) parts.push(`${[...new Set(found.map((c) => `${c.code} (${c.name})`))].join(', ')} in ${whose}`);
  };
  sides(userId, idName);
  sides(username, 'the username');
  return parts.join('; ');
}

/**
 * What ignoring case and surrounding space did to an email, said in words: a trailing space is one
 * unseen character inside the quotes, so "→ normalized `jane@acme.com`" alone left it to be guessed.
 */
function normalizedWhat(raw: string, normalized: string): string {
  const trimmed = raw.trim();
  const parts: string[] = [];
  if (trimmed !== trimmed.toLowerCase()) parts.push('lower-cased');
  const before = raw.slice(0, raw.length - raw.trimStart().length);
  const after = raw.slice(raw.trimEnd().length);
  if (before) parts.push(`${trimmedText(before)} before it removed`);
  if (after) parts.push(`${trimmedText(after)} after it removed`);
  // Composed accents look the same as the text read: say what changed.
  if (normalized !== trimmed.toLowerCase()) parts.push('its accents composed into single characters, Unicode NFC: the same text typed another way');
  return parts.join('; ');
}

function readEmailText(step: Extract<TraceStep, { kind: 'read-email' }>, comparison: MatchingSettings['emailComparison'] | undefined): string {
  const base = readText(step.path, step.read);
  if (step.read.state !== 'text') return `${base}.`;
  if (step.skipped === 'earlier-email') return `${base}; not used: an earlier location already gave the email.`;
  if (step.skipped === 'group-traits') return `${base}; not used: a group call's traits describe the account (this is its contact email), not the user.`;
  if (step.skipped === 'empty-after-normalizing') return `${base} → normalized ${quote(step.normalized)}: nothing is left, so it is not used.`;
  // Ignoring case and space, an email already in that form was said to be "compared as is", which
  // read as "compared exactly".
  if (step.normalized === step.read.value) return comparison === 'exact' ? `${base} (compared as is).` : `${base} (already lower case with no space around it: nothing to normalize).`;
  return `${base} → normalized ${quote(step.normalized)} (${normalizedWhat(step.read.value, step.normalized!)}).`;
}

/**
 * The email comparison the decision was made under, read off its email lookup (undefined when it
 * made none: then an email read was empty after normalizing, or not used, and nothing is said of it).
 * Under exact comparison the normalized email is the email itself.
 */
function emailComparisonOf(d: ExplainedDecision): MatchingSettings['emailComparison'] | undefined {
  for (const s of d.trace) if (s.kind === 'lookup-email') return s.comparison;
  return undefined;
}

function stepText(step: TraceStep, d: ExplainedDecision): string {
  switch (step.kind) {
    case 'read-email':
      return readEmailText(step, emailComparisonOf(d)) + damageNote(step.read) + (step.read.state === 'text' && step.skipped === undefined ? invisibleNote(step.normalized ?? step.read.value) : '');
    case 'read-id':
      return `${readText(step.path, step.read)}.${damageNote(step.read)}${step.read.state === 'text' ? invisibleNote(step.read.value) : ''}`;
    case 'lookup-email': {
      const how = step.comparison === 'exact' ? 'exactly' : 'ignoring case and surrounding space';
      if (step.found) return `Looked for a user whose email equals ${quote(step.key)} (${how}): found ${who(step.found)}.${alsoText(step, 'the first in directory order is taken')}`;
      const byForm = step.nearMiss?.email !== undefined && step.nearMiss.email.trim().toLowerCase() !== step.key.trim().toLowerCase();
      const differs = byForm ? 'case, space or how its accents are encoded (Unicode NFC or NFD)' : 'case or space';
      const near = step.nearMiss?.email === undefined ? '' : nearMissText(step.nearMiss, 'email', differs, 'exact comparison does not ignore that');
      return `Looked for a user whose email equals ${quote(step.key)} (${how}): no user has it.${near}${formerlyText(step.formerly, 'email')}`;
    }
    case 'lookup-username': {
      const what = step.viaAnonymousId ? `the anonymousId ${quote(step.key)}` : `the userId ${quote(step.key)}`;
      const why = d.trace.some((s) => s.kind === 'lookup-email' && s.found) ? ' (checked too, to catch a conflict)' : '';
      if (!step.found) {
        // The rule compares exactly (domain.md): `bob ` finds no `bob`, and a new user is made; said
        // here, support sees at once why the person is now two users.
        const idName = step.viaAnonymousId ? 'the anonymousId' : 'the userId';
        const near = step.nearMiss?.username === undefined ? '' : nearMissText(step.nearMiss, 'username', usernameDiffers(step.key, step.nearMiss.username, idName), `${idName} lookup compares exactly`);
        return `Looked for a user whose username equals ${what}${why}: no user has it.${near}${formerlyText(step.formerly, 'username')}`;
      }
      // The email's user keeps the userId when it has that username, wherever it sits in the directory.
      const taken = d.byEmail?.id === step.found.id ? 'the user the email found is taken' : 'the first in directory order is taken';
      return `Looked for a user whose username equals ${what}${why}: found ${who(step.found)}.${alsoText(step, taken)}`;
    }
    case 'conflict':
      return step.winner === 'email'
        ? `Conflict: the email finds ${who(step.byEmail)} but the userId names ${who(step.byUsername)}. The setting says the email wins.`
        : `Conflict: the email finds ${who(step.byEmail)} but the userId names ${who(step.byUsername)}. The setting says the userId wins.`;
    case 'no-identity':
      return step.setting === 'unmatched'
        ? 'The message has neither a usable email nor a userId; the setting says such a message creates no user.'
        : 'The message has neither a usable email nor a userId; the setting says to use an anonymous user keyed by its anonymousId.';
    case 'created':
      return `Created ${who(step.user)}.`;
    case 'updated':
      // The rule's "update" (domain.md, step 1 or 2) changes nothing when the user already had every
      // value: "Updated user PF-1002." then "Nothing changed" read as a contradiction. The next
      // sentence says nothing changed ("; the update had nothing to change" said it twice in a row).
      return d.changes.length === 0 ? `Matched ${who(step.user)}.` : `Updated ${who(step.user)}.`;
    case 'kept':
      return `Left ${step.field} as ${quote(step.value)} rather than ${quote(step.wanted)}: ${who(step.heldBy)} already has that ${step.field}.`;
  }
}

function changeText(c: FieldChange): string {
  return c.before === undefined ? `${c.field} set to ${quote(c.after)}` : `${c.field} ${quote(c.before)} → ${quote(c.after)}`;
}

/**
 * What a change took away, said where it happened: after a username or an email is replaced, a
 * later message carrying the old one no longer finds this user by it (the later decision says
 * "had it until message #n"; read here first, support sees the split coming). The matcher replaces
 * an email only when the comparison takes it as another (case and space aside, by default), so
 * every email change listed is one the old email no longer finds.
 */
function lostKeysText(d: ExplainedDecision): string[] {
  const user = d.userId;
  if (user === undefined) return []; // unmatched: no sentences about changes are written
  const out: string[] = [];
  for (const c of d.changes) {
    if (typeof c.before !== 'string' || typeof c.after !== 'string') continue;
    if (c.field === 'username')
      out.push(`From here on, userId ${quote(c.before)} no longer leads to user ${user} (its username is ${quote(c.after)} now): a later message carrying it without ${user}'s email lands on another user with that username, or on a new one.`);
    else if (c.field === 'email')
      out.push(`From here on, email ${quote(c.before)} no longer leads to user ${user} (its email is ${quote(c.after)} now): a later message carrying it lands on another user with that email, or is matched by its userId alone.`);
  }
  return out;
}

/** The decision as sentences, in order: what was read, looked up, decided and changed. */
export function traceSentences(d: ExplainedDecision): string[] {
  const out = d.trace.map((s) => stepText(s, d));
  if (d.outcome !== 'unmatched') {
    // A field kept under a conflict is one the user did not take: it did not have "every value".
    const kept = d.trace.some((s) => s.kind === 'kept');
    const nothing = kept ? 'Nothing changed: the user already had the other values this message carries.' : 'Nothing changed: the user already had every value this message carries.';
    out.push(d.changes.length === 0 ? nothing : `Changed: ${d.changes.map(changeText).join('; ')}.`);
    out.push(...lostKeysText(d));
  }
  out.push(`Outcome: ${OUTCOME_TEXT[d.outcome]}${d.conflict ? ', flagged as a conflict' : ''}.`);
  return out;
}

export function outcomeText(o: MatchDecision['outcome']): string {
  return OUTCOME_TEXT[o];
}
