// Reads a scenario file (YAML, or JSON, which YAML reads too) with a parser that keeps
// positions, checks it against the published JSON Schema (Ajv), and expands it into steps. Every
// problem comes back with the file, line and column and what was expected: never a stack trace.
import { inlineUserProblems } from './inline-users';
import Ajv, { type ErrorObject } from 'ajv';
import { type Alias, Composer, CST, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, visit, YAMLParseError, type Document, type Node, type Scalar, type YAMLError } from 'yaml';
import { MAX_NESTING_DEPTH } from '../tracking-api/limits';
import { exactNumber, isJsonNumberLiteral, isLossyLiteral, mayHoldLossyNumber, textOf } from '../exact-json';
import { durationSuggestion, parseDuration } from './duration';
import { didYouMean, nearestName } from './near';
import { editDistance } from '../validate/event-names';
import { getProfile, spellingsOf, type ProfileId } from '../catalogs/index';
import { CALL_TYPES } from '../capture';
import { decodeAbsent } from './expected-value';
import { foreignTypes, foreignTypeWarning } from './send-warnings';
import { regexProblem, stringsIn } from './match';
import { parseIsoTime } from '../tracking-api/time';
import { isSimulatedMoment, MAX_SIM_MS, SIMULATED_RANGE_TEXT } from '../sim-clock';
import { fillTemplate, MAX_FILLED_CHARS, MAX_FILLS, SeededIds, seedOf, type TemplateLimit, type TemplateValues } from './template';
import type { FlatStep, Scenario, ScenarioError, ScenarioSpec, ScenarioWarning, SendSpec, StepSpec } from './types';

export const DEFAULT_START = '2026-01-01T09:00:00.000Z';
/** Steps after expanding repeats; a typo in `times` should not exhaust memory. */
const MAX_STEPS = 200_000;
/** What a duration must look like, in the schema's errors and the expansion's alike. */
const DURATION_EXPECTED = 'expected a duration such as "12m", "90s", "1h30m" or milliseconds';

/** What a duration must look like, what was written instead, and how to write it when it is one in words ("30 mins"). */
function durationExpected(written: unknown): string {
  const suggestion = typeof written === 'string' ? durationSuggestion(written) : undefined;
  return `${DURATION_EXPECTED}, not ${JSON.stringify(written)}${suggestion ? `: write ${JSON.stringify(suggestion)}` : ''}`;
}

/**
 * `advance: -5` or `advance: -5m`: what to write instead, or undefined for anything else. Advance
 * moves the clock forward, as POST /api/clock's advance does; it said "must be >= 0", or that -5m
 * is no duration, and not that set moves the clock back.
 */
function backwardAdvance(written: unknown): string | undefined {
  const back = typeof written === 'number' ? written < 0 : typeof written === 'string' && /^\s*-/.test(written) && parseDuration(written.trim().slice(1)) !== undefined;
  return back ? `expected a duration of 0 or more, not ${JSON.stringify(written)}: advance moves the clock forward; to move it back, write set (set: "2026-01-01T10:00:00Z")` : undefined;
}

type Validator = ((v: unknown) => boolean) & { errors?: ErrorObject[] | null };
interface Validators {
  /** Every error, for the messages (allErrors): compiled when a file first fails (half the first check's cost saved on a valid file). */
  readonly all: Validator;
  /** Stops at the first error: whether the file is valid, at no cost for a file of many errors. */
  first: Validator;
  /** One step, stopping at its first error; undefined for a schema without $id or steps. */
  step?: Validator;
}
const validators = new WeakMap<object, Validators>();

function validatorsFor(schema: object): Validators {
  let v = validators.get(schema);
  if (!v) {
    // Formats are checked by hand below (date-time), so no format plug-in is needed.
    // verbose: each error carries its schema and the value it judged, so a message can name what was
    // written and what was meant (the schemaPath of an error under a $ref is relative to the ref).
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, verbose: true });
    const quick = new Ajv({ allErrors: false, strict: false, validateFormats: false });
    const first = quick.compile(schema) as Validator;
    const id = (schema as { $id?: unknown }).$id;
    const step = typeof id === 'string' ? (quick.getSchema(`${id}#/definitions/step`) as Validator | undefined) : undefined;
    let all: Validator | undefined;
    v = {
      get all() {
        return (all ??= ajv.compile(schema) as Validator);
      },
      first,
      step,
    };
    validators.set(schema, v);
  }
  return v;
}

/**
 * Failing steps whose errors are all collected: far more than the five listed, so the first five
 * in the file are among them. Ajv with allErrors copies the errors so far into a new array at each
 * failing step (its $ref to the recursive step definition concatenates them), so 20,000 bad steps
 * took 17 s, and 5,000 inside one repeat a minute, for the five errors shown.
 */
const STEPS_CHECKED_IN_FULL = 50;
/** What a failing step past those is judged as: a valid step, so it adds no error. */
const CHECKED_AS_VALID = { advance: '1s' };

/**
 * The file as allErrors judges it: the first STEPS_CHECKED_IN_FULL failing steps (in file order,
 * a repeat's own steps too) as written, every later one as CHECKED_AS_VALID. `unchecked`: the
 * top-level steps that hold such a step, which are not expanded (as a step with errors is not).
 */
function withLaterBadStepsSetAside(value: unknown, stepValid: Validator): { checked: unknown; unchecked: Set<number> } {
  const unchecked = new Set<number>();
  if (!value || typeof value !== 'object' || !Array.isArray((value as { steps?: unknown }).steps)) return { checked: value, unchecked };
  let left = STEPS_CHECKED_IN_FULL;
  let setAside = false;
  const cap = (steps: unknown[]): unknown[] =>
    steps.map((step) => {
      if (stepValid(step)) return step;
      if (left <= 0) {
        setAside = true;
        return CHECKED_AS_VALID;
      }
      left--;
      // One repeat may hold thousands of bad steps: its own are capped in turn.
      const repeat = step && typeof step === 'object' ? (step as { repeat?: unknown }).repeat : undefined;
      if (repeat && typeof repeat === 'object' && Array.isArray((repeat as { steps?: unknown }).steps)) {
        return { ...(step as object), repeat: { ...repeat, steps: cap((repeat as { steps: unknown[] }).steps) } };
      }
      return step;
    });
  const top = (value as { steps: unknown[] }).steps.map((step, i) => {
    setAside = false;
    const [checked] = cap([step]);
    if (setAside) unchecked.add(i);
    return checked;
  });
  return { checked: { ...value, steps: top }, unchecked };
}

/** The yaml library's message as a scenario's author reads it. */
function yamlErrorText(e: YAMLError): string {
  // Its own words ("...; please use YAML.parseAllDocuments()") are advice to a programmer.
  if (e.code === 'MULTIPLE_DOCS') return 'a scenario file holds one YAML document, and this "---" starts a second: put each scenario in a file of its own';
  return e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Where a YAML error is: a key indented off its siblings' column is reported at the start of its
 * line (column 1, its indentation), so point at the key itself, whose column is what to fix.
 */
function yamlErrorOffset(text: string, e: YAMLError): number {
  const offset = e.pos[0];
  if (e.code !== 'BAD_INDENT' || (offset > 0 && text[offset - 1] !== '\n')) return offset;
  let key = offset;
  while (text[key] === ' ') key++;
  return key < text.length && text[key] !== '\n' && text[key] !== '\r' ? key : offset;
}

/** Every quoted scalar of the file, where it starts and ends. */
function quotedScalars(tokens: CST.Token[]): Array<{ offset: number; end: number; quote: string }> {
  const found: Array<{ offset: number; end: number; quote: string }> = [];
  const note = (t: CST.Token | undefined) => {
    if (t && (t.type === 'double-quoted-scalar' || t.type === 'single-quoted-scalar')) found.push({ offset: t.offset, end: t.offset + t.source.length, quote: t.source[0] });
  };
  for (const token of tokens) {
    if (token.type !== 'document') continue;
    note(token.value);
    CST.visit(token, (item) => {
      note(item.key ?? undefined);
      note(item.value);
    });
  }
  return found;
}

/**
 * The yaml library reports a string without its closing quote where the string ends, which is
 * where it gave up (the end of the file, a line past the last), and then whatever follows from the
 * rest of the file being one string. Such an error is put at the opening quote, and the errors after
 * that quote are left out: they follow from it.
 */
function withUnclosedQuotes(errors: YAMLError[], tokens: CST.Token[]): Array<YAMLError | { offset: number; quote: string }> {
  const missing = errors.find((e) => e.code === 'MISSING_CHAR' && /^Missing closing .quote/.test(e.message));
  if (!missing) return errors;
  const scalar = quotedScalars(tokens).find((q) => q.end === missing.pos[0]);
  if (!scalar) return errors;
  return [...errors.filter((e) => e !== missing && e.pos[0] < scalar.offset), { offset: scalar.offset, quote: scalar.quote }];
}

/**
 * The schema's encodings of keys that exclude each other (`count` with `atLeast`, a sender target's
 * key its kind does not use: an `allOf` of `not` or `if`/`then`), there for editors. Ajv says "must
 * NOT be valid" at the object; expansion (exclusiveKeysIn, targetProblems) says which key and why, at
 * the key, so these errors are left to it.
 */
const LEFT_TO_EXPANSION = /\/allOf\/\d+\/(?:not|if|then)(?:\/|$)/;

/**
 * warnings: what the file may well not mean but is allowed to (a message `type` that is no call
 * type, send-warnings.ts): said at check time, never a reason to refuse the file. The first
 * MAX_WARNINGS by line; warningsLeftOut counts the rest.
 */
export type ParseResult = { ok: true; scenario: Scenario; warnings?: ScenarioWarning[]; warningsLeftOut?: number } | { ok: false; errors: ScenarioError[]; errorsLeftOut?: number; errorsLeftOutAtLeast?: true };

/**
 * How many errors found were not listed: a file of 5,000 bad steps listed five, with no word of
 * the rest, so each fix-and-run cycle met five new ones as if they were the last.
 */
const leftOutOf = (found: number, listed: number): { errorsLeftOut?: number } => (found > listed ? { errorsLeftOut: found - listed } : {});

/** The warnings a check lists (a generated file may hold thousands); the rest are counted. */
export const MAX_WARNINGS = 10;

/**
 * The deepest a scenario file may nest lists and maps: a message of the receiver's deepest
 * (256 levels) inside the steps, repeats and sends around it. The yaml library builds its nodes,
 * and everything after it reads them, by recursion: 100,000 "[" overflowed the call stack, and the
 * file's error was "Maximum call stack size exceeded".
 */
export const MAX_FILE_DEPTH = 300;

/**
 * Where the first list or map deeper than MAX_FILE_DEPTH starts, read from the yaml library's
 * concrete syntax tree (its parser keeps an explicit stack, so any depth reaches here), walked
 * with a stack of its own.
 */
function firstTooDeep(tokens: CST.Token[]): number | undefined {
  const stack: Array<{ token: CST.Token | undefined; depth: number }> = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token === undefined) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_FILE_DEPTH) return token.offset;
      for (const item of token.items) {
        stack.push({ token: item.value, depth: depth + 1 });
        if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/**
 * The file's one YAML document, as the yaml library's parseDocument reads it, or where it nests
 * deeper than its nodes can be built.
 */
function readDocument(text: string, lineCounter: LineCounter): { doc: Document; tokens: CST.Token[] } | { tooDeep: number } {
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  const tooDeep = firstTooDeep(tokens);
  if (tooDeep !== undefined) return { tooDeep };
  // merge: YAML's `<<: *base` merge key, which a file that shares a message by anchor writes; without
  // it the key was read as a plain "<<" and sent as part of the message.
  // uniqueKeys: checked below, in one pass (the library's own check is quadratic in a map's size).
  const composer = new Composer({ prettyErrors: false, uniqueKeys: false, merge: true });
  let doc: Document | undefined;
  for (const next of composer.compose(tokens, true, text.length)) {
    if (doc === undefined) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  // compose(…, forceDoc) always ends with a document.
  return { doc: doc!, tokens };
}

export function parseScenario(written: string, file: string, schema: object): ParseResult {
  const parsed = parseScenarioText(written, file, schema);
  if (parsed.ok) return parsed;
  // A `//` or `/* */` comment line (a .scenario.json edited as JSONC, as VS Code writes its
  // settings, or a YAML file by a JavaScript hand): read as part of a key, it gave 'missing "name"'
  // and 'unknown key "// comment "name""', the comment itself never named.
  const comment = /^([ \t]*)(\/\/|\/\*)/m.exec(written);
  if (comment === null) return parsed;
  const line = written.slice(0, comment.index).split(/\r\n|\r|\n/).length;
  const json = /^\uFEFF?\s*[{[]/.test(written);
  const message = json
    ? `${comment[2]} starts a comment in JSONC, not in JSON: a scenario in JSON takes no comments; remove it, or write the scenario in YAML, where # starts a comment`
    : `${comment[2]} does not start a comment in YAML: write # instead`;
  // The comment first; the errors it caused follow (and one it did not cause is not hidden).
  const errors = [{ file, line, column: comment[1].length + 1, message }, ...parsed.errors];
  const leftOut = (parsed.errorsLeftOut ?? 0) + Math.max(0, errors.length - 5);
  return { ok: false, errors: errors.slice(0, 5), ...(leftOut > 0 ? { errorsLeftOut: leftOut } : {}), ...(parsed.errorsLeftOutAtLeast ? { errorsLeftOutAtLeast: true as const } : {}) };
}

function parseScenarioText(written: string, file: string, schema: object): ParseResult {
  // A lone CR ends a line, as YAML 1.2 says (a classic Mac file); the yaml library reads it as no
  // break at all, so such a file was one long line: "Nested mappings are not allowed in compact
  // mappings" at line 1. One character for one: every offset stays where it was.
  const text = written.includes('\r') ? written.replace(/\r(?!\n)/g, '\n') : written;
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  // A byte-order mark past the start (a file pasted into another): the yaml library read it as part
  // of whatever followed, `unknown key "\uFEFF  - expect"`, its culprit invisible.
  const bom = text.indexOf('\uFEFF', 1);
  if (bom !== -1) {
    lineCounter.addNewLine(0);
    for (const line of text.slice(0, bom).matchAll(/\n/g)) lineCounter.addNewLine(line.index + 1);
    return { ok: false, errors: [{ file, ...at(bom), message: BOM_INSIDE }] };
  }
  const read = readDocument(text, lineCounter);
  if ('tooDeep' in read) {
    return { ok: false, errors: [{ file, ...at(read.tooDeep), message: `lists and maps nested more than ${MAX_FILE_DEPTH} levels deep (this one is level ${MAX_FILE_DEPTH + 1}); a scenario file may nest at most ${MAX_FILE_DEPTH}, and a message at most ${MAX_NESTING_DEPTH}` }] };
  }
  const doc = read.doc;
  addDuplicateKeyErrors(doc, text, at);
  if (doc.errors.length > 0) {
    const errors = withUnclosedQuotes(doc.errors, read.tokens);
    return {
      ok: false,
      ...leftOutOf(errors.length, 5),
      errors: errors.slice(0, 5).map((e) => {
        if ('quote' in e) return { file, ...at(e.offset), message: `not valid YAML/JSON: the string opened by this ${e.quote} is never closed: add the closing ${e.quote}` };
        const where = at(yamlErrorOffset(text, e));
        // The library's "Tabs are not allowed as indentation" said neither which tab nor what to write instead.
        if (e.code === 'TAB_AS_INDENT') return { file, ...where, message: `not valid YAML: a tab indents line ${where.line} (column ${where.column}); YAML indents with spaces only: replace the tab with spaces (set your editor to indent .yaml files with spaces)` };
        // Valid JSON (JSON.parse takes it), so not "not valid": its own words, naming the key and its first place.
        if (e.code === 'DUPLICATE_KEY') return { file, ...where, message: e.message };
        return { file, ...where, message: `not valid YAML/JSON: ${yamlErrorText(e)}` };
      }).sort((x, y) => x.line - y.line || x.column - y.column),
    };
  }
  // `%YAML 1.1` switched the reader to 1.1's rules without a word: `userId: no` was sent as false.
  if (doc.directives?.yaml.explicit && doc.directives.yaml.version === '1.1') {
    const directive = /^%YAML[ \t]/m.exec(text)?.index ?? 0;
    return { ok: false, errors: [{ file, ...at(directive), message: 'not valid YAML/JSON: "%YAML 1.1" asks for YAML 1.1, where no, yes, on, off, y and n are booleans and 1_000 and 12:30:00 are numbers; a scenario is read as YAML 1.2 (and JSON): remove the line' }] };
  }
  const tag = firstUnknownTag(doc, text);
  if (tag) return { ok: false, errors: [{ file, ...at(tag.offset), message: `not valid YAML/JSON: ${tag.message}` }] };
  // Nothing written (a file made with `touch`, or only comments): "the scenario: expected object" said nothing useful.
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && !doc.contents.source)) {
    return { ok: false, errors: [{ file, line: 1, column: 1, message: 'the file is empty: a scenario is a map with at least "name" and "steps", e.g. name: Checkout then steps: a list of send, advance or expect steps' }] };
  }
  const js = toJs(doc);
  if (!js.ok) return { ok: false, errors: [{ file, ...at(js.offset), message: `not valid YAML/JSON: ${js.message}` }] };
  const value = js.value;
  const validators = validatorsFor(schema);
  if (!validators.first(value)) {
    // Every error is collected for the first failing steps only (see STEPS_CHECKED_IN_FULL).
    const { checked, unchecked } = validators.step ? withLaterBadStepsSetAside(value, validators.step) : { checked: value, unchecked: new Set<number>() };
    const validate = validators.all;
    if (validate(checked)) validate(value); // Not reached: the first failing steps are kept as written.
    const errors = (validate.errors ?? []).filter((e) => !LEFT_TO_EXPANSION.test(e.schemaPath));
    if (errors.length > 0 || unchecked.size > 0) {
      // The steps the schema took are still expanded, so a problem only expansion finds (a regex, a
      // catalog event, a step reference) is listed beside the schema's, not after they are fixed.
      const schemaFound = schemaErrors(errors, doc, file, at);
      const rest = expandable(value, errors, unchecked);
      const expanded = rest ? expand(rest.spec, doc, file, at, rest.skippedIds) : undefined;
      const more = expanded && !expanded.ok ? expanded.errors : [];
      const all = dedupe([...schemaFound, ...more].sort((x, y) => x.line - y.line || x.column - y.column));
      // Each step set aside unchecked holds at least one error: counted, so the count is a floor.
      if (all.length > 0) return { ok: false, errors: all.slice(0, 5), ...leftOutOf(all.length + unchecked.size, 5), ...(unchecked.size > 0 ? { errorsLeftOutAtLeast: true as const } : {}) };
    }
    // Only keys that exclude each other (the schema's for editors): expand says so in its own words, at the key.
  }
  // The file is checked as YAML reads it; the messages it sends or expects keep their digits.
  const exact = mayHoldLossyNumber(text) && markExactNumbers(doc) ? toJs(doc) : undefined;
  const spec = exact?.ok ? withExactPayloads(value as ScenarioSpec, exact.value as ScenarioSpec) : (value as ScenarioSpec);
  return expand(spec, doc, file, at);
}

/**
 * "Map keys must be unique", at each key a map already holds, as the yaml library's `uniqueKeys`
 * says it (two scalar keys of the same value: `null` and `~`, `true` and `True`; not `1` and
 * `"1"`, nor merge keys, nor two collections). The library compares each key with every key
 * before it: a map of 16,000 keys took seconds, 100,000 minutes, with the engine's thread held.
 * Here each map's keys go into a Set. The errors join the document's, in the file's order.
 */
function addDuplicateKeyErrors(doc: Document, text: string, at: (offset: number) => { line: number; column: number }): void {
  let found = false;
  visit(doc, {
    Map(_key, map) {
      // Each key's first occurrence, to name it (a JSON file's message with "event" twice: JSON.parse,
      // as Segment, would keep the last without a word, so the file says which it means).
      const seen = new Map<unknown, Scalar>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || typeof key.value === 'symbol' || Number.isNaN(key.value)) continue;
        const first = seen.get(key.value);
        if (first === undefined) seen.set(key.value, key);
        else if (key.range) {
          const written = text.slice(key.range[0], key.range[1]);
          const firstAt = first.range ? at(first.range[0]) : undefined;
          const where = firstAt ? ` (first at line ${firstAt.line}, column ${firstAt.column})` : '';
          const message = `the key ${written} appears twice in one map${where}: write it once, with the value you mean (JSON.parse, as Segment, would keep the last without a word; a scenario refuses to guess)`;
          doc.errors.push(new YAMLParseError([key.range[0], key.range[0] + 1], 'DUPLICATE_KEY', message));
          found = true;
        }
      }
    },
  });
  if (found) doc.errors.sort((a, b) => a.pos[0] - b.pos[0]);
}

/**
 * Each number the file writes with more digits than a double holds (an id past 2^53, a long
 * decimal: exact-json's isLossyLiteral) becomes a marker of the digits as written: the scalar's
 * `source`, which the yaml library keeps from the text. A YAML-only spelling (`+1`, `0x1F`,
 * `.inf`) is left to YAML. True when one was marked.
 */
function markExactNumbers(doc: Document): boolean {
  let marked = false;
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'number' || node.type !== 'PLAIN' || typeof node.source !== 'string') return;
      if (isJsonNumberLiteral(node.source) && isLossyLiteral(node.source)) {
        node.value = exactNumber(node.source);
        marked = true;
      }
    },
  });
  return marked;
}

/**
 * The spec (as checked) with what goes out or is compared as a message taken from the marked
 * reading: each send, inline users, the messages expectation's filter and match, the users
 * expectation's `contains` and the matching expectation's `user`, and the variables. The rest
 * (counts, times, durations, the seed) stays YAML's number, as the schema checked it.
 */
function withExactPayloads(plain: ScenarioSpec, exact: ScenarioSpec): ScenarioSpec {
  const steps = (list: StepSpec[], marked: StepSpec[]): StepSpec[] =>
    list.map((s, i) => {
      const m = marked[i];
      const out: StepSpec = { ...s };
      if (s.send) out.send = m.send;
      if (Array.isArray(s.users)) out.users = m.users;
      if (s.repeat && m.repeat) out.repeat = { ...s.repeat, steps: steps(s.repeat.steps, m.repeat.steps) };
      if (s.expect?.messages && m.expect?.messages) {
        const { filter, match } = m.expect.messages;
        out.expect = { ...s.expect, messages: { ...s.expect.messages, ...(filter !== undefined ? { filter } : {}), ...(match !== undefined ? { match } : {}) } };
      }
      // The directory's users are compared too: a user's trait 9007199254740992 passed `users.contains`
      // and `matching.user` expectations of 9007199254740993 (both read as the same double).
      if (s.expect?.users?.contains && m.expect?.users?.contains) out.expect = { ...(out.expect ?? s.expect), users: { ...s.expect.users, contains: m.expect.users.contains } };
      if (s.expect?.matching?.user && m.expect?.matching?.user) out.expect = { ...(out.expect ?? s.expect), matching: { ...s.expect.matching, user: m.expect.matching.user } };
      return out;
    });
  return { ...plain, ...(exact.variables !== undefined ? { variables: exact.variables } : {}), steps: steps(plain.steps, exact.steps) };
}

function nodeAt(doc: Document, path: (string | number)[]): Node | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : (doc.getIn(path.slice(0, n), true) as Node | undefined);
    if (node && typeof node === 'object' && 'range' in node && node.range) return node;
  }
  return undefined;
}

/** Where a key of the map at `path` starts. */
function keyNode(doc: Document, path: (string | number)[], key: string): number | undefined {
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map)) return undefined;
  for (const pair of map.items) {
    const k = pair.key as Node | null;
    if (k && isScalar(k) && String(k.value) === key) return k.range?.[0];
  }
  return undefined;
}

/** A JSON Pointer segment as the key it names ("a~1b" -> "a/b"). */
const unescapePointer = (p: string) => p.replace(/~1/g, '/').replace(/~0/g, '~');

function pathOf(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map(unescapePointer)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** "/steps/1/send/via" -> "step 2: send.via"; "/steps/0/repeat/steps/2" -> "step 1, repeat step 3". */
function humanPath(instancePath: string): string {
  return whereOf(pathOf(instancePath));
}

/**
 * Where a path of the file is, as every error of the file says it: the step as a person counts it
 * ("step 2", "step 1, repeat step 3"), then the key path inside it, a list's index in brackets
 * (["steps", 1, "users", 0, "mail"] -> "step 2: users[0].mail"; ["webhooks", 1, "name"] ->
 * "webhooks[1].name"); "the scenario" for the whole file.
 */
export function whereOf(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the scenario';
  let rest = path;
  const parts: string[] = [];
  while (rest[0] === 'steps' && typeof rest[1] === 'number') {
    parts.push(`${parts.length > 0 ? 'repeat step' : 'step'} ${rest[1] + 1}`);
    rest = rest.slice(2);
    // Into a repeat's own step (repeat.steps[2]: "repeat step 3"); repeat.steps itself is named as it is written.
    if (rest[0] === 'repeat' && rest[1] === 'steps' && typeof rest[2] === 'number') rest = rest.slice(1);
  }
  const tail = rest.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  return parts.length === 0 ? tail : `${parts.join(', ')}${tail ? `: ${tail}` : ''}`;
}

/** The keys of a oneOf whose branches each require one key (a step's kinds, a send's), or undefined. */
function oneOfKeys(e: ErrorObject): string[] | undefined {
  const branches: unknown = e.schema;
  if (!Array.isArray(branches)) return undefined;
  const keys = branches.map((b) => (b && typeof b === 'object' && Array.isArray(b.required) && b.required.length === 1 && Object.keys(b).length === 1 ? String(b.required[0]) : undefined));
  return keys.every((k): k is string => k !== undefined) ? keys : undefined;
}

/**
 * A message's field written straight under a messages expectation (`messages: { event: Paid,
 * count: 1 }`): said where it goes, `filter` (the keys /api/messages filters on) or `match` (any
 * field of the message). It was only 'unknown key "event"'.
 */
function messageFieldHint(key: string, properties: unknown): string {
  if (!properties || typeof properties !== 'object' || !('filter' in properties) || !('match' in properties)) return '';
  const filter = (properties as { filter?: { propertyNames?: { enum?: unknown[] } } }).filter;
  const filterKeys = filter?.propertyNames?.enum ?? [];
  return filterKeys.includes(key) && key !== 'match'
    ? `; a message's fields go under "filter" or "match": filter: { ${key}: … }`
    : `; a message's fields go under "match": match: { ${key}: … }`;
}

/**
 * The keys an expectation's own map takes (`findings takes step, profile, severity, rules, count`),
 * for a key close to none of them: `findings: { atLeast: 1 }`, as a messages expectation takes it,
 * said only 'unknown key "atLeast"'.
 */
function expectationKeys(instancePath: string, properties: unknown): string {
  // An entry of a list expectation (accountConflicts: [{ userId, accounts }]) names its entry's keys.
  const found = /\/expect\/([A-Za-z]+)(\/\d+)?$/.exec(instancePath);
  if (!found || !properties || typeof properties !== 'object') return '';
  return `; ${found[2] ? `an ${found[1]} entry` : found[1]} takes ${Object.keys(properties).join(', ')}`;
}

/** Characters a key's reader cannot see, or takes for a plain space, and what each is. */
const UNSEEN_IN_KEY = /[\u00a0\u00ad\u061c\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff]/g;
function unseenName(code: number): string {
  if (code === 0x00a0 || code === 0x202f) return 'a no-break space, which shows as a space but is not one: type a plain space in its place';
  if ((code >= 0x2000 && code <= 0x200a) || code === 0x205f || code === 0x3000) return 'a typographic space, which shows as a space but is not one: type a plain space in its place';
  if (code === 0x2028 || code === 0x2029) return 'a Unicode line separator, which YAML does not read as a line break: type a line break in its place';
  return 'an invisible character: delete it';
}

/**
 * A key in quotes, each character one cannot see (a zero-width space) or tells from a space (a
 * no-break space) written as [U+200B] and named: `unknown key "se​nd"` and `a map of "- send"`
 * (its "- " a no-break space, so no list item) showed the keys as they should be.
 */
function shownKey(key: string): string {
  const unseen = [...key.matchAll(UNSEEN_IN_KEY)];
  if (unseen.length === 0) return JSON.stringify(key);
  const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const written = JSON.stringify(key.replace(UNSEEN_IN_KEY, (c) => `[${hex(c)}]`));
  const first = unseen[0][0];
  return `${written} (${hex(first)} is ${unseenName(first.charCodeAt(0))}${unseen.length > 1 ? `; the key holds ${unseen.length} such characters` : ''})`;
}

const quoted = (keys: string[]) => keys.map((k) => shownKey(k)).join(', ');
const bothOf = (keys: string[]) => (keys.length === 2 ? `both ${JSON.stringify(keys[0])} and ${JSON.stringify(keys[1])}` : `${quoted(keys.slice(0, -1))} and ${JSON.stringify(keys.at(-1))}`);

function describe(e: ErrorObject): string {
  const where = humanPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      // The keys the map takes: the `properties` beside the schema's additionalProperties.
      const properties: unknown = e.parentSchema?.properties;
      const near = properties && typeof properties === 'object' ? didYouMean(key, Object.keys(properties)) : '';
      return `${where}: unknown key ${shownKey(key)}${near || messageFieldHint(key, properties) || expectationKeys(e.instancePath, properties)}`;
    }
    case 'required':
      return `${where}: missing "${String(p.missingProperty)}"`;
    case 'enum':
      // Under propertyNames (a filter's keys): the key is what is wrong, not the value.
      if (e.propertyName !== undefined) return `${where}: unknown key "${e.propertyName}"; use ${(p.allowedValues as unknown[]).map((v) => String(v)).join(', ')}`;
      {
        const written: unknown = e.data;
        const near = typeof written === 'string' ? didYouMean(written, (p.allowedValues as unknown[]).filter((v): v is string => typeof v === 'string')) : '';
        return `${where}: expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${near}`;
      }
    case 'type':
      // A duration is an integer or a string: "expected integer" and "expected string" for 1.5 or
      // true, each alone, did not say a duration was expected.
      if (e.schemaPath.startsWith('#/definitions/duration/')) return `${where}: ${DURATION_EXPECTED}, not ${JSON.stringify(e.data)}`;
      // A clock moment written as a number (`start: 5`, `set: 12`): "expected string" sent the writer to quote it.
      if (p.type === 'string' && e.instancePath === '/start') return `${where}: expected an ISO-8601 moment such as "${DEFAULT_START}", not ${JSON.stringify(e.data)}`;
      if (p.type === 'string' && /(^|\/)steps\/\d+\/set$/.test(e.instancePath)) {
        return `${where}: expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not ${JSON.stringify(e.data)}; to move the clock on by a duration, write advance (advance: 90s)`;
      }
      // A file that is a list or a bare word: "the scenario: expected object" said not what a scenario is.
      if (p.type === 'object' && e.instancePath === '') return `${where}: expected a map with "name" and "steps" (name: Checkout, then steps: a list of steps), not ${Array.isArray(e.data) ? 'a list' : JSON.stringify(e.data)}`;
      // A step written as a bare word or number (`- hello`, a key's colon forgotten): what a step looks like.
      if (p.type === 'object' && /(^|\/)steps\/\d+$/.test(e.instancePath)) return `${where}: expected a step, a map such as \`advance: 1m\` or \`send: { message: … }\`, not ${JSON.stringify(e.data)}`;
      // A milliseconds setting (timeoutMs) written as a duration ("30m"): the number to write.
      if (p.type === 'integer' && /Ms$/.test(e.instancePath) && typeof e.data === 'string') {
        const ms = parseDuration(e.data) ?? parseDuration(durationSuggestion(e.data));
        if (ms !== undefined) return `${where}: expected integer (milliseconds), not ${JSON.stringify(e.data)}: write ${ms}`;
      }
      // send.event is a catalog event; an event name there is most often a message of one's own.
      if (/\/send\/event$/.test(e.instancePath) && typeof e.data === 'string') {
        return `${where}: expected a catalog event such as { profile: provesource, name: Goal Completed }; for a message of your own, write send: { message: { type: track, event: ${e.data} } }`;
      }
      // `steps:` followed by `  advance: 1m` (the "- " forgotten) is a map: "expected array" did not say what to write.
      if (p.type === 'array' && /(^|\/)steps$/.test(e.instancePath) && e.data !== null && typeof e.data === 'object' && !Array.isArray(e.data)) {
        return `${where}: expected a list of steps, each starting with "- " (\`- advance: 1m\`); this is ${Object.keys(e.data as object).length === 0 ? 'an empty map ({})' : `a map of ${quoted(Object.keys(e.data as object).slice(0, 3))}`}`;
      }
      // delivery.status is the HTTP status; "delivered" or "failed" there is the state, one key over.
      if (/\/expect\/delivery\/status$/.test(e.instancePath) && typeof e.data === 'string') {
        const state = ['delivered', 'failed'].includes(e.data) ? `; for ${e.data}, write state: ${e.data}` : '';
        return `${where}: expected integer (the HTTP status of the last attempt, such as 200)${state}`;
      }
      // matching.user is the fields the user has; a bare id there is the commonest slip.
      if (/\/expect\/matching\/user$/.test(e.instancePath) && (typeof e.data === 'string' || typeof e.data === 'number')) {
        return `${where}: expected the fields the user has, such as { id: ${String(e.data)} }`;
      }
      return `${where}: expected ${String(p.type).replace(/,/g, ' or ')}`;
    case 'minProperties':
      return `${where}: must not be empty`;
    case 'minItems':
      // `steps: []` ran as "0 steps", a pass that checked nothing.
      if (/(^|\/)steps$/.test(e.instancePath)) return `${where} is empty: a ${e.instancePath === '/steps' ? 'scenario' : 'repeat'} needs at least one step`;
      return Number(p.limit) === 1 ? `${where}: must not be empty` : `${where}: must have at least ${String(p.limit)} items`;
    case 'oneOf': {
      // A step (or a send) of two kinds is most often a forgotten "- ": name the keys, and the way out.
      const keys = oneOfKeys(e);
      const written: unknown = e.data;
      if (!keys || written === null || typeof written !== 'object') return `${where}: must have exactly one of the allowed keys`;
      const present = keys.filter((k) => Object.prototype.hasOwnProperty.call(written, k));
      if (present.length === 0) return `${where}: needs one of ${quoted(keys)}`;
      const isStep = keys.includes('advance');
      return `${where}: has ${bothOf(present)}, and ${isStep ? 'a step does one thing: start each on its own "- " line' : `takes one of ${quoted(keys)}`}`;
    }
    case 'minimum': {
      const back = /\/advance$/.test(e.instancePath) ? backwardAdvance(e.data) : undefined;
      return `${where}: ${back ?? e.message ?? e.keyword}`;
    }
    case 'pattern': {
      const back = /\/advance$/.test(e.instancePath) ? backwardAdvance(e.data) : undefined;
      if (back) return `${where}: ${back}`;
      if (e.schemaPath.startsWith('#/definitions/duration/')) return `${where}: ${durationExpected(e.data)}`;
      // The regular expression said nothing a person reads at a glance; the same words as a send's webhook name.
      if (/^\/webhooks\/\d+\/name$/.test(e.instancePath)) return `${where}: ${JSON.stringify(e.data)} is no webhook name: letters, digits, "-" and "_", 1 to 64 of them`;
      return `${where}: ${e.message ?? 'not in the expected form'}`;
    }
    default:
      return `${where}: ${e.message ?? e.keyword}`;
  }
}

/**
 * Ajv reports every branch of every oneOf; a reader wants the one that says what to fix. Each part
 * of the file (a step, a webhook, another top-level key) is judged on its own, so a problem in one
 * never hides another's. Within a part that fails a oneOf, keep the deepest errors (the branch
 * that got furthest) and drop the summary when something more precise exists; a part with no
 * oneOf keeps every error. The first five are listed, in the order they appear in the file.
 */
function schemaErrors(errors: ErrorObject[], doc: Document, file: string, at: (o: number) => { line: number; column: number }): ScenarioError[] {
  const parts = new Map<string, ErrorObject[]>();
  // "property name must be valid" only repeats the enum error under it, which names the key; a
  // step kind's "dependencies" (each kind forbids the others, for editors, which show its
  // errorMessage) only repeat the step's "one of", whose message names both keys.
  for (const e of errors.filter((x) => x.keyword !== 'propertyNames' && !(x.keyword === 'false schema' && x.schemaPath.includes('/dependencies/')))) {
    const key = partOf(e.instancePath);
    const list = parts.get(key);
    if (list) list.push(e);
    else parts.set(key, [e]);
  }
  const seen = new Set<string>();
  const found: { offset: number; message: string }[] = [];
  for (const [sendPath, keys] of inlineMessageSends(errors)) {
    found.push({ offset: nodeAt(doc, pathOf(sendPath))?.range?.[0] ?? 0, message: inlineMessageHint(sendPath, keys) });
    // Its other errors (each key unknown, event not a catalog event) only repeat the hint. They are
    // in the send's own part: filtering every part for every send took minutes for a file of 20,000
    // such sends (each send's step is its own part).
    const key = partOf(sendPath);
    const list = parts.get(key);
    if (list) parts.set(key, list.filter((e) => !(e.instancePath === sendPath || e.instancePath.startsWith(`${sendPath}/`))));
  }
  for (const part of parts.values()) {
    // `- send:` with its `message:` on the next line at the step's indentation: send is empty and
    // message a key of the step. "send: expected object" (and "unknown key") said not which to move.
    const beside = new Map<string, string[]>();
    for (const e of part) {
      const others = keysBesideEmptyKind(e, doc);
      if (others) beside.set(e.instancePath.slice(0, e.instancePath.lastIndexOf('/')), others);
    }
    for (const e of keptOf(part)) {
      if (e.keyword === 'additionalProperties' && beside.get(e.instancePath)?.includes(String((e.params as { additionalProperty: string }).additionalProperty))) continue;
      const others = keysBesideEmptyKind(e, doc);
      const firstOther = others && keyNode(doc, pathOf(e.instancePath.slice(0, e.instancePath.lastIndexOf('/'))), others[0]);
      const kind = e.instancePath.slice(e.instancePath.lastIndexOf('/') + 1);
      const message = others
        ? `${humanPath(e.instancePath)}: is empty, and ${quoted(others)} (line ${at(firstOther ?? 0).line}) ${others.length === 1 ? 'is' : 'are'} beside it at the step's own indentation: indent ${others.length === 1 ? 'it' : 'them'} under ${kind}, further than "${kind}"`
        : describe(e);
      if (seen.has(message)) continue;
      seen.add(message);
      const path = pathOf(e.instancePath);
      // For an unknown key, point at the key itself.
      const unknownKey = e.keyword === 'additionalProperties' ? String((e.params as { additionalProperty: string }).additionalProperty) : e.propertyName;
      const offset = unknownKey !== undefined ? (keyNode(doc, path, unknownKey) ?? nodeAt(doc, path)?.range?.[0] ?? 0) : (nodeAt(doc, path)?.range?.[0] ?? 0);
      found.push({ offset, message });
    }
  }
  // Stable: errors at one place keep Ajv's order.
  found.sort((x, y) => x.offset - y.offset);
  return found.map(({ offset, message }) => ({ file, ...at(offset), message }));
}

/**
 * For a step kind written with nothing under it (`send:` alone, "expected object"), the step's other
 * keys (not its id): what was meant to be under it, indented one level too little. Else undefined.
 */
function keysBesideEmptyKind(e: ErrorObject, doc: Document): string[] | undefined {
  if (e.keyword !== 'type' || e.data !== null || !/(^|\/)steps\/\d+\/(send|expect|repeat)$/.test(e.instancePath)) return undefined;
  const kind = e.instancePath.slice(e.instancePath.lastIndexOf('/') + 1);
  const step: unknown = doc.getIn(pathOf(e.instancePath.slice(0, e.instancePath.lastIndexOf('/'))));
  if (!isMap(step)) return undefined;
  const others = step.items.map((i) => (isScalar(i.key) ? String(i.key.value) : String(i.key))).filter((k) => k !== kind && k !== 'id');
  return others.length > 0 ? others : undefined;
}

/** Fields of a Segment message: written at a send's own level, they are a message missing its "message:". */
const MESSAGE_FIELDS = new Set(['type', 'userId', 'anonymousId', 'previousId', 'groupId', 'properties', 'traits', 'context', 'integrations', 'timestamp', 'originalTimestamp', 'sentAt', 'messageId', 'category']);

/**
 * The sends that hold message fields at their own level (`send: { type: track, event: X, userId: u }`,
 * the message without its "message:" key), each with those fields: one error says what to write,
 * where the schema gave one per key and "send.event: expected object" for the event's name.
 */
function inlineMessageSends(errors: ErrorObject[]): Map<string, string[]> {
  const sends = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword !== 'additionalProperties' || !/\/send$/.test(e.instancePath)) continue;
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    if (!MESSAGE_FIELDS.has(key)) continue;
    const keys = sends.get(e.instancePath);
    if (keys) keys.push(key);
    else sends.set(e.instancePath, [key]);
  }
  // A send's event that is text (an event name, not a catalog event) is the message's event too.
  for (const e of errors) {
    const send = e.instancePath.replace(/\/event$/, '');
    if (e.keyword === 'type' && send !== e.instancePath && sends.has(send) && typeof e.data === 'string' && !sends.get(send)!.includes('event')) sends.get(send)!.push('event');
  }
  // In the order they are written.
  for (const e of errors) {
    const keys = sends.get(e.instancePath);
    if (keys && e.keyword === 'additionalProperties' && e.data && typeof e.data === 'object') {
      const order = Object.keys(e.data);
      keys.sort((x, y) => order.indexOf(x) - order.indexOf(y));
    }
  }
  return sends;
}

function inlineMessageHint(sendPath: string, keys: string[]): string {
  const fields = keys.length === 1 ? `${JSON.stringify(keys[0])} is a message field` : `${quoted(keys.slice(0, -1))} and ${JSON.stringify(keys.at(-1))} are message fields`;
  return `${humanPath(sendPath)}: ${fields}: put the message under "message", as in send: { message: { type: track, event: Signed Up, userId: u1 } }`;
}

/** The part of the file an error is in: "/steps/3" inside step 4, "/webhooks/0" inside the first webhook, else its top-level key ("" for the whole file). */
function partOf(instancePath: string): string {
  const item = /^\/(?:steps|webhooks)\/\d+/.exec(instancePath);
  if (item) return item[0];
  const slash = instancePath.indexOf('/', 1);
  return slash < 0 ? instancePath : instancePath.slice(0, slash);
}

/** The errors of one part worth reading. */
function keptOf(all: ErrorObject[]): ErrorObject[] {
  const errors = withoutOtherTypes(all);
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  if (oneOfs.length === 0) return errors;
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  // A step is a oneOf of step kinds: "missing send" for each of the other kinds says nothing.
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && !(e.keyword === 'required' && oneOfs.some((o) => o.instancePath === e.instancePath)));
  // Nothing more precise (two step kinds in one step): the oneOf summary says what to fix.
  const pool = useful.length > 0 ? useful : oneOfs;
  const deepest = pool.reduce((most, e) => Math.max(most, depth(e)), 0);
  return pool.filter((x) => depth(x) === deepest);
}

/**
 * A oneOf whose branches want different types, where the value has the type of exactly one branch
 * (`users: {}`: an object, not a list): that branch's errors say what to fix ("missing file"), the
 * others' "expected array" is noise, and so is the summary.
 */
function withoutOtherTypes(errors: ErrorObject[]): ErrorObject[] {
  let out = errors;
  for (const o of errors) {
    if (o.keyword !== 'oneOf') continue;
    const prefix = `${o.schemaPath}/`;
    // Each error's branch of this oneOf, -1 for errors outside it.
    const branchOf = new Map<ErrorObject, number>();
    const branches = new Map<number, ErrorObject[]>();
    for (const e of out) {
      const b = e.schemaPath.startsWith(prefix) && e.instancePath.startsWith(o.instancePath) ? Number(e.schemaPath.slice(prefix.length).split('/')[0]) : -1;
      branchOf.set(e, b);
      if (b < 0) continue;
      const list = branches.get(b);
      if (list) list.push(e);
      else branches.set(b, [e]);
    }
    const typeFits = [...branches].filter(([, es]) => !es.some((e) => e.keyword === 'type' && e.instancePath === o.instancePath));
    if (branches.size < 2 || typeFits.length !== 1) continue;
    const kept = typeFits[0][0];
    out = out.filter((e) => e !== o && (branchOf.get(e)! < 0 || branchOf.get(e) === kept));
  }
  return out;
}

/** The kind of step a step spec is (the schema lets it be one only). */
function kindOf(step: StepSpec): FlatStep['kind'] {
  if (step.send) return 'send';
  if (step.advance !== undefined) return 'advance';
  if (step.set !== undefined) return 'set';
  if (step.users !== undefined) return 'users';
  return 'expect';
}
const STEP_KIND_NAMED: Record<FlatStep['kind'], string> = { send: 'a send', advance: 'an advance', set: 'a clock set', users: 'a users step', expect: 'an expectation' };

function label(step: StepSpec): string {
  if (step.send) {
    const s = step.send;
    const m = s.message ?? s.batch?.[0];
    const what = s.event ? `${s.event.name}` : m ? textOf(m.event ?? m.name ?? m.type ?? 'message') : 'message';
    return `send ${what}${s.batch ? ` (+${s.batch.length - 1} more)` : ''}${s.via && s.via !== 'tracking' ? ` via ${s.via}${s.webhook ? ` ${s.webhook}` : ''}` : ''}`;
  }
  // A number is milliseconds: `advance 45` read as 45 minutes (or seconds) where it was 45 ms.
  if (step.advance !== undefined) return `advance ${typeof step.advance === 'number' ? `${step.advance} ms` : step.advance}`;
  if (step.set !== undefined) return `set clock to ${step.set}`;
  if (step.users !== undefined) return Array.isArray(step.users) ? `users: ${step.users.length} inline` : `users from ${step.users.file}`;
  if (step.expect) return `expect ${Object.keys(step.expect).join(', ')}`;
  return 'step';
}

/**
 * The part of a file the schema refused that can still be expanded: its steps without a schema
 * error (the others left as null, so each keeps its number), and the top-level keys expansion
 * reads when they passed. skippedIds: the ids of the steps left out, which a reference may name.
 */
function expandable(value: unknown, errors: ErrorObject[], unchecked: ReadonlySet<number> = new Set()): { spec: ScenarioSpec; skippedIds: string[] } | undefined {
  if (!value || typeof value !== 'object' || !Array.isArray((value as { steps?: unknown }).steps)) return undefined;
  const v = value as Record<string, unknown> & { steps: unknown[] };
  // Steps judged valid only in place of failing ones past those checked in full are not expanded either.
  const badSteps = new Set<number>(unchecked);
  const badKeys = new Set<string>();
  for (const e of errors) {
    const step = /^\/steps\/(\d+)/.exec(e.instancePath);
    if (step) badSteps.add(Number(step[1]));
    else badKeys.add(e.instancePath.split('/')[1] ?? '');
  }
  if (badKeys.has('steps')) return undefined;
  const skippedIds: string[] = [];
  const collectIds = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(collectIds);
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) (k === 'id' && typeof y === 'string' ? skippedIds.push(y) : collectIds(y));
  };
  const steps = v.steps.map((step, i) => {
    if (!badSteps.has(i)) return step;
    collectIds(step);
    return null;
  });
  const spec: Record<string, unknown> = { name: typeof v.name === 'string' ? v.name : '', steps };
  for (const key of ['start', 'seed', 'variables'] as const) if (v[key] !== undefined && !badKeys.has(key)) spec[key] = v[key];
  return { spec: spec as unknown as ScenarioSpec, skippedIds };
}

/** Steps a list expands to (each repeat's times × its own steps' count), without building any. */
export function expandedStepCount(list: readonly (StepSpec | null)[]): number {
  let n = 0;
  for (const raw of list) {
    if (raw === null) continue;
    n += raw.repeat ? raw.repeat.times * expandedStepCount(raw.repeat.steps) : 1;
  }
  return n;
}

/** The first top-level step past which the scenario expands beyond MAX_STEPS: its place, the count up to and with it, and, for a repeat, its times and steps per round. */
function expansionTooBig(list: readonly (StepSpec | null)[]): { index: number; total: number; before: number; times?: number; perRound?: number } | undefined {
  let total = 0;
  for (let index = 0; index < list.length; index++) {
    const raw = list[index];
    if (raw === null) continue;
    const before = total;
    const perRound = raw.repeat ? expandedStepCount(raw.repeat.steps) : undefined;
    total += raw.repeat ? raw.repeat.times * (perRound ?? 0) : 1;
    if (total > MAX_STEPS) return raw.repeat ? { index, total, before, times: raw.repeat.times, perRound } : { index, total, before };
  }
  return undefined;
}

function expand(spec: ScenarioSpec, doc: Document, file: string, at: (o: number) => { line: number; column: number }, skippedIds: readonly string[] = []): ParseResult {
  const errors: ScenarioError[] = [];
  const lineOf = (path: (string | number)[]) => at(nodeAt(doc, path)?.range?.[0] ?? 0);
  const err = (path: (string | number)[], message: string) => errors.push({ file, ...lineOf(path), message });
  /** An error at a path, saying where as the schema's errors do: `step 2, repeat step 1: expect.messages.match.event: …`. */
  const errAt = (path: (string | number)[], message: string) => err(path, `${whereOf(path)}: ${message}`);
  /** The same, at the key a path ends with (a key that is wrong, not its value). */
  const errAtKey = (path: (string | number)[], message: string) => {
    const offset = keyNode(doc, path.slice(0, -1), String(path.at(-1)));
    if (offset === undefined) errAt(path, message);
    else errors.push({ file, ...at(offset), message: `${whereOf(path)}: ${message}` });
  };
  // Read as message times are (parseIsoTime: no offset = UTC), so a run is the same in every time zone.
  const startMs = parseIsoTime(spec.start ?? DEFAULT_START) ?? NaN;
  if (!Number.isFinite(startMs)) errAt(['start'], `expected an ISO-8601 moment such as "${DEFAULT_START}"`);
  // The clock refuses a moment outside its range: found here, with the line, not as the run's set-up failing.
  else if (!isSimulatedMoment(startMs)) errAt(['start'], `the simulation clock runs ${SIMULATED_RANGE_TEXT}, not ${JSON.stringify(spec.start)}`);
  const ids = new SeededIds(spec.seed ?? seedOf(spec.name));
  const steps: FlatStep[] = [];
  /** Each step id, with the line of its first step, that step's place in the file, and whether it is in a repeat. */
  const ownIds = new Map<string, { line: number; at: string; inRepeat: boolean; kind: FlatStep['kind']; via: string }>();
  /** The steps (by place) whose duplicate id is reported: once, not once per iteration of their repeat. */
  const reportedIds = new Set<string>();
  // Expectations' references to steps (dropReasons.step...), each where its value is in the file.
  // before: whether a step of that id has come by then, in the order the run takes them (Play fails one that has not).
  const refs: { path: (string | number)[]; key: string; ref: string; before: boolean }[] = [];
  // The webhooks `via: webhook` sends post to, judged against the file's own `webhooks` at the end.
  const webhookSends: { path: (string | number)[]; name: string }[] = [];
  // Sends whose message type is no call type, in the run's order, until an expectation of what
  // comes of it (a drop reason, a failed delivery) says it is meant: those left are warnings.
  let foreign: { path: (string | number)[]; value: unknown; via: string; send: Extract<FlatStep, { kind: 'send' }> }[] = [];

  // The latest send, and the latest via: sender one, in the order the run takes them: what an
  // expect.matching (.delivery) without step is about.
  let lastSend: Extract<FlatStep, { kind: 'send' }> | undefined;
  let lastSenderSend: Extract<FlatStep, { kind: 'send' }> | undefined;
  /** The latest `via: sender` send of each id: the one a delivery expectation naming that id judges. */
  const senderSendsById = new Map<string, Extract<FlatStep, { kind: 'send' }>>();
  /** The key a send is known by in the run: its id, else its line (set on it here). */
  const keyOf = (send: Extract<FlatStep, { kind: 'send' }>) => send.id ?? (send.ref ??= `line ${send.line}`);

  // inRepeat: a step id may recur in a repeat (each time a step of that id runs, it is the latest).
  const walk = (list: StepSpec[], path: (string | number)[], vars: TemplateValues, inRepeat: boolean) => {
    list.forEach((raw, i) => {
      // A step the schema refused (expandable): its own errors are the schema's.
      if (raw === null) return;
      const here = [...path, i];
      const line = lineOf(here).line;
      if (raw.repeat) {
        for (let n = 1; n <= raw.repeat.times; n++) walk(raw.repeat.steps, [...here, 'repeat', 'steps'], { ...vars, i: n }, true);
        return;
      }
      const missing = new Set<string>();
      const circles = new Set<string>();
      let limit: TemplateLimit | undefined;
      const step = fillTemplate(raw, vars, ids, (name) => missing.add(name), (names) => circles.add(names.join(' → ')), (l) => (limit = l)) as StepSpec;
      // At the value that uses the variable (the step's first line said nothing of which value).
      for (const name of missing) {
        const found = placeholderPath(raw, name, vars);
        // {{vistor}} for {{visitor}}: the one meant, among the file's variables and the built-in ones.
        const meant = nearestName(name, [...Object.keys(vars), 'uuid', 'id', 'email']);
        const near = meant === undefined ? '' : ` (did you mean {{${meant}}}?)`;
        (found?.inKey ? errAtKey : errAt)([...here, ...(found?.path ?? [])], `unknown variable {{${name}}}${near}; define it under "variables" (built in: i, uuid, id, email)`);
      }
      for (const circle of circles) errAt(here, `the variables ${circle} refer to each other in a circle, so none has a value`);
      // A value whose variable has none keeps its placeholder: "not a duration" (or moment) of it only echoed the error above.
      const unfilled = (value: unknown) => (missing.size > 0 || circles.size > 0) && typeof value === 'string' && value.includes('{{');
      if (limit !== undefined) {
        const what = limit === 'chars' ? `a string of more than ${MAX_FILLED_CHARS.toLocaleString('en-US')} characters` : `more than ${MAX_FILLS.toLocaleString('en-US')} placeholders`;
        errAt(here, `its {{variables}} fill ${what} (variables that use each other many times over); use fewer`);
        return;
      }
      if (step.id !== undefined) {
        // Asked of the walk, not of the variables: a file's own variable named i hid a duplicate.
        // A step of a repeat gives its id once per iteration (it names the latest): the same step
        // again is no duplicate, another step of that id is, inside a repeat or out (an id used
        // both before and inside a repeat passed, and a reference to it judged whichever ran last).
        const first = ownIds.get(step.id);
        const at = here.join('/');
        if (first !== undefined && first.at !== at && !reportedIds.has(at)) {
          reportedIds.add(at);
          const repeatNote = inRepeat || first.inRepeat ? `; a step inside a repeat keeps its id in every iteration (a reference names its latest), so give each step an id of its own (a repeat's may use {{i}}: "${step.id}-{{i}}")` : '';
          errAt([...here, 'id'], `"${step.id}" is used twice (first on line ${first.line})${repeatNote}`);
        }
        if (first === undefined) ownIds.set(step.id, { line, at, inRepeat, kind: kindOf(step), via: step.send?.via ?? 'tracking' });
      }
      const base = { index: steps.length, line, label: label(step), ...(step.id !== undefined ? { id: step.id } : {}) };
      if (step.send) {
        for (const [key, problem] of sendProblems(step.send)) errAt([...here, 'send', ...(key ? key.split('.') : [])], problem);
        // `tour_id: { $absent: true }` leaves the example's field out; another "$absent" object is a mistake.
        if (step.send.event?.overrides !== undefined) {
          const absent = decodeAbsent(step.send.event.overrides, 'overrides', 'overrides');
          if ('problem' in absent) errAt([...here, 'send', 'event', 'overrides', ...absent.at], absent.why);
        }
        if (step.send.via === 'webhook' && typeof step.send.webhook === 'string') webhookSends.push({ path: [...here, 'send', 'webhook'], name: step.send.webhook });
        const flat: Extract<FlatStep, { kind: 'send' }> = { ...base, kind: 'send', send: step.send };
        for (const f of foreignTypes(step.send)) foreign.push({ path: [...here, 'send', ...f.path], value: f.value, via: step.send.via ?? 'tracking', send: flat });
        lastSend = flat;
        if (step.send.via === 'sender') {
          lastSenderSend = flat;
          if (flat.id !== undefined) senderSendsById.set(flat.id, flat);
        }
        steps.push(flat);
      }
      else if (step.advance !== undefined) {
        const ms = parseDuration(step.advance);
        if (ms === undefined) {
          if (!unfilled(step.advance)) errAt([...here, 'advance'], backwardAdvance(step.advance) ?? durationExpected(step.advance));
        }
        // The clock refuses a longer one (clock.act): the run stopped there, the check had passed it.
        else if (ms > MAX_SIM_MS) errAt([...here, 'advance'], `${JSON.stringify(step.advance)} is longer than the simulation clock runs ${SIMULATED_RANGE_TEXT} (${MAX_SIM_MS} ms at most)`);
        else steps.push({ ...base, kind: 'advance', ms });
      } else if (step.set !== undefined) {
        const to = parseIsoTime(step.set);
        if (to === undefined) {
          if (!unfilled(step.set)) errAt([...here, 'set'], `expected an ISO-8601 moment such as "2026-01-01T10:00:00Z", not ${JSON.stringify(step.set)}`);
        }
        else if (!isSimulatedMoment(to)) errAt([...here, 'set'], `the simulation clock runs ${SIMULATED_RANGE_TEXT}, not ${JSON.stringify(step.set)}`);
        else steps.push({ ...base, kind: 'set', to });
      } else if (step.users !== undefined) {
        if (Array.isArray(step.users))
          step.users.forEach((u, j) => {
            if (u && typeof u === 'object') for (const [key, problem] of inlineUserProblems(u)) errAt([...here, 'users', j, key], problem);
          });
        steps.push({ ...base, kind: 'users', users: step.users });
      }
      else if (step.expect) {
        for (const [path, problem] of exclusiveKeysIn(step.expect)) errAtKey([...here, 'expect', ...path], problem);
        // `plan: { $absent: true }`: the key must be absent (the wire form; YAML cannot write undefined).
        if (step.expect.messages?.match !== undefined) {
          const absent = decodeAbsent(step.expect.messages.match, 'match');
          if ('problem' in absent) errAt([...here, 'expect', 'messages', 'match', ...absent.at], absent.why);
        }
        for (const [path, d] of durationsIn(step.expect)) if (parseDuration(d) === undefined) errAt([...here, 'expect', ...path], `expected a duration such as "12m", not ${JSON.stringify(d)}`);
        for (const [path, text] of partialStringsIn(step.expect)) {
          const problem = regexProblem(text);
          if (problem) errAt([...here, 'expect', ...path], `${text} is not a valid regular expression: ${problem}`);
        }
        for (const key of ['dropReasons', 'findings', 'matching', 'delivery'] as const) {
          const ref = (step.expect[key] as { step?: string } | undefined)?.step;
          if (ref !== undefined) refs.push({ path: [...here, 'expect', key, 'step'], key, ref, before: ownIds.has(ref) });
        }
        // Without step, matching and delivery are about the latest send before them.
        let expect = step.expect;
        if (expect.matching && expect.matching.step === undefined) {
          if (lastSend) expect = { ...expect, matching: { ...expect.matching, step: keyOf(lastSend) } };
          else errAt([...here, 'expect', 'matching'], `no send step comes before it; put it after the send whose message it judges, or name that step (step: <its id>)`);
        }
        if (expect.delivery && expect.delivery.step === undefined) {
          if (lastSenderSend) expect = { ...expect, delivery: { ...expect.delivery, step: keyOf(lastSenderSend) } };
          else errAt([...here, 'expect', 'delivery'], `no \`via: sender\` send comes before it; put it after one, or name that step (step: <its id>)`);
        }
        // A failed delivery the file expects is no surprise: the run does not warn of it (runStep).
        if (expect.delivery?.state === 'failed' && expect.delivery.step !== undefined) {
          const named = expect.delivery.step === lastSenderSend?.ref ? lastSenderSend : senderSendsById.get(expect.delivery.step);
          if (named) named.failureExpected = true;
        }
        // An expectation of the drop (or the failed delivery) a foreign type brings says it is on purpose.
        const drop = expect.dropReasons;
        const meant = (f: (typeof foreign)[number]) =>
          f.via === 'sender'
            ? expect.delivery?.state === 'failed' && expect.delivery.step !== undefined && (f.send.id ?? f.send.ref) === expect.delivery.step
            : drop?.codes?.includes('unknown-type') === true && (drop.step === undefined || drop.step === f.send.id);
        if (foreign.length > 0) foreign = foreign.filter((f) => !meant(f));
        steps.push({ ...base, kind: 'expect', expect });
      }
    });
  };
  // Counted before any step is built: 100000 × 100000 built 200,000 steps (seconds) to refuse them.
  const tooMany = expansionTooBig(spec.steps);
  if (tooMany !== undefined) {
    const fmt = (n: number) => n.toLocaleString('en-US');
    const { index, total, before, times, perRound } = tooMany;
    if (times === undefined) err(['steps'], `the scenario expands to more than ${fmt(MAX_STEPS)} steps (${fmt(total)}); lower a repeat's "times"`);
    else {
      const after = before > 0 ? `, after ${fmt(before)} before it,` : '';
      errAt(['steps', index], `its repeat expands to ${fmt(total - before)} steps (${fmt(times)} times ${fmt(perRound ?? 0)})${after} more than the ${fmt(MAX_STEPS)} a scenario may expand to; lower its "times"`);
    }
    return { ok: false, errors };
  }
  walk(spec.steps, ['steps'], { ...(spec.variables ?? {}) }, false);
  // A webhook named twice: the later entry replaced the earlier (its secret, the signing of a
  // `via: webhook` send) without a word.
  const webhookLine = new Map<string, number>();
  (spec.webhooks ?? []).forEach((w, i) => {
    const first = webhookLine.get(w.name);
    if (first !== undefined) errAt(['webhooks', i, 'name'], `the webhook "${w.name}" is configured twice (first on line ${first}); keep one entry`);
    else webhookLine.set(w.name, lineOf(['webhooks', i]).line);
  });
  // A send to a webhook the file does not configure, one letter off one it does (pff for pf): it
  // went unsigned to a webhook of that name, which the receiver takes, and the run passed without
  // a word. A name near none of the file's may be a webhook of the app's own: left alone.
  for (const send of webhookSends) {
    if (webhookLine.has(send.name)) continue;
    // One edit at most (product-fruit, product-frutis): a name two off (product-fruits-eu) may well be
    // another webhook of the app's own.
    const near = nearestName(send.name, webhookLine.keys());
    if (near !== undefined && editDistance(send.name.toLowerCase(), near.toLowerCase(), 1) <= 1) errAt(send.path, `"${send.name}" is none of the file's webhooks (${[...webhookLine.keys()].join(', ')}); did you mean "${near}"?`);
  }
  // Steps that refer to other steps must name one that exists.
  const known = new Set([...steps.map((s) => s.id).filter((x): x is string => x !== undefined), ...skippedIds]);
  // At the value that names it (it pointed at column 1 of the expect step's line).
  // A skipped step's id may be a template only its expansion fills: then no reference is judged.
  for (const { path, key, ref, before } of refs) {
    if (!known.has(ref)) {
      if (!skippedIds.some((id) => id.includes('{{'))) errAt(path, `no step has id "${ref}"${didYouMean(ref, known)} (ids: ${[...known].join(', ') || 'none'})`);
      continue;
    }
    const named = ownIds.get(ref);
    if (named === undefined) continue; // a skipped step's: its place in the run is not known
    // Play judged these when it reached them, each failing: "has not run yet", "captured no message".
    if (!before) errAt(path, `step "${ref}" is on line ${named.line}, after this expectation, so it has not run when the expectation is judged; move the expectation below it`);
    else if (named.kind !== 'send') errAt(path, `step "${ref}" (line ${named.line}) is ${STEP_KIND_NAMED[named.kind]}, not a send: ${key} judges what a send step sent`);
    else if (key === 'delivery' && named.via !== 'sender') errAt(path, `step "${ref}" (line ${named.line}) sends via ${named.via}, not via: sender: delivery judges what the sender delivered`);
  }
  if (errors.length > 0) {
    const all = dedupe(errors);
    return { ok: false, errors: all.slice(0, 10), ...leftOutOf(all.length, 10) };
  }
  // Once per place and value: a repeat's send is one warning, not one per round. It names the
  // rounds it holds in (their steps' indexes): the tab marked every round's row of that line, also
  // those an expectation said were meant (delivery: { step: buy-2, state: failed }).
  const once = new Map<string, { f: (typeof foreign)[number]; stepIndexes: number[] }>();
  for (const f of foreign) {
    const key = `${f.path.join('/')}\0${JSON.stringify(f.value)}`;
    const seen = once.get(key);
    if (seen === undefined) once.set(key, { f, stepIndexes: [f.send.index] });
    else {
      // Its hint names the latest round's id, as before.
      seen.f = f;
      seen.stepIndexes.push(f.send.index);
    }
  }
  const warnings = [...once.values()]
    .map(({ f, stepIndexes }): ScenarioWarning => {
      const { message, hint } = foreignTypeWarning(f.value, f.via, f.send.id);
      return { file, ...lineOf(f.path), message: `${whereOf(f.path)}: ${message}`, hint, stepIndexes };
    })
    .sort((x, y) => x.line - y.line || x.column - y.column);
  return {
    ok: true,
    scenario: { name: spec.name, ...(spec.description ? { description: spec.description } : {}), file, startMs, settings: spec.settings ?? {}, webhooks: spec.webhooks ?? [], steps },
    ...(warnings.length > 0 ? { warnings: warnings.slice(0, MAX_WARNINGS) } : {}),
    ...(warnings.length > MAX_WARNINGS ? { warningsLeftOut: warnings.length - MAX_WARNINGS } : {}),
  };
}

/** A webhook name as the receiver's /webhook/<name> takes it (the schema's pattern for webhooks[].name). */
const WEBHOOK_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Keys of a send that its `via` does not use, or one it needs and lacks: each was ignored, or
 * failed the step when it ran, after every step before it. [key ("" for the send), problem].
 */
function* sendProblems(send: SendSpec): Generator<[string, string]> {
  const via = send.via ?? 'tracking';
  if (via === 'webhook') {
    if (send.webhook === undefined) yield ['', 'via: webhook needs "webhook", the name of the webhook to post to (/webhook/<name>)'];
    else if (!WEBHOOK_NAME.test(send.webhook)) yield ['webhook', `"${send.webhook}" is no webhook name: letters, digits, "-" and "_", 1 to 64 of them`];
  } else if (send.webhook !== undefined) yield ['webhook', `is used only with via: webhook (this send goes via ${via})`];
  if (send.target !== undefined && via !== 'sender') yield ['target', `is used only with via: sender (this send goes via ${via})`];
  if (send.writeKey !== undefined && via !== 'tracking') yield ['writeKey', `is used only with via: tracking (this send goes via ${via})`];
  if (via === 'sender' && send.batch && send.batch.length > 1) yield ['batch', 'via: sender sends one message; give each its own step'];
  if (via === 'sender' && send.target && typeof send.target === 'object' && typeof send.target.kind === 'string') yield* targetProblems(send.target as Record<string, unknown> & { kind: string });
  // A catalog event the profile does not have: found here, with its line, not when the step runs.
  if (send.event) {
    const profile = getProfile(send.event.profile as ProfileId);
    const names = profile.events ? profile.events.flatMap((e) => spellingsOf(e, profile).map((x) => x.name)) : [...CALL_TYPES];
    if (!names.includes(send.event.name)) {
      const near = didYouMean(send.event.name, names);
      const listed = profile.events ? profile.events.map((e) => e.name) : CALL_TYPES;
      yield ['event.name', `${profile.name} has no event ${JSON.stringify(send.event.name)}${near}${near ? ' It' : '; it'} has ${listed.join(', ')}`];
    }
  }
}

/** The keys each kind of sender target uses (SendTarget in api.ts), the first of them required. */
const TARGET_KEYS: Record<string, { needs?: string; uses: string[] }> = {
  local: { uses: ['asSource'] },
  segment: { needs: 'region', uses: ['region', 'writeKey'] },
  custom: { needs: 'host', uses: ['host', 'writeKey'] },
  webhook: { needs: 'url', uses: ['url', 'secret'] },
};

/**
 * A target's key that its kind does not use (`{ kind: webhook, host }`: the host was ignored and the
 * send went nowhere it named), or the one it needs and lacks (the step failed when it ran).
 */
function* targetProblems(target: Record<string, unknown> & { kind: string }): Generator<[string, string]> {
  const keys = TARGET_KEYS[target.kind];
  if (!keys) return;
  if (keys.needs !== undefined && target[keys.needs] === undefined) yield ['target', `kind: ${target.kind} needs "${keys.needs}"`];
  for (const key of Object.keys(target)) {
    if (key === 'kind' || keys.uses.includes(key)) continue;
    const owners = Object.entries(TARGET_KEYS).filter(([, k]) => k.uses.includes(key)).map(([kind]) => `kind: ${kind}`);
    if (owners.length > 0) yield [`target.${key}`, `is used only with ${owners.join(' or ')} (this target is kind: ${target.kind}), so it would be ignored; remove it or change the kind`];
  }
}

/**
 * Keys of an expectation that exclude each other, both given: the run used one and ignored the
 * other without a word (`count: 1, atLeast: 2` judged count alone). [path of the second key, problem].
 */
function* exclusiveKeysIn(e: NonNullable<StepSpec['expect']>): Generator<[string[], string]> {
  const both = (o: object | undefined, a: string, b: string) => o !== undefined && o !== null && Object.prototype.hasOwnProperty.call(o, a) && Object.prototype.hasOwnProperty.call(o, b);
  if (both(e.messages, 'count', 'atLeast')) yield [['messages', 'atLeast'], 'count and atLeast exclude each other: give count (exactly this many) or atLeast (at least this many), not both'];
  if (both(e.dropReasons, 'codes', 'none') && e.dropReasons!.none === true && (e.dropReasons!.codes ?? []).length > 0) yield [['dropReasons', 'none'], 'codes and none: true exclude each other: give codes (drop reasons they must carry) or none: true (Segment keeps them all), not both'];
  if (both(e.findings, 'rules', 'count')) yield [['findings', 'count'], 'rules and count exclude each other: give rules (rule ids that must be among the findings) or count (exactly this many findings), not both'];
}

function* durationsIn(e: NonNullable<StepSpec['expect']>): Generator<[string[], unknown]> {
  if (!e.session) return;
  if (e.session.duration !== undefined) yield [['session', 'duration'], e.session.duration];
  for (const [k, v] of Object.entries(e.session.modules ?? {})) yield [['session', 'modules', k], v];
  for (const [k, v] of Object.entries(e.session.features ?? {})) yield [['session', 'features', k], v];
}

/**
 * The path (inside a step, as written) of the first string or key that uses {{name}}, directly or
 * through one of the file's variables whose value uses it, and whether it is the key that does;
 * undefined when none does.
 */
function placeholderPath(raw: unknown, name: string, vars: TemplateValues): { path: (string | number)[]; inKey: boolean } | undefined {
  const uses = (text: string, seen: Set<string>): boolean => {
    for (const m of text.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g)) {
      const used = m[1];
      if (used === name) return true;
      const value = Object.prototype.hasOwnProperty.call(vars, used) ? vars[used] : undefined;
      if (typeof value === 'string' && !seen.has(used) && uses(value, new Set([...seen, used]))) return true;
    }
    return false;
  };
  const find = (value: unknown, path: (string | number)[]): { path: (string | number)[]; inKey: boolean } | undefined => {
    if (typeof value === 'string') return uses(value, new Set()) ? { path, inKey: false } : undefined;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const found = find(value[i], [...path, i]);
        if (found) return found;
      }
      return undefined;
    }
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (uses(k, new Set())) return { path: [...path, k], inKey: true };
        const found = find(v, [...path, k]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return find(raw, []);
}

/** The strings of an expectation that are matched partially (match.ts): exact, or /regex/flags. */
function* partialStringsIn(e: NonNullable<StepSpec['expect']>): Generator<[(string | number)[], string]> {
  if (e.messages?.match) yield* stringsIn(e.messages.match, ['messages', 'match']);
  if (e.matching?.user) yield* stringsIn(e.matching.user, ['matching', 'user']);
  if (e.users?.contains) yield* stringsIn(e.users.contains, ['users', 'contains']);
}

function dedupe(errors: ScenarioError[]): ScenarioError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.line}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function formatScenarioError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.column}: ${e.message}`;
}

/**
 * doc.toJS(), or why the document has no value: an alias with no anchor before it, an alias inside
 * the value it refers to (endless), or more than 100 uses of aliases (an expansion bomb). The yaml
 * library throws for the first and the last and returns a circular value for the middle one.
 */
function toJs(doc: Document): { ok: true; value: unknown } | { ok: false; offset: number; message: string } {
  let problem: { offset: number; message: string } | undefined;
  let firstAlias: number | undefined;
  const targetOf = aliasTargets(doc);
  visit(doc, {
    Alias(_key, node, path) {
      const offset = node.range?.[0] ?? 0;
      firstAlias ??= offset;
      const target = targetOf.get(node);
      if (target === undefined) problem = { offset, message: `the alias *${node.source} has no anchor &${node.source} before it` };
      else if (path.includes(target)) problem = { offset, message: `the alias *${node.source} is inside the value it refers to, which would never end` };
      return problem ? visit.BREAK : undefined;
    },
  });
  if (problem) return { ok: false, ...problem };
  const bomb = aliasBomb(doc, targetOf);
  if (bomb !== undefined) return { ok: false, offset: bomb, message: `the aliases expand to more than ${MAX_ALIAS_VALUES.toLocaleString('en-US')} values (anchors of anchors, multiplying at each level: an expansion bomb); write the values out, or use a repeat step` };
  const nonJson = firstNonJsonValue(doc);
  if (nonJson) return { ok: false, ...nonJson };
  try {
    // The expansion is bounded above; the library's own bound (maxAliasCount) refused the 100th
    // use of any one anchor, `*base` in a hundred send steps, as "more than 100 uses of aliases".
    return { ok: true, value: doc.toJS({ maxAliasCount: -1 }) };
  } catch (e) {
    // The only other throw: a merge key whose value is not a map ("<<: 5").
    if (/merge/i.test((e as Error).message)) return { ok: false, offset: firstMergeKey(doc, targetOf) ?? 0, message: 'a merge key (<<) takes a map, an alias of one (<<: *base) or a list of them' };
    return { ok: false, offset: firstAlias ?? 0, message: `the aliases cannot be read: ${(e as Error).message}` };
  }
}

/**
 * What each alias names: the last node before it (in document order) with its anchor, as the yaml
 * library resolves it. The library's own `alias.resolve(doc)` walks the whole document for each
 * alias when no toJS context is given: 500 steps each merging `<<: *base` took 3.2 s to check,
 * against 0.15 s written out. One walk here, whatever the number of aliases.
 */
function aliasTargets(doc: Document): Map<Alias, Node | undefined> {
  const lastWith = new Map<string, Node>();
  const targets = new Map<Alias, Node | undefined>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) targets.set(node, lastWith.get(node.source));
      else if (node.anchor) lastWith.set(node.anchor, node);
    },
  });
  return targets;
}

/** How many values (scalars, maps, lists) the file's aliases may add, each counted as many times as it is used. */
export const MAX_ALIAS_VALUES = 1_000_000;

/**
 * Where the aliases' expansion passes MAX_ALIAS_VALUES (the alias at which it does), or undefined.
 * Each alias adds the values of what it names, its own aliases expanded (memoized per anchor, so
 * the count costs one walk however large the expansion): "billion laughs", nine anchors each
 * naming the one before nine times, is 387 million values, where a hundred `*base` are a few hundred.
 */
function aliasBomb(doc: Document, targetOf: ReadonlyMap<Alias, Node | undefined>): number | undefined {
  const sizes = new Map<unknown, number>();
  const sizeOf = (node: unknown): number => {
    if (isAlias(node)) {
      const target = targetOf.get(node);
      if (target === undefined) return 0;
      let size = sizes.get(target);
      if (size === undefined) sizes.set(target, (size = sizeOf(target)));
      return size;
    }
    if (isPair(node)) return sizeOf(node.key) + sizeOf(node.value);
    if (isMap(node) || isSeq(node)) {
      let size = 1;
      for (const item of node.items) {
        size += sizeOf(item);
        if (size > MAX_ALIAS_VALUES) return size;
      }
      return size;
    }
    return 1;
  };
  let added = 0;
  let at: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      added += sizeOf(node);
      if (added <= MAX_ALIAS_VALUES) return undefined;
      at = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return at;
}

const BOM_INSIDE = 'an invisible byte-order mark (U+FEFF) is here, in the middle of the file (pasted from another file?): delete it; to send the character, write "\\uFEFF" in double quotes';

/**
 * The first tag the yaml library could not resolve (`!!js/function`, a custom `!foo`): it drops
 * the tag with only a warning and reads the value as plain text, map or list, which the step then
 * sent as if the tag were not there. Named as written, with its full name for a `!!` shorthand.
 */
function firstUnknownTag(doc: Document, text: string): { offset: number; message: string } | undefined {
  const warning = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (!warning) return undefined;
  const [start, end] = warning.pos;
  const written = text.slice(start, end);
  let read = 'as if it were not there';
  visit(doc, {
    Node(_key, node) {
      if (!node.range || node.range[0] < end) return undefined;
      read = isScalar(node) ? `the text ${JSON.stringify(String(node.value))}` : isMap(node) ? 'a plain map' : 'a plain list';
      return visit.BREAK;
    },
  });
  const full = written.startsWith('!!') ? ` (tag:yaml.org,2002:${written.slice(2)})` : '';
  return { offset: start, message: `the tag ${written}${full} is not one a scenario reads (it would be dropped and the value sent as ${read}); remove the tag, and write the value as JSON would` };
}

/** What a YAML tag gives that JSON cannot hold, and what to write instead. */
const NON_JSON_TAGS: Record<string, string> = {
  'tag:yaml.org,2002:timestamp': 'a date (a YAML !!timestamp), which JSON cannot hold (it was sent as {}); write it as a string, such as "2026-01-01T10:00:00Z"',
  'tag:yaml.org,2002:binary': 'bytes (a YAML !!binary), which JSON cannot hold (it was sent as an object of byte values); write them as a string',
  'tag:yaml.org,2002:set': 'a set (a YAML !!set), which JSON cannot hold (it was sent as {}); write it as a list',
  'tag:yaml.org,2002:omap': 'an ordered map (a YAML !!omap), which JSON cannot hold (it was sent as {}); write it as a map',
};

/**
 * The first value the file writes that JSON cannot hold: a tag the yaml library reads as a Date,
 * bytes, a Set or a Map, or a number such as .inf or .nan. Everything a scenario holds is sent,
 * compared or shown as JSON, where these became {}, an object of bytes, or null.
 */
function firstNonJsonValue(doc: Document): { offset: number; message: string } | undefined {
  let found: { offset: number; message: string } | undefined;
  const check = (node: Node, path: readonly unknown[]) => {
    const why = node.tag !== undefined ? NON_JSON_TAGS[node.tag] : undefined;
    if (why !== undefined) found = { offset: node.range?.[0] ?? 0, message: why };
    else if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value) && !keptAsWritten(node, path)) {
      found = { offset: node.range?.[0] ?? 0, message: `a number JSON cannot hold (${node.source ?? String(node.value)}, sent as null); write a finite number, or a string` };
    } else if (isScalar(node) && typeof node.value === 'number' && node.type === 'PLAIN' && typeof node.source === 'string' && LEADING_ZERO.test(node.source)) {
      found = { offset: node.range?.[0] ?? 0, message: `a number written with a leading zero (${node.source}), which YAML reads as ${node.value}, dropping the zero; write "${node.source}" in quotes to send the text, or ${node.value} for the number` };
    }
    return found ? visit.BREAK : undefined;
  };
  visit(doc, { Scalar: (_k, node, path) => check(node, path), Map: (_k, node, path) => check(node, path), Seq: (_k, node, path) => check(node, path) });
  return found;
}

/**
 * A decimal number with a zero before its other digits (`01234`, `-007`, `00.5`): YAML reads it as
 * a number and the zero is gone (a zip code, an account number); JSON has no such number.
 */
const LEADING_ZERO = /^[-+]?0\d/;

/** Keys under which a number goes out or is compared with its digits as written (withExactPayloads). */
const EXACT_PAYLOAD_KEYS = new Set(['send', 'users', 'variables', 'filter', 'match']);

/**
 * A JSON literal past a double's range (1e400, as Save as scenario writes a client's number) in
 * what a step sends or compares as a message: it is kept as written there (markExactNumbers), so
 * it is no error. YAML's .inf and .nan, and such a literal anywhere else (a count), are.
 */
function keptAsWritten(node: Scalar, path: readonly unknown[]): boolean {
  if (node.type !== 'PLAIN' || typeof node.source !== 'string' || !isJsonNumberLiteral(node.source)) return false;
  return path.some((p) => isPair(p) && isScalar(p.key) && EXACT_PAYLOAD_KEYS.has(String(p.key.value)));
}

/** Where the first merge key (<<) whose value is not a map, or an alias or list of maps, starts. */
function firstMergeKey(doc: Document, targetOf: ReadonlyMap<Alias, Node | undefined>): number | undefined {
  const isMapSource = (n: unknown): boolean => isMap(n) || (isAlias(n) && isMap(targetOf.get(n)));
  let offset: number | undefined;
  visit(doc, {
    Pair(_key, pair) {
      const k = pair.key;
      if (!isScalar(k) || k.source !== '<<' || k.type !== 'PLAIN') return undefined;
      const v = pair.value;
      if (isMapSource(v) || (isSeq(v) && v.items.every(isMapSource))) return undefined;
      offset = k.range?.[0];
      return visit.BREAK;
    },
  });
  return offset;
}
