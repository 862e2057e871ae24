// The seqs a search matched, as runs: a broad search over millions of messages matches runs of
// consecutive seqs, and sending each seq (then building a Set of them in the UI) froze the page
// for as long as the list was big. Encoded, a seq is a positive number and a negative one -n
// says "and the n seqs after the one before": [3, -2, 9] is 3, 4, 5, 9. Pure: no I/O.

/** Encodes seqs given in increasing order. */
export function encodeSeqRuns(seqs: Iterable<number>): number[] {
  const out: number[] = [];
  let last = -1;
  for (const seq of seqs) {
    if (seq === last + 1 && out.length > 0) {
      const tail = out[out.length - 1];
      if (tail < 0) out[out.length - 1] = tail - 1;
      else out.push(-1);
    } else out.push(seq);
    last = seq;
  }
  return out;
}

/** Membership of a decoded run list. */
export interface SeqMembership {
  has(seq: number): boolean;
  /** How many seqs it holds. */
  readonly size: number;
}

/** Decodes runs (see encodeSeqRuns) into a membership test; throws on a list that is not an encoding. */
export function decodeSeqRuns(runs: readonly number[]): SeqMembership {
  // Starts and ends of the runs, in order; has() is a binary search over them.
  const starts: number[] = [];
  const ends: number[] = [];
  let size = 0;
  for (let i = 0; i < runs.length; i++) {
    const v = runs[i];
    if (!Number.isInteger(v) || v === 0) throw new Error(`seq runs: item ${i} is ${v}, not a seq or a run length`);
    if (v < 0) {
      if (i === 0 || runs[i - 1] < 0) throw new Error(`seq runs: item ${i} extends no seq`);
      ends[ends.length - 1] -= v;
      size -= v;
      continue;
    }
    if (ends.length > 0 && v <= ends[ends.length - 1]) throw new Error(`seq runs: item ${i} (${v}) is not after the seqs before it`);
    starts.push(v);
    ends.push(v);
    size++;
  }
  return {
    size,
    has(seq: number): boolean {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (seq < starts[mid]) hi = mid - 1;
        else if (seq > ends[mid]) lo = mid + 1;
        else return true;
      }
      return false;
    },
  };
}
