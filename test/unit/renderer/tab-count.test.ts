// A tab's count badge stays a few characters wide at any count: "Inspector 1,234,567" pushed the
// header's clock and connection off a 1000-px window. Abbreviated counts never overstate (rounded
// down, with "+" for what was left off); the exact count is in the badge's tooltip.
import { describe, expect, it } from 'vitest';
import { compactCount } from '../../../src-renderer/src/ui/tab-count';

describe('compactCount', () => {
  it('keeps counts up to 9,999 whole and abbreviates larger ones, rounded down with a "+"', () => {
    expect(compactCount(0)).toBe('0');
    expect(compactCount(999)).toBe('999');
    expect(compactCount(9_999)).toBe('9,999');
    expect(compactCount(10_000)).toBe('10k');
    expect(compactCount(12_345)).toBe('12.3k+');
    expect(compactCount(99_999)).toBe('99.9k+');
    expect(compactCount(100_000)).toBe('100k');
    expect(compactCount(999_999)).toBe('999k+');
    expect(compactCount(1_000_000)).toBe('1M');
    expect(compactCount(1_234_567)).toBe('1.2M+');
    expect(compactCount(12_000_000)).toBe('12M');
    expect(compactCount(123_456_789)).toBe('123M+');
    expect(compactCount(2_500_000_000)).toBe('2.5B');
  });

  it('is at most six characters for any count', () => {
    for (let n = 1; n < 1e12; n = Math.floor(n * 1.37) + 1) expect(compactCount(n).length, String(n)).toBeLessThanOrEqual(6);
  });
});
