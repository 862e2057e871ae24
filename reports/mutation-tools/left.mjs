// node left.mjs report.json manual.json out.json : the report with only the survivors the manual
// check (manual.mjs's output, one result per survivor in the report's order) did not kill, to
// check them again after more tests.
import { readFileSync, writeFileSync } from 'node:fs';
const [reportPath, manualPath, out] = process.argv.slice(2);
const r = JSON.parse(readFileSync(reportPath, 'utf8'));
const results = JSON.parse(readFileSync(manualPath, 'utf8'));
let i = 0;
for (const f of Object.values(r.files))
  f.mutants = f.mutants.filter((m) => {
    if (m.status !== 'Survived' && m.status !== 'NoCoverage') return false;
    const res = results[i++];
    if (res.at !== `${m.location.start.line}:${m.location.start.column}` || res.mutator !== m.mutatorName) throw new Error(`manual results out of step at ${res.at}`);
    return !res.killed;
  });
writeFileSync(out, JSON.stringify(r));
