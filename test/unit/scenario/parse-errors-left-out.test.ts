// A file with more errors than are listed says how many more: 5,000 misspelt steps listed five and
// no word of the rest, so each fix-and-run cycle met five new ones as if they were the last.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src-main/replay/load';
import { checkScenario } from '../../../src-shared/scenario/check';
import { reportJunit, reportPretty } from '../../../src-main/replay/reporters';
import type { ScenarioResult } from '../../../src-shared/scenario/report';

const badSteps = (n: number) => `name: many\nsteps:\n${'  - sned: x\n'.repeat(n)}`;

describe('errors left out of the list', () => {
  it('counts them, exactly while every failing step is checked', () => {
    const r = loadScenario(badSteps(8), 'x.scenario.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(5);
    expect(r.errorsLeftOut).toBe(3);
    expect(r.errorsLeftOutAtLeast).toBeUndefined();
  });

  it('counts each step set aside unchecked as one, and says the count is a floor', () => {
    const r = loadScenario(badSteps(5000), 'x.scenario.yaml');
    if (r.ok) throw new Error('expected errors');
    expect(r.errors).toHaveLength(5);
    expect(r.errorsLeftOut).toBe(4995);
    expect(r.errorsLeftOutAtLeast).toBe(true);
    // The Scenarios tab's check carries both.
    expect(checkScenario(r)).toMatchObject({ ok: false, errorsLeftOut: 4995, errorsLeftOutAtLeast: true });
  });

  it('a YAML file with many syntax errors counts the rest as well', () => {
    // A tab indents each of nine lines: nine errors of the YAML reader.
    const r = loadScenario(`name: y\nsteps:\n  - advance: 1m\n${'\t  - advance: 1m\n'.repeat(9)}`, 'x.scenario.yaml');
    if (r.ok) throw new Error('expected errors');
    expect(r.errors).toHaveLength(5);
    expect(r.errors[0].message).toMatch(/^not valid YAML: a tab indents line 4/);
    expect(r.errorsLeftOut).toBeGreaterThanOrEqual(4); // the reader may find more than one fault on a line
  });

  it('nothing is said when every error is listed', () => {
    const r = loadScenario(badSteps(2), 'x.scenario.yaml');
    if (r.ok) throw new Error('expected errors');
    expect(r.errorsLeftOut).toBeUndefined();
    // Exactly as many as are listed: none left out, and no "0 more".
    const five = loadScenario(badSteps(5), 'x.scenario.yaml');
    if (five.ok) throw new Error('expected errors');
    expect(five.errors).toHaveLength(5);
    expect(five.errorsLeftOut).toBeUndefined();
  });

  it('the pretty and JUnit reports say how many more', () => {
    const result: ScenarioResult = { name: 'x.scenario.yaml', file: 'x.scenario.yaml', passed: false, failures: 5, durationMs: 0, steps: [], invalid: [{ line: 3, column: 5, message: 'step 1: unknown key "sned"' }], invalidLeftOut: 4995, invalidLeftOutAtLeast: true };
    expect(reportPretty([result])).toContain('    x.scenario.yaml:3:5: step 1: unknown key "sned"\n    …and at least 4,995 more errors in the file\n');
    expect(reportJunit([result])).toContain('x.scenario.yaml:3:5: step 1: unknown key &quot;sned&quot;\n…and at least 4,995 more errors in the file</error>');
    expect(reportPretty([{ ...result, invalidLeftOut: 1, invalidLeftOutAtLeast: undefined }])).toContain('    …and 1 more error in the file\n');
  });
});
