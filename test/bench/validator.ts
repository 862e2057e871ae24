// Validator throughput across all profiles (the receiver runs it on every captured message),
// against a baseline of JSON.parse of the same messages measured in the same run.
import type { JsonObject } from '../../src-shared/capture';
import { ALL_PROFILES, validate } from '../../src-shared/validate/validate';
import { makeBatch } from './ingest';

function rate(fn: () => void, count: number): number {
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    fn();
    best = Math.max(best, count / ((performance.now() - started) / 1000));
  }
  return best;
}

export function benchValidator(): { parse: number; validateAuto: number; validateExplicit: number } {
  const texts: string[] = [];
  for (let b = 0; b < 200; b++) {
    const { batch } = JSON.parse(makeBatch(b)) as { batch: JsonObject[] };
    for (const m of batch) {
      // Mix the call types Freshsuccess and the sources care about.
      if (b % 4 === 1) texts.push(JSON.stringify({ ...m, type: 'identify', event: undefined, traits: { email: 'a@b.co', first_name: 'A' } }));
      else if (b % 4 === 2) texts.push(JSON.stringify({ ...m, type: 'group', event: undefined, groupId: 'acme', traits: { name: 'Acme', createdAt: '2024-01-01T00:00:00Z' } }));
      else texts.push(JSON.stringify(m));
    }
  }
  const messages = texts.map((t) => JSON.parse(t) as JsonObject);
  let sink = 0;
  const parse = rate(() => {
    for (const t of texts) sink += (JSON.parse(t) as JsonObject).type ? 1 : 0;
  }, texts.length);
  const validateAuto = rate(() => {
    for (const m of messages) sink += validate(m, ALL_PROFILES, { mode: 'auto' }).length;
  }, messages.length);
  const validateExplicit = rate(() => {
    for (const m of messages) sink += validate(m, ALL_PROFILES, { mode: 'explicit' }).length;
  }, messages.length);
  if (sink < 0) console.log(sink);
  return { parse, validateAuto, validateExplicit };
}
