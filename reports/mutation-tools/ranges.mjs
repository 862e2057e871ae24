// node ranges.mjs before.json... : --mutate args for every survivor, file:L:C-L:C
import { readFileSync } from 'node:fs';
const out = [];
for (const p of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(p, 'utf8'));
  for (const [file, f] of Object.entries(r.files))
    for (const m of f.mutants) if (m.status === 'Survived' || m.status === 'NoCoverage') out.push(`${file}:${m.location.start.line}:${m.location.start.column - 1}-${m.location.end.line}:${m.location.end.column}`);
}
console.log([...new Set(out)].join(','));
