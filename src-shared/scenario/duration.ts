// Durations as scenarios write them: milliseconds, or "90s", "12m", "1h30m", "500ms", "2d".
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const PART = /(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/y;

/** The duration in ms, or undefined when it is not one. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  if (text === '') return undefined;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    while (text[pos] === ' ') pos++;
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT_MS[m[2]];
    pos = PART.lastIndex;
  }
  return Math.round(total);
}

/** A unit written as a word ("mins", "hours"), as the short unit a duration takes. */
const UNIT_WORDS: Record<string, string> = {
  ms: 'ms', msec: 'ms', msecs: 'ms', millis: 'ms', millisecond: 'ms', milliseconds: 'ms',
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
};
const WORD_PART = /\s*(\d+(?:\.\d+)?)\s*([a-z]+)\.?\s*,?\s*(?:and\s+)?/iy;

/**
 * How to write a duration a person wrote in words ("30 mins" -> "30m", "1 hour 30 minutes" ->
 * "1h30m"), or undefined when it is not one.
 */
export function durationSuggestion(text: string): string | undefined {
  let out = '';
  let pos = 0;
  while (pos < text.length) {
    WORD_PART.lastIndex = pos;
    const m = WORD_PART.exec(text);
    if (!m || m[0] === '') return undefined;
    const unit = UNIT_WORDS[m[2].toLowerCase()];
    if (!unit) return undefined;
    out += `${m[1]}${unit}`;
    pos = WORD_PART.lastIndex;
  }
  return out === '' || parseDuration(out) === undefined ? undefined : out;
}
