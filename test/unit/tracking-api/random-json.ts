// Random JSON for property tests of the ingest text path: seeded, so a failure reproduces.
// Strings favour the characters a JSON scanner can trip on (quotes, backslashes, brackets, line
// breaks, non-ASCII, "batch").
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'b', 'batch', ' ', '"', '\\', '[', ']', '{', '}', ',', ':', '\n', '\t', 'é', '😀', '\u2028', '\u0001', '/', 'batch"'];

export function randomString(next: () => number): string {
  let s = '';
  const len = Math.floor(next() * 6);
  for (let i = 0; i < len; i++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
  return s;
}

export function randomValue(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 3 ? 5 : 7));
  switch (kind) {
    case 0:
      return null;
    case 1:
      return next() < 0.5;
    case 2:
      return next() < 0.5 ? Math.floor(next() * 2000 - 1000) : (next() - 0.5) * 1e6;
    case 3:
    case 4:
      return randomString(next);
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default:
      return randomObject(next, depth + 1);
  }
}

export function randomObject(next: () => number, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = Math.floor(next() * 5);
  for (let i = 0; i < n; i++) o[randomString(next)] = randomValue(next, depth);
  return o;
}

export function randomBatchBody(next: () => number): string {
  const body: Record<string, unknown> = {};
  const batch = Array.from({ length: Math.floor(next() * 6) }, () => randomObject(next, 0));
  const before = Math.floor(next() * 3);
  for (let i = 0; i < before; i++) body[`k${i}${randomString(next)}`] = randomValue(next, 0);
  body.batch = batch;
  if (next() < 0.5) body.sentAt = randomValue(next, 0);
  const indent = [undefined, 0, 1, 2, '\t'][Math.floor(next() * 5)];
  return JSON.stringify(body, null, indent);
}

