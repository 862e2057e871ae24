// `eventbench run|serve` options that take one value: given twice, the last one was kept without a
// word (`--reporter junit --reporter json` wrote JSON where the CI wanted JUnit). The README's usage
// line gives each once, so a second one is refused, naming the option and both values.
import { describe, expect, it } from 'vitest';
import { mainHelp, parseArgs, runHelp, serveHelp } from '../../src-main/cli/args';
import { openFailure } from '../../src-main/cli/platform';
import { API_ROUTES } from '../../src-main/web/automation-api';

describe('an option that takes one value, given twice', () => {
  it.each([
    [['run', 'scenarios/', '--reporter', 'junit', '--reporter', 'json'], '--reporter is given twice ("junit", then "json"); give it once'],
    [['run', 'scenarios/', '--reporter=junit', '--reporter', 'junit'], '--reporter is given twice ("junit", then "junit"); give it once'],
    [['run', 'scenarios/', '--out', 'a.xml', '--out=b.xml'], '--out is given twice ("a.xml", then "b.xml"); give it once'],
    [['run', '--data-dir', 'd1', 'scenarios/', '--data-dir', 'd2'], '--data-dir is given twice ("d1", then "d2"); give it once'],
    [['serve', '--port', '1', '--port', '2'], '--port is given twice ("1", then "2"); give it once'],
    [['serve', '--print', 'json', '--print', 'pretty'], '--print is given twice ("json", then "pretty"); give it once'],
  ])('%j is refused', (argv, message) => {
    expect(parseArgs(argv)).toMatchObject({ kind: 'error', message });
  });

  it('is still refused for its own bad value first', () => {
    expect(parseArgs(['run', 'scenarios/', '--reporter', 'junit', '--reporter', 'xml'])).toMatchObject({ kind: 'error', message: expect.stringContaining('--reporter must be pretty, junit or json, not "xml"') });
  });

  it('once each, the options are kept', () => {
    expect(parseArgs(['run', 'a/', 'b/', '--reporter', 'junit', '--out', 'r.xml', '--data-dir', 'd'])).toEqual({ kind: 'run', options: { paths: ['a/', 'b/'], reporter: 'junit', out: 'r.xml', dataDir: 'd' } });
    expect(parseArgs(['serve', '--open', '--no-open'])).toMatchObject({ kind: 'serve', options: { open: false } });
  });
});

// What `eventbench serve --help` and the README say each option takes, said by its error too.
describe('an option given a value it cannot take says what it takes', () => {
  it.each([
    [['serve', '--https-port', 'tls'], '--https-port must be a whole number from 0 to 65535, or off, not "tls"'],
    [['serve', '--print'], '--print needs a value: json or pretty'],
    [['serve', '--print', '--open'], '--print needs a value: json or pretty'],
    [['serve', '--token', 'abc'], '--token needs a secret of at least 16 characters, not one of 3'],
    [['serve', '--token'], '--token needs a secret of at least 16 characters'],
  ])('%j', (argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: 'error', topic: 'serve', message });
  });

  it('--https-port off and a 16-character token are taken', () => {
    expect(parseArgs(['serve', '--https-port', 'off', '--token', 'a'.repeat(16)])).toMatchObject({ kind: 'serve', options: { httpsPort: 'off', token: 'a'.repeat(16) } });
  });
});

describe('the help names every command\'s help and every file name a run reads', () => {
  it('main help points at both commands\' help', () => {
    expect(mainHelp()).toContain('`eventbench serve --help` and `eventbench run --help`');
  });
  it('run help names .scenario.yml, which a folder gives too', () => {
    expect(runHelp()).toContain('*.scenario.yaml, *.scenario.yml, *.scenario.json');
  });
  it('serve help lists every automation API route the server answers', () => {
    // It listed four of them: GET /api/clock, /api/sessions, /api/workspace… looked absent.
    const listed = new Set<string>();
    for (const [, methods, path] of serveHelp('/d').matchAll(/\b((?:GET|PUT|POST|DELETE)(?:\|(?:GET|PUT|POST|DELETE))*) (\/api\/[a-z/]+(?:\[\/[a-z]+\])?)/g)) {
      const paths = path.includes('[') ? [path.replace(/\[.*\]/, ''), path.replace(/[[\]]/g, '')] : [path];
      for (const m of methods.split('|')) for (const p of paths) listed.add(`${m} ${p}`);
    }
    expect(Object.keys(API_ROUTES).filter((route) => !listed.has(route))).toEqual([]);
    expect(serveHelp('/d')).toContain('GET /v1/pixel/');
  });
  it('serve help says the token length and the exit statuses', () => {
    expect(serveHelp('/d')).toContain('at least 16 characters');
    expect(serveHelp('/d')).toMatch(/Exit status: 2 when the command line cannot be taken[^]*1 when\nthe server cannot start/);
  });
});

describe('serve --open where no browser can be opened', () => {
  it('says the opener is missing, not spawn ENOENT', () => {
    const enoent = Object.assign(new Error('spawn xdg-open ENOENT'), { code: 'ENOENT' });
    expect(openFailure('xdg-open', enoent)).toBe('xdg-open, which opens the default browser, is not installed here');
    expect(openFailure('open', new Error('boom'))).toBe('open: boom');
  });
});
