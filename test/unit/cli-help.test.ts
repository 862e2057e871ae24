// `eventbench serve --help`: the usage line names every option the list below it describes.
import { describe, expect, it } from 'vitest';
import { runHelp, serveHelp } from '../../src-main/cli/args';

describe.each([
  ['serve', serveHelp('/data')],
  ['run', runHelp()],
])('eventbench %s --help', (_name, help) => {
  it('has every option of its list in its usage line', () => {
    const usage = help.split('\n')[0];
    const listed = [...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]).filter((o) => o !== '--help');
    expect(listed.length).toBeGreaterThan(2);
    expect(listed.filter((o) => !usage.includes(o))).toEqual([]);
  });
});

// `--out`'s line said "pretty still prints its summary on stdout": it prints the whole pretty report
// (each failure and its diff, as test/integration/scenario-cli.test.ts checks), not a summary.
it('eventbench run --help says that with --out stdout still gets the whole pretty report', () => {
  const out = runHelp().split('\n').filter((l, i, all) => l.startsWith('  --out') || (i > 0 && all[i - 1].startsWith('  --out') && /^ {4,}/.test(l))).join(' ').replace(/\s+/g, ' ');
  expect(out).not.toContain('summary');
  expect(out).toContain('each failure with its diff');
});
