// The Scenarios tab's status line and its announcement: "2 of 3 steps failed", where it read
// "Failed: 2 steps of 3"; a run the engine refused at set-up failed no step, and said "1 step of 3".
import { describe, expect, it } from 'vitest';
import { announcedText, checkWarningsByStep, statusText } from '../../../src-renderer/src/scenarios/status-text';
import type { StepResult } from '../../../src-shared/scenario/report';

const steps = (...statuses: StepResult['status'][]): StepResult[] => statuses.map((status, index) => ({ index, line: index + 3, label: `step ${index + 1}`, status }));

describe('statusText and announcedText', () => {
  it('a failed run says how many of its steps failed, in that order of words', () => {
    const input = { total: 3, progress: { state: 'done' as const, steps: steps('passed', 'failed', 'error') }, result: { passed: false } };
    expect(statusText(input)).toBe('2 of 3 steps failed');
    expect(announcedText(input)).toBe('Scenario finished: 2 of 3 steps failed');
    expect(statusText({ total: 1, progress: { state: 'done', steps: steps('failed') }, result: { passed: false } })).toBe('1 of 1 step failed');
  });

  it('the count is of the failed steps, not of the result\'s failures (which count a refused set-up as one)', () => {
    const input = { total: 3, progress: { state: 'done' as const, steps: steps('pending', 'pending', 'pending') }, result: { passed: false, error: "the run's set-up failed: no matching" } };
    expect(statusText(input)).toBe('Could not run');
    expect(announcedText(input)).toBe("Scenario could not run: the run's set-up failed: no matching");
    const refused = { total: 2, progress: { state: 'stopped' as const, steps: steps('pending', 'pending') }, result: { passed: false, invalid: [{ line: 0, column: 0, message: 'the engine closed' }] } };
    expect(statusText(refused)).toBe('Could not run');
    expect(announcedText(refused)).toBe('Scenario could not run: the engine closed');
  });

  it('before, during and after a run that passed or was stopped', () => {
    expect(statusText({ total: 4 })).toBe('4 steps');
    expect(announcedText({ total: 4 })).toBe('');
    expect(statusText({ total: 4, progress: { state: 'paused', steps: steps('passed', 'pending', 'pending', 'pending') } })).toBe('Paused before step 2 of 4');
    // Running, the step named is the one running.
    expect(statusText({ total: 4, progress: { state: 'running', steps: steps('passed', 'running', 'pending', 'pending') } })).toBe('Running: step 2 of 4');
    expect(announcedText({ total: 4, progress: { state: 'running', steps: steps('passed', 'running', 'pending', 'pending') } })).toBe('');
    expect(statusText({ total: 2, progress: { state: 'done', steps: steps('passed', 'passed') }, result: { passed: true } })).toBe('Passed: 2 steps');
    const met = { ...steps('passed')[0], expectations: [{ kind: 'messages', passed: true, message: '1 message' }] };
    expect(announcedText({ total: 1, progress: { state: 'done', steps: [met] }, result: { passed: true } })).toBe('Scenario passed: 1 step, all expectations met');
    // No expect step: it passed, but checked nothing.
    expect(announcedText({ total: 1, progress: { state: 'done', steps: steps('passed') }, result: { passed: true } })).toBe('Scenario passed: 1 step, nothing expected (no expect step)');
    // A step that passed with a warning (a sender delivery that failed, not expected) is counted.
    const warnedStep = { ...steps('passed')[0], warning: 'its delivery failed: …' };
    const withWarning = { total: 2, progress: { state: 'done' as const, steps: [warnedStep, steps('passed', 'passed')[1]] }, result: { passed: true } };
    expect(statusText(withWarning)).toBe('Passed: 2 steps, 1 with a warning');
    expect(announcedText(withWarning)).toBe('Scenario passed: 2 steps, 1 with a warning, nothing expected (no expect step)');
    // A check warning (type: trak) counts the rounds it holds in, its rows, not every row of its line.
    const repeated = { total: 4, progress: { state: 'done' as const, steps: steps('passed', 'passed', 'passed', 'passed') }, result: { passed: true }, checkWarnings: [{ stepIndexes: [1, 3] }] };
    expect(statusText(repeated)).toBe('Passed: 4 steps, 2 with a warning');
    expect(announcedText(repeated)).toBe('Scenario passed: 4 steps, 2 with a warning, nothing expected (no expect step)');
    // A step with both (a sender send of type pgae: the check's warning and its failed delivery) is one step.
    const both = { ...repeated, progress: { state: 'done' as const, steps: [steps('passed')[0], { ...steps('passed', 'passed')[1], warning: 'its delivery failed: …' }, ...steps('passed', 'passed', 'passed', 'passed').slice(2)] } };
    expect(statusText(both)).toBe('Passed: 4 steps, 2 with a warning');
    const stopped = { total: 4, progress: { state: 'stopped' as const, steps: steps('passed', 'pending', 'pending', 'pending') }, result: { passed: false } };
    expect(statusText(stopped)).toBe('Stopped after 1 of 4 steps');
    expect(announcedText(stopped)).toBe('Scenario stopped after 1 of 4 steps');
  });

  it('checkWarningsByStep gives each step the check warnings that hold in it, none to the other rounds of its line', () => {
    const a = { stepIndexes: [1, 3], line: 5 };
    const b = { stepIndexes: [3], line: 6 };
    const at = checkWarningsByStep([a, b]);
    expect([...at.entries()]).toEqual([
      [1, [a]],
      [3, [a, b]],
    ]);
    expect(at.get(0)).toBeUndefined();
  });
});
