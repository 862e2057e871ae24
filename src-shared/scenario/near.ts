// "Did you mean": the known word a scenario's author most likely meant by one they mistyped (a
// key, an enum value, a step id). Compared without case and separators (timed-out ~ timedOut),
// by optimal string alignment (a swapped pair of letters, sned ~ send, is one edit).
import { editDistance } from '../validate/event-names';
import { shownValue } from '../shown-value';

const plain = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The candidate closest to `word`, when at most a third of its letters (and at most 2) differ; a word of 1 or 2 letters only by case or separators. */
export function nearestName(word: string, candidates: Iterable<string>): string | undefined {
  const w = plain(word);
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestRaw = Infinity;
  for (const c of candidates) {
    if (c === word) continue;
    const p = plain(c);
    const limit = Math.min(2, Math.floor(Math.min(w.length, p.length) / 3));
    const d = editDistance(w, p, limit);
    if (d > limit || d > bestDistance) continue;
    // A tie goes to the spelling closest as written: "tour_strat" means tour_start, not Tour Start.
    const raw = editDistance(word, c);
    if (d < bestDistance || raw < bestRaw) {
      best = c;
      bestDistance = d;
      bestRaw = raw;
    }
  }
  return best;
}

/** "; did you mean "x"?" or "". */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = nearestName(word, candidates);
  return near === undefined ? '' : `; did you mean ${JSON.stringify(near)}?`;
}

/**
 * `unknown filter "usrId" (did you mean "userId"?); use anonymousId, userId, …`: a name nothing
 * takes, with the one meant when it is a near spelling, and the names there are. One sentence for
 * the HTTP routes' query strings and the WebSocket commands' arguments, so both say the same.
 */
export function unknownNameProblem(noun: string, name: string, known: readonly string[]): string {
  const meant = nearestName(name, known);
  return `unknown ${noun} ${shownValue(name)}${meant === undefined ? '' : ` (did you mean ${JSON.stringify(meant)}?)`}; use ${known.join(', ')}`;
}
