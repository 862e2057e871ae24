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
