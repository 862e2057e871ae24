// Scenario reports: pretty (terminals), JUnit XML (CI systems: one testcase per scenario,
// failures carrying the diff) and JSON (scripts).
import { plural } from '../../src-shared/plural';
import { failedStepsText, type ScenarioResult, type StepResult } from '../../src-shared/scenario/report';

const TTY = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (TTY ? `\x1b[${code}m${s}\x1b[0m` : s);
const green = (s: string) => paint('32', s);
const red = (s: string) => paint('31', s);
const dim = (s: string) => paint('2', s);
const yellow = (s: string) => paint('33', s);

/**
 * A text from the scenario or the captures as a terminal will show it: control characters (but
 * newline and tab) as their escapes. A name or event holding ESC sequences moved the cursor,
 * recoloured or hid the lines around it (a "passed" printed over a failure), and CR overwrote them.
 * So are the bidirectional controls (U+202A-U+202E, U+2066-U+2069): a right-to-left override in a
 * name reversed the rest of its line. So are U+FFFE, U+FFFF and a surrogate without its pair (from
 * YAML's "\uFFFE", "\uD800"): printed raw, a terminal showed a box or nothing, and the name read as
 * another (JUnit escapes them as well, being no XML characters).
 */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const plain = (s: string) => s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/**
 * A text that is one line of the report (a scenario's name, a file, a step's label): its newlines and
 * tabs escaped as well. A name holding "\n✓ Checkout (…)" printed a pass line of its own under its failure.
 */
const oneLine = (s: string) => plain(s).replace(/[\n\t]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** "file:line:column: message"; without the line and column when there is none (a path that gave no file). */
function located(file: string, e: { line: number; column: number; message: string }): string {
  return `${file}${e.line ? `:${e.line}:${e.column}` : ''}: ${e.message}`;
}

/**
 * A scenario's warnings as the log says them: each located, its hint (how to say it is meant) under
 * it unless the one before had the same, then how many more the check left out; then each step run
 * that warned (its delivery failed), by its number and line.
 */
const MAX_STEP_WARNINGS = 10;
function warningLines(r: ScenarioResult): string[] {
  const out: string[] = [];
  let lastHint: string | undefined;
  for (const w of r.warnings ?? []) {
    out.push(`warning: ${located(r.file, w)}`);
    if (w.hint !== lastHint) out.push(`  (${w.hint})`);
    lastHint = w.hint;
  }
  if (r.warningsLeftOut) out.push(`…and ${plural(r.warningsLeftOut, 'more warning')}`);
  // A step that passed but did not do what it reads as (a sender send whose delivery failed); the
  // first ten, as the check's: a repeat of 1,000 such sends is not 1,000 lines.
  const warned = r.steps.filter((s) => s.warning !== undefined);
  for (const s of warned.slice(0, MAX_STEP_WARNINGS)) out.push(`warning: ${r.file}:${s.line}: ${stepName(s)} (${s.label}): ${s.warning}`);
  if (warned.length > MAX_STEP_WARNINGS) out.push(`…and ${plural(warned.length - MAX_STEP_WARNINGS, 'more step')} that warned`);
  return out;
}

/** "…and 4,995 more errors in the file" under the ones listed ("at least" when later steps were not checked in full). */
function errorsLeftOutText(r: ScenarioResult): string {
  return `…and ${r.invalidLeftOutAtLeast ? 'at least ' : ''}${plural(r.invalidLeftOut ?? 0, 'more error')} in the file`;
}

/**
 * A step as the reports name it: its number, then its id when it has one (what the file and its
 * expectations call it: `step "paid"`), quoted. Its label, after, says its kind ("send Order Paid").
 */
function stepName(s: Pick<StepResult, 'index' | 'id'>): string {
  return `step ${s.index + 1}${s.id !== undefined ? ` ${JSON.stringify(s.id)}` : ''}`;
}

/** A step with its line, as every report names it: `step 3 "paid" (line 7)`. */
export function stepWithLine(s: Pick<StepResult, 'index' | 'id' | 'line'>): string {
  return `${stepName(s)} (line ${s.line})`;
}

function failedSteps(r: ScenarioResult): StepResult[] {
  return r.steps.filter((s) => s.status === 'failed' || s.status === 'error');
}

export function reportPretty(results: ScenarioResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    // A path that gave no scenario file is not a scenario, valid or not: said as what it is.
    if (r.noScenario !== undefined) {
      lines.push(`${red('✗')} ${plain(r.noScenario)}`);
      continue;
    }
    if (r.invalid) {
      lines.push(`${red('✗')} ${oneLine(r.file)}: invalid scenario`);
      for (const e of r.invalid) lines.push(`    ${plain(located(r.file, e))}`);
      if (r.invalidLeftOut) lines.push(`    ${plain(errorsLeftOutText(r))}`);
      continue;
    }
    // A failed one says how many of its steps failed ("2 of 3 steps failed"), as the Scenarios tab does.
    const failedCount = failedSteps(r).length;
    const stepsText = !r.passed && failedCount > 0 ? failedStepsText(failedCount, r.steps.length) : plural(r.steps.length, 'step');
    lines.push(`${r.passed ? green('✓') : red('✗')} ${oneLine(r.name)} ${dim(`(${oneLine(r.file)}, ${stepsText}, ${r.durationMs} ms)`)}`);
    // Said whether it passed or not: a send the file may not mean (type: trak) passes as a drop.
    for (const w of warningLines(r)) lines.push(`    ${w.startsWith('warning:') ? yellow('warning:') + plain(w.slice(8)) : plain(w)}`);
    if (r.error) lines.push(`    ${red('error:')} ${plain(r.error)}`);
    for (const s of failedSteps(r)) {
      lines.push(`    ${oneLine(stepName(s))} (line ${s.line}) ${oneLine(s.label)}${s.clock ? dim(` at ${s.clock}`) : ''}`);
      if (s.error) lines.push(`      ${red('error:')} ${plain(s.error)}`);
      for (const e of s.expectations ?? []) {
        if (e.passed) continue;
        lines.push(`      ${red('✗')} ${plain(e.message)}`);
        if (e.diff) lines.push(indent(plain(e.diff), '        '), dim('        (- expected, + actual)'));
      }
    }
  }
  const scenarios = results.filter((r) => r.noScenario === undefined);
  const passed = scenarios.filter((r) => r.passed).length;
  const invalid = scenarios.filter((r) => r.invalid).length;
  const paths = results.length - scenarios.length;
  const gaveNone = `${plural(paths, 'path')} gave no scenario file`;
  // "0 of 0 scenarios passed" read as a pass: with no scenario at all, the line says why none ran.
  if (scenarios.length === 0 && paths > 0) lines.push('', `No scenario ran: ${gaveNone}`);
  else lines.push('', `${passed} of ${plural(scenarios.length, 'scenario')} passed${invalid ? `, ${invalid} invalid` : ''}${paths ? `; ${gaveNone}` : ''}`);
  return lines.join('\n') + '\n';
}

/**
 * Characters XML 1.0 does not allow at all, escaped or not (its Char production): C0 controls but
 * tab, LF and CR; U+FFFE and U+FFFF; a surrogate without its pair. A parser rejects the whole
 * report for one of them, so each is written as its JSON escape (\u0001), which a reader of the
 * failure can still see.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(NOT_XML_CHAR, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    // A reader turns a CR in text into LF (end-of-line handling, XML 1.0 §2.11) unless it is a reference.
    .replace(/\r/g, '&#13;');
/**
 * An attribute's value (a testcase's name, a failure's message): a reader replaces each LF, CR and
 * tab written as is with a space (attribute-value normalization, XML 1.0 §3.3.3), so a scenario
 * named over two lines reached Jenkins and GitLab as another name; as references they arrive as written.
 */
const xmlAttr = (s: string) => xml(s).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

/**
 * Whether a scenario could not run through, as JUnit's <error> means it (a test that could not
 * run), apart from <failure> (an assertion that did not hold): its set-up was refused, or a step
 * threw (a users file missing, a send the receiver refused, a target never reached). Such a
 * scenario was reported as a <failure> of type "expectation", and CI tools counted it as one.
 */
function couldNotRun(r: ScenarioResult): { type: 'setup-error' | 'step-error'; message: string } | undefined {
  if (r.error) return { type: 'setup-error', message: r.error };
  const step = r.steps.find((s) => s.status === 'error');
  return step ? { type: 'step-error', message: `${stepName(step)} (line ${step.line}) ${step.label}: ${step.error ?? 'it could not run'}` } : undefined;
}

/**
 * JUnit XML as CI tools read it (Jenkins, GitLab, GitHub's test reporters, Azure): one testcase per
 * scenario holding at most one of <error> (an invalid file, a set-up or step that could not run) and
 * <failure> (expectations that did not hold), in the suite "eventbench scenarios"; the counts of each
 * <testsuite> (tests, failures, errors, skipped) are those of its testcases, and <testsuites>' their sums.
 *
 * A path that gave no scenario file (an empty folder, a glob that matches nothing) is no scenario: it
 * was a testcase of the scenarios' suite, which then read tests="1" for an empty folder. It is a
 * testcase of a suite of its own, "eventbench paths", with an <error> of type no-scenario-file: a
 * report of zero tests alone passes in GitLab, Azure and some GitHub reporters (and Jenkins says only
 * that no report held a result), so the error is what shows every CI reader why the job failed.
 */
export function reportJunit(results: ScenarioResult[]): string {
  const time = (ms: number) => (ms / 1000).toFixed(3);
  const scenarios = results.filter((r) => r.noScenario === undefined);
  const paths = results.filter((r) => r.noScenario !== undefined);
  const countsOf = (list: ScenarioResult[]) => {
    const errors = list.filter((r) => r.invalid || r.noScenario !== undefined || (!r.passed && couldNotRun(r))).length;
    const failures = list.filter((r) => !r.passed && !r.invalid && r.noScenario === undefined && !couldNotRun(r)).length;
    const total = list.reduce((a, r) => a + r.durationMs, 0);
    return `tests="${list.length}" failures="${failures}" errors="${errors}" skipped="0" time="${time(total)}"`;
  };
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="eventbench" ${countsOf(results)}>`, `  <testsuite name="eventbench scenarios" ${countsOf(scenarios)}>`];
  for (const r of scenarios) {
    out.push(`    <testcase name="${xmlAttr(r.name)}" classname="${xmlAttr(r.file)}" time="${time(r.durationMs)}">`);
    if (r.invalid) {
      const first = r.invalid[0];
      const more = r.invalidLeftOut ? [errorsLeftOutText(r)] : [];
      out.push(`      <error message="${xmlAttr(located(r.file, first))}" type="invalid-scenario">${xml([...r.invalid.map((e) => located(r.file, e)), ...more].join('\n'))}</error>`);
    } else if (!r.passed) {
      const steps = failedSteps(r);
      const first = steps[0];
      const stepTexts = steps.map((s) => [`${stepName(s)} (line ${s.line}) ${s.label}`, ...(s.error ? [`  error: ${s.error}`] : []), ...(s.expectations ?? []).filter((e) => !e.passed).flatMap((e) => [`  ✗ ${e.message}`, ...(e.diff ? [indent(e.diff, '    ')] : [])])].join('\n'));
      const body = [...(r.error ? [r.error] : []), ...stepTexts].join('\n');
      const notRun = couldNotRun(r);
      if (notRun) out.push(`      <error message="${xmlAttr(notRun.message)}" type="${notRun.type}">${xml(body)}</error>`);
      else {
        // Which step, as an <error>'s message says it, and how many more failed: a CI's summary
        // (Jenkins' "Error Message") shows this line alone, which named neither.
        const firstFailure = first?.expectations?.find((e) => !e.passed)?.message;
        const more = steps.length > 1 ? `; ${plural(steps.length - 1, 'more step')} failed` : '';
        const headline = first && firstFailure ? `${stepName(first)} (line ${first.line}) ${first.label}: ${firstFailure}${more}` : 'the run stopped early';
        out.push(`      <failure message="${xmlAttr(headline)}" type="expectation">${xml(body)}</failure>`);
      }
    }
    // Not a failure: the test's output, which CI tools show beside the testcase.
    const warnings = warningLines(r);
    if (warnings.length > 0) out.push(`      <system-out>${xml(warnings.join('\n'))}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>');
  if (paths.length > 0) {
    out.push(`  <testsuite name="eventbench paths" ${countsOf(paths)}>`);
    for (const r of paths) {
      out.push(`    <testcase name="${xmlAttr(r.file)}" classname="eventbench paths" time="${time(r.durationMs)}">`);
      out.push(`      <error message="${xmlAttr(r.noScenario!)}" type="no-scenario-file">${xml(r.noScenario!)}</error>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

/** `scenarios` holds the scenarios; `noScenario` the paths that gave none ({ path, message }), apart. */
export function reportJson(results: ScenarioResult[]): string {
  const noScenario = results.filter((r) => r.noScenario !== undefined).map((r) => ({ path: r.file, message: r.noScenario }));
  return JSON.stringify({ passed: results.every((r) => r.passed), scenarios: results.filter((r) => r.noScenario === undefined), ...(noScenario.length ? { noScenario } : {}) }, null, 2) + '\n';
}
