// A check-time warning in the reports names its steps as a failed step is named: `step 3 "paid"
// (line 7)` (the JSON report's warnings said only "step 3: …" in their message).
import { describe, expect, it } from 'vitest';
import { warningWithSteps } from '../../../src-main/cli/run';
import { stepWithLine } from '../../../src-main/replay/reporters';
import type { StepResult } from '../../../src-shared/scenario/report';

const step = (index: number, line: number, id?: string): StepResult => ({ index, line, label: 'send Paid', status: 'passed', ...(id !== undefined ? { id } : {}) });
const warning = { line: 7, column: 30, message: 'step 3: send.message.type: "trak" is not a Segment call type', hint: 'if that is on purpose, say so', stepIndexes: [2] };

describe('stepWithLine', () => {
  it('is the step number, its id when it has one, and its line', () => {
    expect(stepWithLine(step(2, 7, 'paid'))).toBe('step 3 "paid" (line 7)');
    expect(stepWithLine(step(0, 3))).toBe('step 1 (line 3)');
  });
});

describe('warningWithSteps', () => {
  it('adds the steps by index and name, keeping every field it had', () => {
    const steps = [step(0, 3, 'added'), step(1, 5), step(2, 6, 'paid')];
    expect(warningWithSteps(warning, steps)).toEqual({ ...warning, stepIndexes: [2], stepNames: ['step 3 "paid" (line 6)'] });
  });

  it("names each round of a repeat's send, with its own id", () => {
    const steps = [step(0, 3), step(1, 4, 'buy-1'), step(2, 3), step(3, 4, 'buy-2')];
    expect(warningWithSteps({ ...warning, stepIndexes: [1, 3] }, steps).stepNames).toEqual(['step 2 "buy-1" (line 4)', 'step 4 "buy-2" (line 4)']);
  });
});
