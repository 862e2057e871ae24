// What `npm run bench -- <name> [extras]` takes (README's Performance section). A name it did not
// know ran nothing and exited 0 without a word (`npm run bench -- ingst`): it is refused now,
// naming what it takes.

export const BENCH_NAMES = ['ingest', 'validator', 'filters', 'ui', 'matching', 'feed', 'sessions', 'scenario', 'startup'] as const;

/** The extra words each bench takes after its name, and what to say they may be. */
const EXTRAS: Partial<Record<(typeof BENCH_NAMES)[number], { ok: (word: string, i: number) => boolean; say: string }>> = {
  ingest: { ok: (w) => w === 'busy' || w === 'threads', say: 'busy and/or threads' },
  ui: { ok: (w, i) => i === 0 && (/^\d+m$/.test(w) || w === 'cold'), say: 'one of 1m, 3m, 10m (millions of stored messages) or cold' },
  startup: { ok: (w, i) => i === 0 && w === '10m', say: '10m' },
};

/** Why the arguments after `npm run bench --` name no bench, or undefined when they do (none: all). */
export function benchChoiceProblem(args: readonly string[]): string | undefined {
  const [name, ...extras] = args;
  if (name === undefined) return undefined;
  if (!(BENCH_NAMES as readonly string[]).includes(name)) return `no bench is named "${name}"; run one of ${BENCH_NAMES.join(', ')}, or none for all`;
  const rule = EXTRAS[name as (typeof BENCH_NAMES)[number]];
  const bad = extras.find((w, i) => !rule?.ok(w, i));
  if (bad === undefined) return undefined;
  return rule ? `the ${name} bench takes ${rule.say} after its name, not "${bad}"` : `the ${name} bench takes nothing after its name, not "${bad}"`;
}
