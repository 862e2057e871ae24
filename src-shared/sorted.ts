// Binary searches over ascending numbers held in a typed array (seqs, deadlines); pure. Only the
// first `count` values are searched: the arrays grow by doubling and hold spare room after them.

/** The position of x among values[0 .. count), or -1. */
export function indexOfSorted(values: Float64Array, count: number, x: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = values[mid];
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The position of the first of values[0 .. count) above x (count when none is). */
export function upperBound(values: Float64Array, x: number, count = values.length): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
