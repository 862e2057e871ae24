// `eventbench run /` (or `eventbench run ~`, a folder argument mistyped) walked every file under it
// for *.scenario.* files: minutes of disk, every project's scenarios run as one's own. The
// filesystem root and the home folder are refused as folders to search, naming why and what to give.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, parse } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectScenarioFiles } from '../../src-main/cli/run';

let home: string;
const realHome = process.env.HOME;
beforeAll(async () => {
  // A small stand-in home (os.homedir() reads $HOME): the real one is large to walk.
  home = await mkdtemp(join(tmpdir(), 'eventbench-home-'));
  await mkdir(join(home, 'project/qa'), { recursive: true });
  await writeFile(join(home, 'project/qa/checkout.scenario.yaml'), 'name: checkout\nsteps: [advance: 1s]\n');
  process.env.HOME = home;
});
afterAll(async () => {
  process.env.HOME = realHome;
  await rm(home, { recursive: true, force: true });
});

const homeRefused = (p: string) => `${p}: the home folder is not searched for scenario files (it would walk every project and cache in it); name a folder of scenarios, e.g. eventbench run ~/project/scenarios/`;
const rootRefused = (p: string) => `${p}: the filesystem root is not searched for scenario files (it would walk every file on the machine); name a folder of scenarios, e.g. eventbench run scenarios/`;

describe('eventbench run, a folder too broad to search', () => {
  it('the home folder is refused, written with or without a trailing slash, and nothing in it is run', async () => {
    expect(await collectScenarioFiles([home, `${home}/`])).toEqual({ files: [], missing: [{ path: home, message: homeRefused(home) }, { path: `${home}/`, message: homeRefused(`${home}/`) }] });
  });

  it('a folder inside it is searched as before', async () => {
    expect(await collectScenarioFiles([join(home, 'project')])).toEqual({ files: [join(home, 'project/qa/checkout.scenario.yaml')], missing: [] });
  });

  it('a ** glob from either is refused too; one folder of either, or ** below it, is read as before', async () => {
    const glob = `${home}/**/*.scenario.yaml`;
    expect(await collectScenarioFiles([glob])).toEqual({ files: [], missing: [{ path: glob, message: homeRefused(glob).replace('is not searched', 'is not searched with **') }] });
    expect(await collectScenarioFiles([`${home}/project/**/*.scenario.yaml`])).toEqual({ files: [join(home, 'project/qa/checkout.scenario.yaml')], missing: [] });
    const one = `${home}/*.scenario.yaml`;
    expect((await collectScenarioFiles([one])).missing.map((m) => m.message)).toEqual([`${one}: no file matches this glob`]);
    const root = `${parse(process.cwd()).root}**/*.scenario.yaml`;
    expect(await collectScenarioFiles([root])).toEqual({ files: [], missing: [{ path: root, message: rootRefused(root).replace('is not searched', 'is not searched with **') }] });
  });

  it('the filesystem root is refused before anything is walked', async () => {
    const root = parse(process.cwd()).root;
    expect(await collectScenarioFiles([root])).toEqual({ files: [], missing: [{ path: root, message: rootRefused(root) }] });
  });
});
