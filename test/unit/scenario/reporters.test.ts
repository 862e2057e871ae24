// The JUnit report must be XML any CI parser reads, whatever a scenario's names, messages and
// diffs hold: markup characters are escaped, and characters XML 1.0 does not allow at all are
// written as their \u escape instead of making the whole report unreadable.
import { XMLParser } from 'fast-xml-parser';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { reportJson, reportJunit, reportPretty } from '../../../src-main/replay/reporters';
import type { ScenarioResult } from '../../../src-shared/scenario/report';

/** Every character of the text is one XML 1.0 allows (its Char production). */
const onlyXmlChars = (text: string) => /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(text);

const failed = (name: string, message: string, diff: string): ScenarioResult => ({
  name,
  file: 'x.scenario.yaml',
  passed: false,
  failures: 1,
  durationMs: 5,
  steps: [{ index: 0, line: 3, label: 'expect messages', status: 'failed', expectations: [{ kind: 'messages', passed: false, message, diff }] }],
});

describe('JUnit report', () => {
  it('escapes & < > " and ]]> in names, messages and diffs', () => {
    const text = reportJunit([failed('a & <b> "c" ]]>', 'expected event=E]]><x>', '- "a&b"\n+ "<c>"')]);
    expect(onlyXmlChars(text)).toBe(true);
    const c = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text).testsuites.testsuite.testcase;
    expect(c.name).toBe('a & <b> "c" ]]>');
    expect(c.failure.message).toBe('step 1 (line 3) expect messages: expected event=E]]><x>');
    expect(c.failure['#text']).toContain('    - "a&b"\n    + "<c>"');
  });

  it('writes characters XML does not allow (controls, U+FFFE, U+FFFF, a lone surrogate) as their escapes', () => {
    // A scenario name or an event name from YAML's "\u0001", "\uFFFE" or "\uD800": U+FFFE and a
    // lone surrogate went into the report as they were, and an XML parser refused the whole file.
    const text = reportJunit([failed('name \u0001 \uFFFE \uFFFF', 'event is "E\u0007\uD800"', '- "\uDC00"\n+ "\u{1F600}"')]);
    expect(onlyXmlChars(text)).toBe(true);
    const c = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text).testsuites.testsuite.testcase;
    expect(c.name).toBe('name \\u0001 \\ufffe \\uffff');
    expect(c.failure.message).toBe('step 1 (line 3) expect messages: event is "E\\u0007\\ud800"');
    // A character outside the BMP is allowed, and kept.
    expect(c.failure['#text']).toContain('    - "\\udc00"\n    + "\u{1F600}"');
  });

  it('keeps a newline, tab or CR of a name or message as written: an XML reader makes a raw one in an attribute a space', () => {
    // A name over two lines (YAML's `name: >` ends in a newline): it was written raw in name="…",
    // and every conforming reader (Jenkins', GitLab's, Python's) read "Checkout  flow" instead.
    const named = { ...failed('Checkout\n\tflow\r', 'expected event=A\nB', '- "a"'), file: 'qa/x\ty.scenario.yaml' };
    const text = reportJunit([named]);
    const doc = new new Window().DOMParser().parseFromString(text, 'application/xml');
    const testcase = doc.querySelector('testcase')!;
    expect(testcase.getAttribute('name')).toBe('Checkout\n\tflow\r');
    expect(testcase.getAttribute('classname')).toBe('qa/x\ty.scenario.yaml');
    expect(doc.querySelector('failure')!.getAttribute('message')).toBe('step 1 (line 3) expect messages: expected event=A\nB');
    expect(text).toContain('name="Checkout&#10;&#9;flow&#13;"');
  });

  it("a <failure>'s message names its step and how many more failed, as an <error>'s does (a CI summary shows it alone)", () => {
    const two = failed('checkout', 'expected 1 message with event=Paid, got 0', '- "a"');
    two.steps.push({ index: 1, line: 7, label: 'expect findings', status: 'failed', expectations: [{ kind: 'findings', passed: false, message: 'expected no finding' }] });
    const c = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(reportJunit([two])).testsuites.testsuite.testcase;
    expect(c.failure.message).toBe('step 1 (line 3) expect messages: expected 1 message with event=Paid, got 0; 1 more step failed');
    expect(c.failure['#text']).toContain('step 2 (line 7) expect findings\n  ✗ expected no finding');
  });
});

describe('JUnit report: <error> for what could not run, <failure> for what did not hold', () => {
  const parse = (text: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text).testsuites;
  const base = { file: 'x.scenario.yaml', durationMs: 5 };
  const passed: ScenarioResult = { ...base, name: 'passes', passed: true, failures: 0, steps: [{ index: 0, line: 3, label: 'advance 1m', status: 'passed' }] };
  const expectation = failed('expectation fails', 'expected 1 message, got 0', '');
  // A step that threw: a users file missing, a send the receiver refused, a target never reached.
  const cannotRun: ScenarioResult = {
    ...base,
    name: 'step cannot run',
    passed: false,
    failures: 2,
    steps: [
      { index: 0, line: 3, label: 'users from users.csv', status: 'error', error: 'users.file: cannot read /x/users.csv (ENOENT: no such file or directory)' },
      { index: 1, line: 4, label: 'expect users', status: 'failed', expectations: [{ kind: 'users', passed: false, message: 'expected 2 users, got 0' }] },
    ],
  };
  const setUp: ScenarioResult = { ...base, name: 'set-up refused', passed: false, failures: 1, steps: [{ index: 0, line: 3, label: 'advance 1m', status: 'pending' }], error: "the run's set-up failed: settings.matching: no" };
  const invalid: ScenarioResult = { ...base, name: 'x.scenario.yaml', passed: false, failures: 1, steps: [], invalid: [{ line: 3, column: 5, message: 'step 1: unknown key "sned"' }] };

  it('a step that threw is an <error> (it was a <failure>), naming the step; expectations that did not hold are a <failure>', () => {
    const suites = parse(reportJunit([passed, expectation, cannotRun, setUp, invalid]));
    const cases = suites.testsuite.testcase as Array<Record<string, { message: string; type: string; '#text': string } | undefined>>;
    expect(cases.map((c) => (c.error ? `error:${c.error.type}` : c.failure ? `failure:${c.failure.type}` : 'pass'))).toEqual(['pass', 'failure:expectation', 'error:step-error', 'error:setup-error', 'error:invalid-scenario']);
    // A testcase holds one of them, not both.
    for (const c of cases) expect(c.error !== undefined && c.failure !== undefined).toBe(false);
    expect(cases[2].error!.message).toBe('step 1 (line 3) users from users.csv: users.file: cannot read /x/users.csv (ENOENT: no such file or directory)');
    // Its body still has every failed step, the expectation too.
    expect(cases[2].error!['#text']).toContain('step 2 (line 4) expect users\n  ✗ expected 2 users, got 0');
    // The whole body: the step's error under it, an expectation without a diff only its line.
    expect(cases[2].error!['#text']).toBe('step 1 (line 3) users from users.csv\n  error: users.file: cannot read /x/users.csv (ENOENT: no such file or directory)\nstep 2 (line 4) expect users\n  ✗ expected 2 users, got 0');
    // A step that threw without a message is still said.
    const silent: ScenarioResult = { ...cannotRun, steps: [{ ...cannotRun.steps[0], error: undefined }, cannotRun.steps[1]] };
    expect((parse(reportJunit([silent])).testsuite.testcase as Record<string, { message: string }>).error.message).toBe('step 1 (line 3) users from users.csv: it could not run');
    expect(cases[3].error!.message).toBe("the run's set-up failed: settings.matching: no");
  });

  it('the counts of <testsuites> and <testsuite> are those of their testcases: tests, failures, errors, skipped', () => {
    const suites = parse(reportJunit([passed, expectation, cannotRun, setUp, invalid]));
    for (const counted of [suites, suites.testsuite]) {
      expect({ tests: counted.tests, failures: counted.failures, errors: counted.errors, skipped: counted.skipped }).toEqual({ tests: '5', failures: '1', errors: '3', skipped: '0' });
    }
    const cases = suites.testsuite.testcase as Array<Record<string, unknown>>;
    expect(cases.filter((c) => c.failure).length).toBe(1);
    expect(cases.filter((c) => c.error).length).toBe(3);
  });
});

describe('JUnit report: a path that gave no scenario file', () => {
  // An empty folder read tests="1" on the scenarios' suite: a scenario that never existed. Counts
  // there are now the scenarios; the path is a testcase of a suite of its own ("eventbench paths"),
  // in <error> still, so every CI reader shows why the job failed (zero tests alone passes in GitLab,
  // Azure and some GitHub reporters, and Jenkins says only "none of the test reports contained any result").
  const parse = (text: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text).testsuites;
  const counts = (x: Record<string, string>) => ({ tests: x.tests, failures: x.failures, errors: x.errors, skipped: x.skipped });
  const none: ScenarioResult = { name: 'qa/', file: 'qa/', passed: false, failures: 1, durationMs: 0, steps: [], noScenario: 'no scenario files in qa/ (looked for *.scenario.yaml, *.scenario.yml and *.scenario.json, in its subfolders too)' };
  const passed: ScenarioResult = { name: 'passes', file: 'x.scenario.yaml', durationMs: 5, passed: true, failures: 0, steps: [{ index: 0, line: 3, label: 'advance 1m', status: 'passed' }] };

  it('alone: the scenarios suite counts 0 tests, the paths suite 1 error naming the path and why', () => {
    const suites = parse(reportJunit([none]));
    const [scenarios, paths] = suites.testsuite as Array<Record<string, string> & { testcase?: { name: string; classname: string; error: { type: string; message: string } } }>;
    expect([scenarios.name, counts(scenarios), scenarios.testcase]).toEqual(['eventbench scenarios', { tests: '0', failures: '0', errors: '0', skipped: '0' }, undefined]);
    expect([paths.name, counts(paths)]).toEqual(['eventbench paths', { tests: '1', failures: '0', errors: '1', skipped: '0' }]);
    expect(paths.testcase).toMatchObject({ name: 'qa/', classname: 'eventbench paths', error: { type: 'no-scenario-file', message: none.noScenario } });
    expect(counts(suites)).toEqual({ tests: '1', failures: '0', errors: '1', skipped: '0' });
  });

  it('beside scenarios: they are counted in their suite alone, the totals are the sum', () => {
    const suites = parse(reportJunit([passed, none]));
    const [scenarios, paths] = suites.testsuite as Array<Record<string, string>>;
    expect(counts(scenarios)).toEqual({ tests: '1', failures: '0', errors: '0', skipped: '0' });
    expect(counts(paths)).toEqual({ tests: '1', failures: '0', errors: '1', skipped: '0' });
    expect(counts(suites)).toEqual({ tests: '2', failures: '0', errors: '1', skipped: '0' });
    // Without such a path, one suite as before.
    expect(parse(reportJunit([passed])).testsuite.name).toBe('eventbench scenarios');
  });
});

describe('pretty report (a terminal)', () => {
  it('shows control characters of names, messages and diffs as escapes, so none moves the cursor or recolours the lines', () => {
    const text = reportPretty([failed('checkout\x1b[2K\r✓ all passed', 'expected event=\x1b[8mhidden', '- "a\rb"\n+ "c\x07"')]);
    // Only the reporter's own colours may be escape sequences (none here: the test's stdout is not a terminal).
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(text).toContain('checkout\\u001b[2K\\u000d✓ all passed');
    expect(text).toContain('expected event=\\u001b[8mhidden');
    expect(text).toContain('- "a\\u000db"\n        + "c\\u0007"');
  });

  it('writes a newline or tab of a name, file or step label as its escape: a name cannot print a line of its own', () => {
    const forged = { ...failed('checkout\n✓ checkout (x.scenario.yaml, 1 step, 5 ms)', 'expected event=E', '- "a"'), file: 'qa/a\tb.scenario.yaml' };
    forged.steps[0].label = 'expect\nmessages';
    const lines = reportPretty([forged]).split('\n');
    expect(lines[0]).toBe('✗ checkout\\u000a✓ checkout (x.scenario.yaml, 1 step, 5 ms) (qa/a\\u0009b.scenario.yaml, 1 of 1 step failed, 5 ms)');
    expect(lines.filter((l) => l.startsWith('✓'))).toEqual([]);
    expect(lines[1]).toBe('    step 1 (line 3) expect\\u000amessages');
  });
});

describe('a step with an id', () => {
  // The id is what the file and its expectations call the step (`step "paid"`); the reports said only
  // "step 2 (line 7) send Order Paid", its kind, and a reader had to count steps to find it.
  const withIds = (): ScenarioResult => ({
    name: 'checkout',
    file: 'x.scenario.yaml',
    passed: false,
    failures: 2,
    durationMs: 5,
    steps: [
      { index: 0, line: 3, label: 'send Order Paid', id: 'paid', status: 'error', error: 'the receiver refused it' },
      { index: 1, line: 5, label: 'expect messages', id: 'paid-\n\uFFFE', status: 'failed', expectations: [{ kind: 'messages', passed: false, message: 'expected 1 message, got 0' }] },
      { index: 2, line: 7, label: 'send Refund via sender', id: 'refund', status: 'passed', seqs: [], warning: 'its delivery failed: it was not sent' },
    ],
  });

  it('is named by its id in the pretty report, its kind in its label', () => {
    const lines = reportPretty([withIds()]).replace(/\u001b\[\d+m/g, '').split('\n');
    expect(lines).toContain('    step 1 "paid" (line 3) send Order Paid');
    expect(lines).toContain('    step 2 "paid-\\n\\ufffe" (line 5) expect messages');
    expect(lines).toContain('    warning: x.scenario.yaml:7: step 3 "refund" (send Refund via sender): its delivery failed: it was not sent');
  });

  it("is named by its id in JUnit's <error> message, its text and its system-out", () => {
    const c = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(reportJunit([withIds()])).testsuites.testsuite.testcase;
    expect(c.error.message).toBe('step 1 "paid" (line 3) send Order Paid: the receiver refused it');
    expect(c.error['#text']).toContain('step 2 "paid-\\n\\ufffe" (line 5) expect messages\n  ✗ expected 1 message, got 0');
    expect(c['system-out']).toBe('warning: x.scenario.yaml:7: step 3 "refund" (send Refund via sender): its delivery failed: it was not sent');
    const failure = withIds();
    failure.steps[0] = { ...failure.steps[0], status: 'passed', error: undefined };
    const f = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(reportJunit([failure])).testsuites.testsuite.testcase;
    expect(f.failure.message).toBe('step 2 "paid-\\n\\ufffe" (line 5) expect messages: expected 1 message, got 0');
  });

  it('is in the JSON report as the step\'s id', () => {
    expect(JSON.parse(reportJson([withIds()])).scenarios[0].steps.map((s: { id?: string }) => s.id)).toEqual(['paid', 'paid-\n\uFFFE', 'refund']);
  });
});

describe('pretty report: characters a terminal cannot show', () => {
  it('writes U+FFFE, U+FFFF and a lone surrogate as their escapes, keeping a pair (JUnit already did)', () => {
    const text = reportPretty([failed('name \uFFFE \uFFFF \uD800 x\uDC00', 'event is "E\uD83D"', '- "\uDC00"\n+ "\u{1F600}"')]);
    expect(text).toContain('name \\ufffe \\uffff \\ud800 x\\udc00');
    expect(text).toContain('event is "E\\ud83d"');
    expect(text).toContain('- "\\udc00"\n        + "\u{1F600}"');
    expect(/[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)).toBe(false);
  });
});

describe('pretty report: counts with their nouns', () => {
  it('one step and one scenario are singular ("1 step", "1 of 1 scenario passed")', () => {
    const text = reportPretty([failed('one', 'expected 1 message, got 0', '')]).replace(/\u001b\[\d+m/g, '');
    // A failed scenario says how many of its steps failed, as the Scenarios tab does.
    expect(text).toContain('(x.scenario.yaml, 1 of 1 step failed, 5 ms)');
    expect(reportPretty([{ ...failed('one', 'm', ''), passed: true, failures: 0 }])).toContain('(x.scenario.yaml, 1 step, 5 ms)');
    expect(text).toContain('0 of 1 scenario passed');
    const two = reportPretty([failed('a', 'm', ''), { ...failed('b', 'm', ''), steps: [...failed('b', 'm', '').steps, ...failed('b', 'm', '').steps] }]).replace(/\u001b\[\d+m/g, '');
    expect(two).toContain('2 of 2 steps failed, 5 ms');
    // A set-up the engine refused failed no step: the steps are counted, the error says why.
    const setUp = reportPretty([{ ...failed('s', 'm', ''), steps: [{ index: 0, line: 3, label: 'advance 1m', status: 'pending' }], error: "the run's set-up failed: no" }]);
    expect(setUp).toContain('(x.scenario.yaml, 1 step, 5 ms)');
    expect(two).toContain('0 of 2 scenarios passed');
  });
});

// A file's check-time warnings (type: trak) are said with its result, never failing it.
describe('warnings of a scenario that ran', () => {
  const hint = 'if that is on purpose, say so after the send: expect: { dropReasons: { codes: [unknown-type] } }';
  const warned: ScenarioResult = {
    name: 'typos',
    file: 'x.scenario.yaml',
    durationMs: 5,
    passed: true,
    failures: 0,
    steps: [{ index: 0, line: 3, label: 'send E', status: 'passed' }],
    warnings: [
      { line: 3, column: 30, message: 'step 1: send.message.type: "trak" is not a Segment call type', hint },
      { line: 4, column: 30, message: 'step 2: send.message.type: "tarck" is not a Segment call type', hint },
      { line: 5, column: 30, message: 'step 3: send.message.type: "Page" is not a Segment call type', hint: hint.replace('{ codes', '{ step: p, codes') },
    ],
    warningsLeftOut: 2,
  };

  it('pretty: each located, a hint once for the warnings in a row that share it, then how many more', () => {
    expect(reportPretty([warned]).split('\n').slice(1, 8)).toEqual([
      '    warning: x.scenario.yaml:3:30: step 1: send.message.type: "trak" is not a Segment call type',
      `      (${hint})`,
      '    warning: x.scenario.yaml:4:30: step 2: send.message.type: "tarck" is not a Segment call type',
      '    warning: x.scenario.yaml:5:30: step 3: send.message.type: "Page" is not a Segment call type',
      `      (${hint.replace('{ codes', '{ step: p, codes')})`,
      '    …and 2 more warnings',
      '',
    ]);
  });

  it("JUnit: in the testcase's system-out, not a failure", () => {
    const testcase = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(reportJunit([warned])).testsuites.testsuite.testcase;
    expect(testcase.failure).toBeUndefined();
    expect(testcase['system-out'].split('\n')[0]).toBe('warning: x.scenario.yaml:3:30: step 1: send.message.type: "trak" is not a Segment call type');
  });
});

// A via: sender send whose delivery failed passed as a plain ✓: its step's warning is said, located.
describe('a step that warned', () => {
  const warned = (count: number): ScenarioResult => ({
    name: 'refused',
    file: 'x.scenario.yaml',
    passed: true,
    failures: 0,
    durationMs: 5,
    steps: Array.from({ length: count }, (_, i) => ({ index: i, line: 4, label: 'send pgae via sender', status: 'passed' as const, seqs: [], warning: 'its delivery failed: it was not sent' })),
  });

  it('is a warning line of the pretty report and of JUnit system-out, the run still passing', () => {
    expect(reportPretty([warned(1)])).toContain('\n    warning: x.scenario.yaml:4: step 1 (send pgae via sender): its delivery failed: it was not sent\n');
    const c = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(reportJunit([warned(1)])).testsuites.testsuite.testcase;
    expect(c.failure).toBeUndefined();
    expect(c['system-out']).toBe('warning: x.scenario.yaml:4: step 1 (send pgae via sender): its delivery failed: it was not sent');
  });

  it('past ten (a repeat of such sends), the rest are counted', () => {
    const text = reportPretty([warned(12)]);
    expect(text.match(/warning: x\.scenario\.yaml:4: step/g)).toHaveLength(10);
    expect(text).toContain('    …and 2 more steps that warned\n');
  });
});

describe('reports of a run stopped early, a passed run and an invalid file', () => {
  const parse = (text: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text).testsuites.testsuite.testcase;
  const base = { file: 'qa/x\ny.scenario.yaml', durationMs: 5 };
  // Aborted (Ctrl-C, a time limit): not passed, yet no step failed nor threw.
  const stopped: ScenarioResult = { ...base, name: 'stopped', passed: false, failures: 0, steps: [{ index: 0, line: 3, label: 'advance 1m', status: 'passed', clock: '2026-01-01T00:01:00.000Z' }, { index: 1, line: 4, label: 'expect users', status: 'pending' }] };
  const passed: ScenarioResult = { ...base, name: 'passes', passed: true, failures: 0, steps: [{ index: 0, line: 3, label: 'advance 1m', status: 'passed' }] };
  const invalid: ScenarioResult = { ...base, name: 'x', passed: false, failures: 1, steps: [], invalid: [{ line: 3, column: 5, message: 'step 1: unknown key "sned"' }, { line: 9, column: 1, message: 'step 4: unknown key "expcet"' }], invalidLeftOut: 2 };

  it('JUnit: a run stopped early is a <failure> saying so; an invalid file lists every error in its body', () => {
    expect(parse(reportJunit([stopped])).failure.message).toBe('the run stopped early');
    const error = parse(reportJunit([{ ...invalid, file: 'x.scenario.yaml' }])).error;
    expect(error.message).toBe('x.scenario.yaml:3:5: step 1: unknown key "sned"');
    expect(error['#text']).toBe('x.scenario.yaml:3:5: step 1: unknown key "sned"\nx.scenario.yaml:9:1: step 4: unknown key "expcet"\n…and 2 more errors in the file');
  });

  it('pretty: a passed run is ✓, an invalid file ✗ on one line, a failed step its clock', () => {
    expect(reportPretty([passed]).split('\n')[0]).toBe('✓ passes (qa/x\\u000ay.scenario.yaml, 1 step, 5 ms)');
    expect(reportPretty([invalid]).split('\n')[0]).toBe('✗ qa/x\\u000ay.scenario.yaml: invalid scenario');
    const late = failed('late', 'expected 1 message, got 0', '');
    late.steps[0].clock = '2026-01-01T00:05:00.000Z';
    expect(reportPretty([late]).split('\n')[1]).toBe('    step 1 (line 3) expect messages at 2026-01-01T00:05:00.000Z');
  });
});
