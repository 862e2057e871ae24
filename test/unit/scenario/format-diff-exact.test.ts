// A failed expectation's diff writes a number kept as its digits (a scenario's id past 2^53, a
// capture's long decimal) as the digits the file or the client wrote, as the rest of the report does.
import { describe, expect, it } from 'vitest';
import { exactNumber } from '../../../src-shared/exact-json';
import { formatDiff } from '../../../src-shared/scenario/report';

describe('formatDiff with numbers kept as their digits', () => {
  it('shows 9007199254740993 as written, on both sides, with no marker text', () => {
    const diff = formatDiff({ user: { id: exactNumber('9007199254740993') } }, { user: { id: exactNumber('9007199254740995') } });
    expect(diff).toBe(['  {', '    "user": {', '-     "id": 9007199254740993', '+     "id": 9007199254740995', '    }', '  }'].join('\n'));
  });

  it('a long decimal and 1e400 alike; equal digits are no difference', () => {
    const diff = formatDiff({ total: exactNumber('0.10000000000000000555'), big: exactNumber('1e400') }, { total: exactNumber('0.10000000000000000555'), big: 1 });
    expect(diff).toBe(['  {', '    "total": 0.10000000000000000555,', '-   "big": 1e400', '+   "big": 1', '  }'].join('\n'));
    expect(diff).not.toContain('exact-');
  });
});
