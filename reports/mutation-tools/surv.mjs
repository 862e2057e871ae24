// node surv.mjs report.json : summary + survivors with line:col ranges
import { readFileSync } from 'node:fs';
const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const [file, f] of Object.entries(r.files)) {
  const by = {};
  for (const m of f.mutants) by[m.status] = (by[m.status] ?? 0) + 1;
  const det = (by.Killed ?? 0) + (by.Timeout ?? 0), und = (by.Survived ?? 0) + (by.NoCoverage ?? 0);
  console.log(file, JSON.stringify(by), `total ${f.mutants.length} compiling ${det + und} score ${(100 * det / (det + und)).toFixed(1)}%`);
  const lines = f.source.split('\n');
  for (const m of f.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage').sort((a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column)) {
    const s = m.location.start, e = m.location.end;
    const orig = lines.slice(s.line - 1, e.line).join('\n');
    const snippet = s.line === e.line ? orig.slice(s.column - 1, e.column - 1) : orig.slice(0, 100) + '…';
    console.log(`${m.status[0]} ${s.line}:${s.column}-${e.line}:${e.column} ${m.mutatorName}: ${snippet.slice(0, 110)}  =>  ${(m.replacement ?? '').slice(0, 110).replace(/\n/g, ' ')}`);
  }
}
