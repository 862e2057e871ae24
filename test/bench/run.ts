// `npm run bench`: every number is printed next to a baseline measured in the same run.
// Not a test: nothing here passes or fails on timing; it reports.
import { benchIngest } from './ingest';
import { benchCaptureFeed, benchMatching } from './matching';
import { benchUi, benchUiBig, benchUiCold } from './ui';
import { benchValidator } from './validator';
import { benchSessionModel, benchSessionsView } from './sessions';
import { benchScenario, benchScenarioAliases, benchScenarioBadFiles, benchScenarioCheckHandOff, benchScenarioNearMisses, benchScenarioPlayHandOff } from './scenario';
import { benchFilters } from './filters';
import { benchStartup } from './startup';
import { benchChoiceProblem } from './choice';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(1)} ms`;
const only = process.argv[2];
const choiceProblem = benchChoiceProblem(process.argv.slice(2));
if (choiceProblem) {
  console.error(`bench: ${choiceProblem}`);
  process.exit(2);
}

if (!only || only === 'ingest') {
  // `npm run bench -- ingest [busy] [threads]`: busy = another process keeps one core busy;
  // threads = the engine both with its ingest worker and in one thread (EVENTBENCH_INGEST).
  const extra = process.argv.slice(3);
  const r = await benchIngest({ busy: extra.includes('busy'), modes: extra.includes('threads') ? ['worker', 'in-thread'] : ['worker'] });
  console.log(`\nIngest through /v1/batch (100 messages per batch, 8 connections, logs on disk;\n  the same fresh messages to every server, best of 5 rounds after 8 warm-up rounds${r.busy ? ';\n  another process keeping one core busy throughout' : ', nothing else started'})`);
  console.log(`  bare node:http (parse JSON, answer 200): ${fmt(r.bare)} msg/s`);
  console.log(`  express 5 logger (parse, append a line): ${fmt(r.express)} msg/s`);
  console.log(`  fastify 5 logger (parse, append a line): ${fmt(r.fastify)} msg/s`);
  // Not a target: what the least a durable receiver does reaches against the same baselines.
  console.log(`  floor: parse, append the raw body:       ${fmt(r.rawAppend)} msg/s  = ${(r.rawAppend / r.bare).toFixed(2)}× bare, ${(r.rawAppend / r.express).toFixed(2)}× express, ${(r.rawAppend / r.fastify).toFixed(2)}× fastify`);
  for (const e of r.engines) {
    console.log(`${`  eventbench receiver (ingest: ${e.reported}):`.padEnd(43)}${fmt(e.rate)} msg/s  = ${(e.rate / r.bare).toFixed(2)}× bare (target ≥ 0.5×), ${(e.rate / r.express).toFixed(2)}× express (≥ 1.5×), ${(e.rate / r.fastify).toFixed(2)}× fastify (≥ 1.2×)`);
  }
  for (const e of r.engines) {
    if (r.bareCpuUs !== undefined && e.cpuUs !== undefined) {
      const others = [['express', r.expressCpuUs], ['fastify', r.fastifyCpuUs], ['floor', r.rawAppendCpuUs]].filter(([, us]) => us !== undefined).map(([name, us]) => `${name} ${(us as number).toFixed(2)}`).join(', ');
      console.log(`${`  server CPU per message (${e.reported}):`.padEnd(43)}bare ${r.bareCpuUs.toFixed(2)} µs, eventbench ${e.cpuUs.toFixed(2)} µs = ${(e.cpuUs / r.bareCpuUs).toFixed(1)}× bare (${others} µs)`);
    }
  }
}

if (!only || only === 'validator') {
  const r = benchValidator();
  console.log('\nValidator, all four profiles (segment, provesource, produktly, freshsuccess)');
  console.log(`  baseline JSON.parse of the same messages: ${fmt(r.parse)} msg/s`);
  console.log(`  validate, auto mode (receiver):           ${fmt(r.validateAuto)} msg/s  = ${(r.validateAuto / r.parse).toFixed(2)}× JSON.parse`);
  console.log(`  validate, explicit mode (composer):       ${fmt(r.validateExplicit)} msg/s  = ${(r.validateExplicit / r.parse).toFixed(2)}× JSON.parse`);
}

if (!only || only === 'filters') {
  const r = benchFilters();
  console.log('\nInspector filters in Node, 100,000 summaries (best of 5)');
  console.log(`  baseline: Array.filter on type alone:               ${ms(r.baselineMs)}`);
  console.log(`  type/endpoint/problems/profile ∩ search (slowest): ${ms(r.filterMs)}  = ${(r.filterMs / r.baselineMs).toFixed(1)}× Array.filter (target < 50 ms)`);
  console.log(`  type + problems, no search (the store's setFilter): ${ms(r.storeLikeMs)}  = ${(r.storeLikeMs / r.baselineMs).toFixed(1)}× Array.filter (target < 50 ms)`);
}

if (only === 'ui' && /^\d+m$/.test(process.argv[3] ?? '')) {
  // `npm run bench -- ui 1m|10m`: the inspector over a stored log of that many million messages (10m: about 3 GB on disk).
  // From 10M on, one page load (each takes minutes there).
  const millions = Number(process.argv[3]!.slice(0, -1));
  const r = await benchUiBig(millions * 1_000_000, millions >= 10 ? 1 : 3);
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.log(`\nInspector in Chromium (browser mode), ${fmt(r.messages)} stored messages, the log loaded (best of ${r.rounds} page load${r.rounds === 1 ? '' : 's'})`);
  console.log(`  baseline: load the UI with an empty log:          ${ms(r.emptyLoadMs)}`);
  console.log(`  first row of ${fmt(r.messages)} shown:             ${ms(r.firstRowMs)}  = ${(r.firstRowMs / r.emptyLoadMs).toFixed(1)}× empty (target < 1,000 ms)`);
  console.log(`  every row in the page's list:             ${ms(r.allRowsMs)}  = ${(r.allRowsMs / r.emptyLoadMs).toFixed(1)}× empty`);
  console.log(`  longest task loading the page: ${ms(r.loadLongest)} (${r.loadLongCount} over 50 ms${r.loadLongAt.length ? `: ${r.loadLongAt.join(', ')}` : ''}); over Home and End: ${ms(r.scrollLongest)} (target: none over 50 ms)`);
  const traced = r.loadTraced.map((t) => `${Math.round(t.wallMs)} ms (CPU ${Math.round(t.cpuMs)} ms) at ${t.atS.toFixed(1)} s`);
  console.log(`  the same load traced, tasks over 50 ms of wall time: ${traced.length ? traced.join(', ') : 'none'}; over 50 ms of CPU: ${r.loadTraced.filter((t) => t.cpuMs > 50).length} (the rest of a task's wall time, its thread waited for a core)`);
  console.log(`  Home -> the oldest row (seq 1) on screen: ${ms(r.homeMs)}; End -> the newest (seq ${fmt(r.messages)}): ${ms(r.endMs)}`);
  console.log(`  server RSS: ${mib(r.serverRssBefore)} before any UI, ${mib(r.serverRssAfter)} after ${r.rounds} page load${r.rounds === 1 ? '' : 's'} and scrolls  (+${mib(r.serverRssAfter - r.serverRssBefore)})`);
} else if (only === 'ui' && process.argv[3] === 'cold') {
  // `npm run bench -- ui cold`: page loads in a fresh browser each (the app's first render in a cold page).
  const r = await benchUiCold();
  console.log(`\nInspector, cold page loads (a fresh Chromium each, ${r.loads} loads each side, alternating)`);
  console.log(`  baseline: the empty UI: ${r.empty.over50} tasks over 50 ms in ${r.loads} loads (longest ${ms(r.empty.longest)}); "0 messages" shown after ${ms(r.empty.shownMs)} (median)`);
  console.log(`  a 120,000-message log:  ${r.log.over50} tasks over 50 ms in ${r.loads} loads (longest ${ms(r.log.longest)}; target: none); first row after ${ms(r.log.firstRowMs)} (median) = ${(r.log.firstRowMs / r.empty.shownMs).toFixed(1)}× the empty UI`);
} else if (!only || only === 'ui') {
  const r = await benchUi();
  console.log('\nInspector in Chromium (browser mode), 100,000 stored messages');
  console.log(`  baseline: load the UI with an empty log:    ${ms(r.emptyLoadMs)}`);
  console.log(`  first row of 100,000 stored messages shown:  ${ms(r.firstRowMs)}  = ${(r.firstRowMs / r.emptyLoadMs).toFixed(1)}× empty (target < 1,000 ms)`);
  console.log(`  load and show 100,000 stored messages:      ${ms(r.show100kMs)}  = ${(r.show100kMs / r.emptyLoadMs).toFixed(1)}× empty (target < 1,500 ms)`);
  console.log(`  longest task: empty ${ms(r.emptyLongest)}; loading 100,000: ${ms(r.loadLongest)} (${r.loadLongCount} tasks over 50 ms; target: none)`);
  console.log(`  baseline: bare substring scan in Node:      ${ms(r.rawScanMs)}`);
  console.log(`  text filter applied (incl. 100 ms debounce): ${ms(r.searchMs)}  = ${(r.searchMs / r.rawScanMs).toFixed(1)}× bare scan (target < 200 ms)`);
  console.log(`  baseline: fetch POST /v1/track -> row shown: ${ms(r.httpToRowMs)}`);
  console.log(`  composer Send click -> row shown:           ${ms(r.sendToRowMs)}  = ${(r.sendToRowMs / r.httpToRowMs).toFixed(1)}× bare POST`);
}

if (!only || only === 'sessions') {
  const m = benchSessionModel();
  console.log('\nSession model, 1,000,000 messages over 10,000 anonymousIds (best of 3)');
  console.log(`  baseline: group the same inputs by anonymousId (Map + push): ${ms(m.groupByMs)}`);
  console.log(`  the inputs into columns (SessionInputs.of):                  ${ms(m.columnsMs)}  = ${(m.columnsMs / m.groupByMs).toFixed(1)}× group-by`);
  console.log(`  SessionModel.from (sessions, accounts, out-of-order, late):  ${ms(m.modelMs)}  = ${(m.modelMs / m.groupByMs).toFixed(1)}× group-by (target < 2,000 ms); ${fmt(m.sessions)} sessions`);
  console.log(`  baseline: the inputs as plain objects in an array:        ${fmt(m.inputBytes)} bytes a message`);
  console.log(`  the model's memory (inputs as columns, sessions):         ${fmt(m.modelBytes)} bytes a message  = ${(m.modelBytes / m.inputBytes).toFixed(2)}× the plain inputs`);
  const v = await benchSessionsView();
  console.log('\nSessions view in Chromium, 1,000 lanes with open sessions, 3 s of frames');
  console.log(`  baseline: clock paused:  longest frame ${ms(v.paused.longest)}, ${v.paused.over50} of ${v.paused.count} frames over 50 ms`);
  console.log(`  clock running at 600×:   longest frame ${ms(v.running.longest)}, ${v.running.over50} of ${v.running.count} frames over 50 ms  = ${(v.running.longest / v.paused.longest).toFixed(1)}× paused (target: none over 50 ms)`);
}

if (!only || only === 'matching') {
  const r = await benchMatching();
  const x = (v: number) => `${(v / r.baselineMs).toFixed(2)}× Map loop`;
  console.log(`\nUser matching (Product Fruits rule), one thread, a directory of 100,000 users, 1,000,000 messages (CPU time, median of ${r.rounds} rounds each)`);
  console.log(`  baseline: plain Map lookups, same 1,000,000 inputs: ${ms(r.baselineMs)} = ${fmt(r.baselineRate)} msg/s   [rounds: ${r.allRounds.baseline.map((v) => v.toFixed(0)).join(', ')} ms]`);
  console.log(`  rule alone (Matcher.match, extracted inputs):      ${ms(r.matchMs)} = ${fmt(r.matchRate)} msg/s  = ${x(r.matchMs)}; ${ms(r.matchWallMs)} wall   [rounds: ${r.allRounds.match.map((v) => v.toFixed(0)).join(', ')} ms]`);
  console.log(`  service fed 1,000,000 captures (extract + match):  ${ms(r.feedMs)}  = ${x(r.feedMs)}; ${ms(r.feedWallMs)} wall (target < 3,000 ms)   [rounds: ${r.allRounds.feed.map((v) => v.toFixed(0)).join(', ')} ms]`);
  console.log(`  service re-derive after a settings change:         ${ms(r.rederiveMs)}  = ${x(r.rederiveMs)}; ${ms(r.rederiveWallMs)} wall (target < 3,000 ms)   [rounds: ${r.allRounds.rederive.map((v) => v.toFixed(0)).join(', ')} ms]`);
  console.log(`  memory per message matched (decision + users):   ${fmt(r.decisionBytes)} bytes`);
  console.log(`  baseline: inputs kept as plain objects:           ${fmt(r.inputBytes.objectBytes)} bytes per message`);
  console.log(`  inputs kept for re-deriving (MatchInputs columns): ${fmt(r.inputBytes.columnBytes)} bytes per message  = ${(r.inputBytes.columnBytes / r.inputBytes.objectBytes).toFixed(2)}× plain`);
  console.log(`  baseline: Map lookup loop over 100,000 messages:  ${ms(r.whatIfBaselineMs)}`);
  console.log(`  what-if (exact emails) over 100,000 messages:     ${ms(r.whatIfMs)}  = ${(r.whatIfMs / r.whatIfBaselineMs).toFixed(1)}× Map loop (${fmt(r.whatIfChanged)} decisions would change)`);
  console.log(`  baseline: naive split of the 100,000-user CSV:    ${ms(r.csvBaselineMs)}`);
  console.log(`  CSV import of 100,000 users (csv-parse, mapping): ${ms(r.csvMs)}  = ${(r.csvMs / r.csvBaselineMs).toFixed(1)}× naive split (${fmt(r.csvImported)} imported)`);
  console.log(`  baseline: plain objects in two Maps:              ${fmt(r.baselineUserBytes)} bytes per user`);
  console.log(`  directory user (sources, indexes):                ${fmt(r.userBytes)} bytes per user  = ${(r.userBytes / r.baselineUserBytes).toFixed(1)}× plain`);
}

if (!only || only === 'matching' || only === 'feed') {
  const r = await benchCaptureFeed();
  const x = (v: number) => `${(v / r.baselineMs).toFixed(2)}× Map loop`;
  console.log(`\nCapture feed: 1,000,000 captures read back from the log (${fmt(r.logBytes / 1e6)} MB) into matching and sessions, as the engine subscribes them (median of ${r.rounds} rounds)`);
  console.log(`  baseline: plain Map lookups, same 1,000,000 messages: ${ms(r.baselineMs)}   [rounds: ${r.allRounds.baseline.map((v) => v.toFixed(0)).join(', ')} ms]`);
  console.log(`  part: JSON.parse of the 1,000,000 message lines:    ${ms(r.parseMs)} = ${x(r.parseMs)}   [rounds: ${r.allRounds.parse.map((v) => v.toFixed(0)).join(', ')} ms]`);
  console.log(`  CaptureFeed.catchUp() (read, parse, extract, match, sessions): ${ms(r.feedMs)} CPU = ${x(r.feedMs)}; ${ms(r.feedWallMs)} wall (target < 3,000 ms)   [CPU rounds: ${r.allRounds.feed.map((v) => v.toFixed(0)).join(', ')} ms; wall: ${r.allRounds.feedWall.map((v) => v.toFixed(0)).join(', ')} ms]`);
}

if (!only || only === 'scenario') {
  const r = await benchScenario();
  console.log('\nScenario run headless: 10,001 steps (5,000 sends, each followed by a clock step, then an expectation)');
  console.log(`  baseline: the same 5,000 messages POSTed straight to the receiver, one at a time: ${ms(r.postMs)}`);
  console.log(`  eventbench run of the scenario (${r.passed ? 'passed' : 'FAILED'}):                          ${ms(r.scenarioMs)}  = ${(r.scenarioMs / r.postMs).toFixed(1)}× straight POSTs (target < 3,000 ms)`);
}

if (!only || only === 'scenario') {
  const r = await benchScenarioNearMisses();
  console.log(`\nScenario with ${fmt(r.expectations)} sends, each followed by a messages expectation`);
  console.log(`  baseline: every expectation passing:                  ${ms(r.passingMs)}`);
  console.log(`  every expectation failing, naming its nearest misses: ${ms(r.failingMs)}  = ${(r.failingMs / r.passingMs).toFixed(2)}× passing (was 3.1×: 37 s)`);
  console.log(`  (the last one's ${r.near}…)`);
  const bad = benchScenarioBadFiles();
  console.log('\nScenario files of thousands of bad steps, refused with their first errors');
  console.log(`  baseline: a good file of 20,000 steps loaded:          ${ms(bad.goodMs)}`);
  for (const c of bad.cases) console.log(`  ${(c.what + ':').padEnd(52)} ${ms(c.ms)}  = ${(c.ms / bad.goodMs).toFixed(2)}× the good file (${c.errors} errors named)`);
  const al = benchScenarioAliases();
  console.log(`\nScenario of ${fmt(al.steps)} sends, each merging one anchor (<<: *base), loaded`);
  console.log(`  baseline: the same sends written out:                  ${ms(al.writtenMs)}`);
  console.log(`  merging the anchor:                                    ${ms(al.aliasedMs)}  = ${(al.aliasedMs / al.writtenMs).toFixed(2)}× written out (before aliases were resolved in one walk: 2,000 steps took 20.9 s = 48× written out)`);
}

if (!only || only === 'scenario') {
  const r = await benchScenarioCheckHandOff();
  console.log(`\nA ${r.mb.toFixed(1)} MB scenario checked over the WebSocket (${fmt(r.steps)} steps): the engine thread's part, each the fastest of 7`);
  console.log(`  the frame read (bytes to text, JSON.parse):                          ${ms(r.frameMs)}`);
  console.log(`  its text posted to the ingest worker (both ends of the copy):        ${ms(r.postTextMs)}`);
  console.log(`  the answer back, as it was: the whole parsed file, then the check:  ${ms(r.parsedBackMs)}`);
  console.log(`  the answer back, now: the check alone (each step's line and label):  ${ms(r.checkBackMs)}`);
  const p = await benchScenarioPlayHandOff();
  console.log(`\nThe same scenario played (scenarios.start): the worker's answer received on the engine thread, each the fastest of 7`);
  console.log(`  as it was: the whole parsed file, then the check for the set-aside:  ${ms(p.parsedBackMs)}`);
  console.log(`  now: what Play needs (changes, step heads, each step's body as text): ${ms(p.toPlayBackMs)}`);
  console.log(`  every step's body read (the run reads each as it reaches it):        ${ms(p.bodiesReadMs)}`);
}

if (!only || only === 'startup') {
  // 1,000,000 by default; `npm run bench -- startup 10m` adds the 10,000,000 tier (about 4.5 GB on disk).
  const tiers = process.argv[3] === '10m' ? [1_000_000, 10_000_000] : [1_000_000];
  for (const n of tiers) {
    const r = await benchStartup(n);
    const mb = (r.fileBytes / 1e6).toFixed(0);
    console.log(`\nStart-up on a capture log of ${fmt(n)} messages (${mb} MB), each side in a process of its own`);
    console.log(`  baseline: read the file, JSON.parse each line:                 ${ms(r.parseMs)}`);
    console.log(`  baseline: /api/health answered, empty data dir:               ${ms(r.emptyHealthMs)}`);
    console.log(`  receiver listening and /api/health answered:                   ${ms(r.healthMs)}  = ${(r.healthMs / r.emptyHealthMs).toFixed(2)}× an empty data dir (target < 500 ms)`);
    console.log(`  whole log in the index (engine.loaded):                        ${ms(r.loadedMs)}  = ${(r.loadedMs / r.parseMs).toFixed(2)}× the plain parse (target ≤ 1.5×)`);
    console.log(`    in CPU time (all threads): ${ms(r.loadedCpuMs)} against the plain parse's ${ms(r.parseCpuMs)}  = ${(r.loadedCpuMs / r.parseCpuMs).toFixed(2)}×`);
    console.log(`  memory per stored message: eventbench ${fmt(r.engineRssPerMessage)} B RSS, bare (text kept) ${fmt(r.parseRssPerMessage)} B  = ${(r.engineRssPerMessage / r.parseRssPerMessage).toFixed(2)}×`);
    console.log(`  baseline: the bare process scans its kept lines for a text (String.includes), main-thread CPU: ${ms(r.scanMs)}`);
    const s = r.searches;
    const w = r.searchesWall;
    console.log(`  searches after the restart, main-thread CPU (wall time beside it; the GC's helper threads, busy after a big load, are in neither):`);
    console.log(`  first search (${fmt(r.found.first)} found):                    ${ms(s.first)} (wall ${ms(w.first)})  = ${(s.first / r.scanMs).toFixed(2)}× the bare scan (target < 1,000 ms)`);
    console.log(`  first JSON-fragment search (${fmt(r.found.fragment)} found):      ${ms(s.fragment)} (wall ${ms(w.fragment)})  = ${(s.fragment / r.scanMs).toFixed(2)}×`);
    console.log(`  a later search (${fmt(r.found.later)} found):                  ${ms(s.later)} (wall ${ms(w.later)})  = ${(s.later / r.scanMs).toFixed(2)}× (target < 200 ms)`);
    console.log(`  a search every message matches (${fmt(r.found.every)} found):  ${ms(s.every)} (wall ${ms(w.every)})  = ${(s.every / r.scanMs).toFixed(2)}×`);
  }
}
