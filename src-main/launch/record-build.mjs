// The last step of `npm run build`: records what it built from, as `npm start` does after its own
// build, so `npm start` after `npm run build` (the README's order for serve and run) starts at once
// instead of building again ("no record of the last build"). npm runs it in the package's folder.
import { recordBuild } from './start-support.mjs';

recordBuild(process.cwd());
