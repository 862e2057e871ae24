// `eventbench run|serve` options that take one value: given twice, the last one was kept without a
// word (`--reporter junit --reporter json` wrote JSON where the CI wanted JUnit). The README's usage
// line gives each once, so a second one is refused, naming the option and both values.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src-main/cli/args';

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
