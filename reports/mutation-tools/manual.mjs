// node manual.mjs before.json testfile... : applies each survivor of the report to the source, one at
// a time, runs the given test files, and restores the source. Prints killed/survived per mutant.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
const [report, ...tests] = process.argv.slice(2);
const r = JSON.parse(readFileSync(report, 'utf8'));
const results = [];
for (const [file, f] of Object.entries(r.files)) {
  const orig = readFileSync(file, 'utf8');
  const lines = orig.split('\n');
  const offset = (l) => lines.slice(0, l.line - 1).reduce((n, s) => n + s.length + 1, 0) + l.column - 1;
  try {
    for (const m of f.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')) {
      const a = offset(m.location.start), b = offset(m.location.end);
      writeFileSync(file, orig.slice(0, a) + m.replacement + orig.slice(b));
      const res = spawnSync('npx', ['vitest', 'run', '--config', 'test/vitest.config.ts', ...tests], { encoding: 'utf8', timeout: 60000 });
      const killed = res.status !== 0;
      results.push({ file, at: `${m.location.start.line}:${m.location.start.column}`, mutator: m.mutatorName, killed });
      console.log(`${killed ? 'KILLED  ' : 'SURVIVED'} ${file.split('/').pop()}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName}: ${orig.slice(a, b).slice(0, 70)} => ${m.replacement.slice(0, 60).replace(/\n/g, ' ')}`);
    }
  } finally {
    writeFileSync(file, orig);
  }
}
writeFileSync(report.replace('.json', '.manual.json'), JSON.stringify(results, null, 1));
