// A tab's count badge, a few characters wide at any count: "Inspector 1,234,567" pushed the
// header's clock and connection off a 1000-px window.
import { formatCount } from '../../../src-shared/tracking-api/limits';

const UNITS = [
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
] as const;

/**
 * Up to 9,999 in full; above, in thousands, millions or billions with one decimal under 100 of the
 * unit, rounded down (a badge never says more than there is) and "+" when that left some off:
 * `12.3k+`, `1.2M+`, `10k`.
 */
export function compactCount(n: number): string {
  if (n < 10_000) return formatCount(n);
  const [size, unit] = UNITS.find(([size]) => n >= size)!;
  const step = n / size < 100 ? size / 10 : size;
  const shown = Math.floor(n / step) * step;
  return `${formatCount(shown / size)}${unit}${shown < n ? '+' : ''}`;
}
