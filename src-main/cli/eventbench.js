#!/usr/bin/env node
// The `eventbench` command: the engine and browser UI under plain Node (see src-main/cli).
// Right after `npm ci` nothing is built yet: say what to run, in one line, instead of a stack trace.
import { existsSync } from 'node:fs';

const cli = new URL('../../out/main/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('eventbench: the app is not built yet; run `npm run build` once (or `npm start`, which builds it), then try again\n');
  process.exit(1);
}
await import(cli.href);
