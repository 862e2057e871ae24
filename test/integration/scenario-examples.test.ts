// The bundled examples the Scenarios tab lists (scenarios.examples): read and checked once, then
// kept while the folder's files are unchanged; an added, removed or edited file is read again, so
// the list never shows a file as it was.
import { copyFileSync, mkdtempSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listExamples } from '../../src-main/replay/scenario-player';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventbench-examples-'));
  copyFileSync(resolve(__dirname, '../../scenarios/scenario.schema.json'), join(dir, 'scenario.schema.json'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (file: string, name: string, at: number) => {
  writeFileSync(join(dir, file), `name: ${name}\nsteps:\n  - advance: 1s\n`);
  utimesSync(join(dir, file), at, at);
};
const names = async () => (await listExamples([dir])).map((e) => `${e.file}: ${e.name}`);

describe('the examples listing', () => {
  it('lists the bundled examples by name', async () => {
    const all = await listExamples();
    expect(all.map((e) => e.file)).toContain('freshsuccess-session.scenario.yaml');
    expect(all.every((e) => e.name.length > 0 && e.text.length > 0)).toBe(true);
  });

  it('shows an edited, an added and a removed file as they are now, not as first read', async () => {
    write('a.scenario.yaml', 'First', 1_000_000);
    expect(await names()).toEqual(['a.scenario.yaml: First']);
    expect(await names()).toEqual(['a.scenario.yaml: First']);
    write('a.scenario.yaml', 'Renamed', 2_000_000);
    expect(await names()).toEqual(['a.scenario.yaml: Renamed']);
    write('b.scenario.yaml', 'Second', 2_000_000);
    expect(await names()).toEqual(['a.scenario.yaml: Renamed', 'b.scenario.yaml: Second']);
    unlinkSync(join(dir, 'a.scenario.yaml'));
    expect(await names()).toEqual(['b.scenario.yaml: Second']);
  });
});
