// Event-name matching for source catalogs: exact lookup in any documented spelling, and
// "did you mean" by edit distance (optimal string alignment, so a swapped pair of letters
// counts as one edit) over normalized names (lower case, letters and digits only).
import type { EventSpec, EventSpelling, ProfileSpec } from '../catalogs/types';
import { spellingsOf } from '../catalogs/index';

export interface KnownName {
  event: EventSpec;
  spelling: EventSpelling;
  normalized: string;
}

export interface EventNameIndex {
  exact: Map<string, KnownName>;
  known: KnownName[];
}

export interface NearMiss {
  /** The suggested spelling (the one closest to what was written). */
  suggestion: KnownName;
  /** Edit distance between normalized names (0: only case or separators differ). */
  distance: number;
  /** True when close enough to say the message is this source's (auto mode). */
  close: boolean;
}

export function normalizeEventName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function buildEventNameIndex(profile: ProfileSpec): EventNameIndex {
  const exact = new Map<string, KnownName>();
  const known: KnownName[] = [];
  for (const event of profile.events ?? []) {
    for (const spelling of spellingsOf(event, profile)) {
      const entry = { event, spelling, normalized: normalizeEventName(spelling.name) };
      exact.set(spelling.name, entry);
      known.push(entry);
    }
  }
  return { exact, known };
}

// Reused rows: the distance runs on every unknown event name the receiver sees.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** Optimal string alignment distance, giving up (returning limit + 1) once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > limit) return limit + 1;
  if (lb + 1 > rowA.length) {
    rowA = new Int32Array(lb + 1);
    rowB = new Int32Array(lb + 1);
    rowC = new Int32Array(lb + 1);
  }
  let prev2 = rowA; // row i-2
  let prev = rowB; // row i-1
  let cur = rowC;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb];
}

/** How many edits still count as the same event in auto mode: 1 per 5 letters of the shorter name, 1..3. */
function closeLimit(a: string, b: string): number {
  return Math.max(1, Math.min(3, Math.floor(Math.min(a.length, b.length) / 5)));
}

/** Per index, one cache per mode (no key built per lookup: this runs for every unknown track event). */
const nearMissCache = new Map<EventNameIndex, { all: Map<string, NearMiss | null>; closeOnly: Map<string, NearMiss | null> }>();
const CACHE_LIMIT = 5000;

/**
 * The nearest known spelling to `name`, or null when nothing is reasonably close (more than a third of
 * the letters differ). Results are cached per index, since real traffic repeats event names.
 */
export function nearestEventName(index: EventNameIndex, name: string, closeOnly = false): NearMiss | null {
  let caches = nearMissCache.get(index);
  if (!caches) nearMissCache.set(index, (caches = { all: new Map(), closeOnly: new Map() }));
  const cache = closeOnly ? caches.closeOnly : caches.all;
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const result = computeNearest(index, name, closeOnly);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(name, result);
  return result;
}

/** closeOnly (auto mode): only close matches matter, so the distance can give up much earlier. */
function computeNearest(index: EventNameIndex, name: string, closeOnly: boolean): NearMiss | null {
  const normalized = normalizeEventName(name);
  if (normalized === '') return null;
  let best: KnownName | undefined;
  let bestDistance = Infinity;
  for (const entry of index.known) {
    const limit = closeOnly ? closeLimit(normalized, entry.normalized) : Math.ceil(Math.max(normalized.length, entry.normalized.length) / 3);
    const d = editDistance(normalized, entry.normalized, Math.min(limit, bestDistance));
    if (d <= limit && d < bestDistance) {
      best = entry;
      bestDistance = d;
    }
  }
  if (!best) return null;
  // Among the spellings of the nearest event, suggest the one closest to what was written.
  let suggestion = best;
  let suggestionDistance = Infinity;
  for (const entry of index.known) {
    if (entry.event !== best.event) continue;
    const d = editDistance(name, entry.spelling.name);
    if (d < suggestionDistance) {
      suggestion = entry;
      suggestionDistance = d;
    }
  }
  return { suggestion, distance: bestDistance, close: bestDistance <= closeLimit(normalized, best.normalized) };
}
