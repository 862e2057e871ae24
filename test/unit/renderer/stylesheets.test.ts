// The renderer's stylesheets are bundled into one, in import order: a selector given its rules in two
// of them looks one way or the other depending on which loads last. `.link-button` was defined in
// both sessions.css (always underlined) and matching.css (underlined on hover), `.sr-only` in both
// styles.css and workspace.css: a shared class is defined once, in styles.css.
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../../src-renderer/src');

function cssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? cssFiles(join(dir, e.name)) : e.name.endsWith('.css') ? [join(dir, e.name)] : []));
}

/** The selectors of a stylesheet's top-level rules (those inside @media, @container… are overrides for a context, left out). */
function topLevelSelectors(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const selectors: string[] = [];
  let depth = 0;
  let prelude = '';
  for (const c of text) {
    if (c === '{') {
      if (depth === 0 && !prelude.trim().startsWith('@')) selectors.push(...prelude.split(',').map((s) => s.trim().replace(/\s+/g, ' ')));
      depth++;
      prelude = '';
    } else if (c === '}') {
      depth--;
      prelude = '';
    } else if (c === ';' && depth === 0) prelude = '';
    else prelude += c;
  }
  return selectors;
}

describe('renderer stylesheets', () => {
  it('reads the top-level selectors of a stylesheet, leaving out comments and at-rule blocks', () => {
    expect(topLevelSelectors('/* .x { } */ .a, .b  .c { color: red; }\n@media (max-width: 10px) { .a { color: blue; } }\n.d:hover { }')).toEqual(['.a', '.b .c', '.d:hover']);
  });

  it('give no selector its rules in two stylesheets', () => {
    const files = cssFiles(root);
    expect(files.length).toBeGreaterThan(3);
    const where = new Map<string, string[]>();
    for (const file of files) for (const s of new Set(topLevelSelectors(readFileSync(file, 'utf8')))) where.set(s, [...(where.get(s) ?? []), relative(root, file)]);
    const twice = [...where].filter(([, in_]) => in_.length > 1).map(([s, in_]) => `${s} in ${in_.join(' and ')}`);
    expect(twice).toEqual([]);
  });
});
