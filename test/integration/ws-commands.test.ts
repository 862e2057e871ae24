// The engine's commands over the WebSocket (/ws, {id, command, arg} frames), as a script or
// another tool sends them: what comes back for ids and arguments a client gets wrong.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { COMMAND_NAMES } from '../../src-shared/api';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
let ws: WebSocket;
const answers: Record<string, unknown>[] = [];
let waiters: (() => void)[] = [];

beforeAll(async () => {
  t = await startTestEngine();
  ws = new WebSocket(`${t.engine.url.replace(/^http/, 'ws')}/ws`);
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as Record<string, unknown>;
    if ('event' in frame) return;
    answers.push(frame);
    for (const w of waiters) w();
    waiters = [];
  });
  await new Promise((r) => ws.once('open', r));
});
afterAll(async () => {
  ws.terminate();
  await t.dispose();
});

/** Sends a frame (an object, or raw text) and resolves with the next answer. */
async function ask(frame: unknown): Promise<Record<string, unknown>> {
  const before = answers.length;
  ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  while (answers.length === before) await new Promise<void>((r) => waiters.push(r));
  return answers[before];
}

describe('WebSocket command frames: the id', () => {
  it('a string id comes back as it was sent, as a number id does', async () => {
    expect(await ask({ id: 'req-1', command: 'clock.get' })).toMatchObject({ id: 'req-1', ok: true, result: { mode: 'live' } });
    expect(await ask({ id: 42, command: 'clock.get' })).toMatchObject({ id: 42, ok: true });
    expect(await ask({ id: 'req-2', command: 'no.such' })).toEqual({ id: 'req-2', ok: false, error: { message: 'unknown command "no.such"', where: 'command' } });
    expect(await ask({ id: 'req-3', command: 'drafts.delete', arg: 5 })).toMatchObject({ id: 'req-3', ok: false });
    // (a frame without an id is answered with id 0, as before)
    expect(await ask({ command: 'clock.get' })).toMatchObject({ id: 0, ok: true });
  });

  it('an id that is neither a number nor a string is refused, naming it, and the command is not run', async () => {
    for (const id of [{ x: 1 }, [1], true, null]) {
      const answer = await ask({ id, command: 'messages.clear' });
      expect(answer, JSON.stringify(id)).toEqual({ id: 0, ok: false, error: { message: `the frame's id must be a number or a string (it comes back with the answer), not ${JSON.stringify(id)}`, where: 'id' } });
    }
  });
});

describe('WebSocket command frames: what is not a command', () => {
  it('a frame that is no object, names no command, or misspells one says which, and how to write it', async () => {
    // Each was answered "unknown command undefined" (and a near spelling with no hint).
    expect(await ask('null')).toEqual({ id: 0, ok: false, error: { message: 'a frame must be a JSON object, {"id", "command", "arg"}, not null', where: 'frame' } });
    expect(await ask('[{"id":1,"command":"clock.get"}]')).toEqual({ id: 0, ok: false, error: { message: 'a frame must be a JSON object, {"id", "command", "arg"}, not a list', where: 'frame' } });
    expect(await ask('"clock.get"')).toEqual({ id: 0, ok: false, error: { message: 'a frame must be a JSON object, {"id", "command", "arg"}, not "clock.get"', where: 'frame' } });
    expect(await ask({ id: 7 })).toEqual({ id: 7, ok: false, error: { message: 'the frame names no command: send {"id": 1, "command": "engine.info"}, a command of src-shared/api.ts and its "arg"', where: 'command' } });
    expect(await ask({ id: 8, command: 5 })).toEqual({ id: 8, ok: false, error: { message: `command must be a command's name as text, such as "engine.info", not 5`, where: 'command' } });
    expect(await ask({ id: 9, command: 'clock.gte' })).toEqual({ id: 9, ok: false, error: { message: 'unknown command "clock.gte"; did you mean "clock.get"?', where: 'command' } });
  });
});

describe('delete commands called without the name they need', () => {
  it.each([
    ['webhooks.delete', 'webhook', 'webhook.name'],
    ['drafts.delete', 'draft', 'name'],
  ])('%s says which argument is missing, and how to give it', async (command, what, where) => {
    const needs = `${command} needs the name of the ${what} to delete, as {"name": "…"}`;
    expect(await ask({ id: 1, command })).toEqual({ id: 1, ok: false, error: { message: `${needs}; it was sent without an argument`, where } });
    expect(await ask({ id: 2, command, arg: {} })).toEqual({ id: 2, ok: false, error: { message: `${needs}; its argument has no "name"`, where } });
    expect(await ask({ id: 3, command, arg: { name: 5 } })).toEqual({ id: 3, ok: false, error: { message: `${needs}; its "name" is 5, not text`, where } });
    expect(await ask({ id: 4, command, arg: 'pf' })).toEqual({ id: 4, ok: false, error: { message: `${needs}; its argument is "pf", not an object`, where } });
    // A name that is there but names nothing still says so.
    expect(await ask({ id: 5, command, arg: { name: 'nope' } })).toMatchObject({ id: 5, ok: false, error: { message: expect.stringContaining('"nope"') } });
  });
});

describe('sessions queries with fields of the wrong type', () => {
  // Over HTTP the query string is checked (parseSessionQuery); over the WebSocket any JSON comes
  // in: {"endpoint": 5} answered "e.startsWith is not a function", {"writeKey": 5} a Node crypto
  // error, and {"userId": 5} or {"state": "closed"} an empty list, as if nothing matched.
  it.each(['sessions.list', 'sessions.lanes', 'sessions.totals'])('%s names the field and what it must be', async (command) => {
    const cases: [unknown, string, string][] = [
      [{ endpoint: 5 }, 'endpoint must be text, not 5', 'endpoint'],
      [{ writeKey: 5 }, 'writeKey must be text, not 5', 'writeKey'],
      [{ userId: 5 }, 'userId must be text, not 5', 'userId'],
      [{ anonymousId: {} }, 'anonymousId must be text, not {}', 'anonymousId'],
      [{ state: 'closed' }, 'state must be open or timedOut, not "closed"', 'state'],
      [{ freshsuccessOnly: 'yes' }, 'freshsuccessOnly must be true or false, not "yes"', 'freshsuccessOnly'],
      [{ limit: 0 }, 'limit must be a positive whole number, not 0', 'limit'],
      [{ limit: null }, 'limit must be a positive whole number, not null', 'limit'],
      [{ anonymousid: 'a' }, 'unknown filter "anonymousid" (did you mean "anonymousId"?); use anonymousId, userId, groupId, state, freshsuccessOnly, endpoint, writeKey, limit', 'anonymousid'],
      // From the one table, as every other command says it (it said "the sessions query must be an object…", naming no command).
      ['anon-1', `${command} takes {"anonymousId": "anon-1"}, or nothing; its argument is "anon-1", not an object`, 'arg'],
    ];
    for (const [arg, message, where] of cases) expect(await ask({ id: 7, command, arg }), JSON.stringify(arg)).toEqual({ id: 7, ok: false, error: { message, where } });
    expect(await ask({ id: 8, command, arg: { state: 'open', limit: 5, freshsuccessOnly: true, endpoint: '/v1/track' } })).toMatchObject({ id: 8, ok: true });
    expect(await ask({ id: 9, command })).toMatchObject({ id: 9, ok: true });
  });

  // GET /api/sessions?usrId=… said did you mean "userId"?, the commands only listed the filters.
  it.each(['sessions.list', 'sessions.lanes', 'sessions.totals'])('%s names the filter meant by a misspelt one, in the words GET /api/sessions uses', async (command) => {
    const use = 'use anonymousId, userId, groupId, state, freshsuccessOnly, endpoint, writeKey, limit';
    expect(await ask({ id: 11, command, arg: { usrId: 'u-1' } })).toEqual({ id: 11, ok: false, error: { message: `unknown filter "usrId" (did you mean "userId"?); ${use}`, where: 'usrId' } });
    expect(await ask({ id: 12, command, arg: { state: 'open', freshsucessOnly: true } })).toEqual({ id: 12, ok: false, error: { message: `unknown filter "freshsucessOnly" (did you mean "freshsuccessOnly"?); ${use}`, where: 'freshsucessOnly' } });
    // Nothing near: the list alone, as before.
    expect(await ask({ id: 13, command, arg: { colour: 'red' } })).toEqual({ id: 13, ok: false, error: { message: `unknown filter "colour"; ${use}`, where: 'colour' } });
    const http = await fetch(`${t.engine.url}/api/sessions?usrId=u-1`);
    expect([http.status, await http.json()]).toEqual([400, { error: `unknown filter "usrId" (did you mean "userId"?); ${use}` }]);
  });

  it('sessions.get checks the query beside its id', async () => {
    expect(await ask({ id: 1, command: 'sessions.get', arg: { id: 'anon-1#1', endpoint: 5 } })).toEqual({ id: 1, ok: false, error: { message: 'endpoint must be text, not 5', where: 'endpoint' } });
    // Its list of what it takes names the id too (it listed the filters only).
    expect(await ask({ id: 3, command: 'sessions.get', arg: { id: 'anon-1#1', limt: 5 } })).toEqual({ id: 3, ok: false, error: { message: 'unknown filter "limt" (did you mean "limit"?); use id, anonymousId, userId, groupId, state, freshsuccessOnly, endpoint, writeKey, limit', where: 'limt' } });
    expect(await ask({ id: 2, command: 'sessions.get', arg: { id: 'anon-1#1', writeKey: 'wk' } })).toEqual({ id: 2, ok: true, result: null });
  });
});

describe('users.deleteStarting called without the id it needs', () => {
  it('says which argument is missing, and how to give it', async () => {
    const needs = 'users.deleteStarting needs the id of the starting user to delete, as {"id": "…"}';
    expect(await ask({ id: 1, command: 'users.deleteStarting' })).toEqual({ id: 1, ok: false, error: { message: `${needs}; it was sent without an argument`, where: 'id' } });
    expect(await ask({ id: 2, command: 'users.deleteStarting', arg: {} })).toEqual({ id: 2, ok: false, error: { message: `${needs}; its argument has no "id"`, where: 'id' } });
    expect(await ask({ id: 3, command: 'users.deleteStarting', arg: { id: 5 } })).toEqual({ id: 3, ok: false, error: { message: `${needs}; its "id" is 5, not text`, where: 'id' } });
    expect(await ask({ id: 4, command: 'users.deleteStarting', arg: 'u1' })).toEqual({ id: 4, ok: false, error: { message: `${needs}; its argument is "u1", not an object`, where: 'id' } });
    expect(await ask({ id: 5, command: 'users.deleteStarting', arg: { id: 'nope' } })).toEqual({ id: 5, ok: false, error: { message: 'no user with id "nope" in the starting directory', where: 'id' } });
  });
});

describe('a frame nested deeper than any message may be', () => {
  // JSON.parse takes any depth, but a command that checks or writes its argument recursed over it:
  // sender.send, users.saveStarting, sessions.saveSettings and clock.act answered "Maximum call
  // stack size exceeded", saying neither what nor where.
  it('is refused before any command runs, saying how deep it is and the limit', async () => {
    const N = 20_000;
    const deep = '['.repeat(N) + ']'.repeat(N);
    for (const [command, arg, depth] of [
      ['sender.send', `{"target":{"kind":"local"},"message":{"type":"track","event":"e","userId":"u","properties":{"x":${deep}}}}`, '20,004'],
      ['users.saveStarting', `{"id":"deep","email":"a@b","properties":{"x":${deep}}}`, '20,003'],
      ['clock.act', `{"action":"set","to":${deep}}`, '20,002'],
    ]) {
      expect(await ask(`{"id":1,"command":"${command}","arg":${arg}}`), command).toEqual({
        id: 1,
        ok: false,
        error: { message: `the frame nests objects and arrays ${depth} levels deep; a command's frame may nest at most 260 (a message inside it 256)`, where: 'frame' },
      });
    }
    // The composer sends its text as messageJson, a string: checked as the message it holds.
    const text = `{"type":"track","event":"e","userId":"u","properties":{"x":${deep}}}`;
    const tooDeep = (what: string) => `${what} nests objects and arrays 20,002 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)`;
    expect(await ask({ id: 3, command: 'sender.send', arg: { target: { kind: 'local' }, message: {}, messageJson: text } })).toEqual({ id: 3, ok: false, error: { message: tooDeep('messageJson') } });
    expect(await ask({ id: 4, command: 'drafts.save', arg: { name: 'deep', profile: 'segment', savedAt: '2026-01-01T00:00:00.000Z', message: {}, messageJson: text } })).toEqual({ id: 4, ok: false, error: { message: tooDeep('draft.messageJson') } });
    // A message of 256 levels still goes through (frame, arg, message: three more).
    const ok256 = '['.repeat(254) + ']'.repeat(254);
    expect(await ask(`{"id":2,"command":"drafts.save","arg":{"name":"deep-ok","profile":"segment","savedAt":"2026-01-01T00:00:00.000Z","message":{"type":"track","event":"e","properties":{"x":${ok256}}}}}`)).toMatchObject({ id: 2, ok: true });
  });
});

describe('a frame that is not JSON', () => {
  it('is named where it went wrong, as the receiver names a body (it gave JSON.parse\'s words, the character as it is)', async () => {
    expect(await ask('{"id": 1, "command": "clock.get",\u00a0}')).toEqual({
      id: 0,
      ok: false,
      error: {
        message:
          'the frame is not valid JSON at line 1, column 34 (position 33): expected a double-quoted property name, found "\\u00a0" (a no-break space: JSON takes only plain spaces, tabs and line breaks between its parts; text pasted from a web page, a chat or a word processor carries such spaces), near …`mmand": "clock.get",\\u00a0}`',
        where: 'frame',
      },
    });
  });
});

describe('messages.import given an argument that is not an object', () => {
  it('says what it takes, naming what it got (it said "Cannot use \'in\' operator to search for \'bytes\' in x")', async () => {
    for (const [arg, shown] of [['x', '"x"'], [1, '1'], [true, 'true']] as const) {
      const answer = await ask({ id: 7, command: 'messages.import', arg });
      expect(answer).toMatchObject({ id: 7, ok: false, error: { where: 'arg' } });
      expect((answer.error as { message: string }).message).toBe(`messages.import takes {"ndjson": "…"}, {"bytes": …} or {"base64": "…"}; its argument is ${shown}, not an object`);
    }
  });
});

describe('every command given an argument of the wrong shape', () => {
  // Each command takes an object, or nothing. A text, a number, a boolean or a list was taken in
  // as it came: `messages.page "x"` and `matching.list 1` answered as if nothing was sent,
  // `users.list []` said "sort must be…", `users.saveStarting []` "the user needs an id". Every
  // command in COMMAND_NAMES is asked here, so one added later without a check fails this test.
  /** Commands that take nothing: they answer nothing, null and {} alike, and refuse anything else. */
  const VOID = new Set([
    'engine.info', 'messages.list', 'messages.clear', 'messages.export', 'webhooks.list', 'connect.activity', 'sender.deliveries', 'secrets.status', 'drafts.list',
    'scenarios.examples', 'scenarios.progress', 'scenarios.setAside', 'scenarios.restore', 'clock.get', 'sessions.settings', 'matching.status', 'matching.duplicates',
    'users.starting', 'users.clear', 'workspace.get', 'forward.status',
  ]);
  /** Commands whose own words for it are tested above. */
  const OWN: Record<string, (shown: string) => { message: string; where: string }> = {
    'webhooks.delete': (shown) => ({ message: `webhooks.delete needs the name of the webhook to delete, as {"name": "…"}; its argument is ${shown}, not an object`, where: 'webhook.name' }),
    'drafts.delete': (shown) => ({ message: `drafts.delete needs the name of the draft to delete, as {"name": "…"}; its argument is ${shown}, not an object`, where: 'name' }),
    'users.deleteStarting': (shown) => ({ message: `users.deleteStarting needs the id of the starting user to delete, as {"id": "…"}; its argument is ${shown}, not an object`, where: 'id' }),
  };
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const wrong: [unknown, string][] = [['x', '"x"'], [12, '12'], [true, 'true'], [[], '[]'], [[{ seq: 1 }], '[{"seq":1}]']];

  it.each(COMMAND_NAMES)('%s names itself, what it takes and what it got', async (command) => {
    for (const [arg, shown] of wrong) {
      const answer = await ask({ id: 11, command, arg });
      if (VOID.has(command)) {
        expect(answer, shown).toEqual({ id: 11, ok: false, error: { message: `${command} takes no argument; its argument is ${shown}`, where: 'arg' } });
      } else if (OWN[command]) {
        expect(answer, shown).toEqual({ id: 11, ok: false, error: OWN[command](shown) });
      } else {
        expect(answer, shown).toMatchObject({ id: 11, ok: false, error: { where: 'arg' } });
        expect((answer.error as { message: string }).message, shown).toMatch(new RegExp(`^${escape(command)} takes \\{.*\\}(, or nothing)?; its argument is ${escape(shown)}, not an object$`));
      }
    }
    // Nothing, null and {} are what a void command may be sent (a script may send {} with every frame).
    if (VOID.has(command)) for (const arg of [undefined, null, {}]) expect(await ask({ id: 12, command, arg }), JSON.stringify(arg)).toMatchObject({ id: 12, ok: true });
  });

  it('says what the command takes, e.g. {"seq": 12}', async () => {
    expect(await ask({ id: 1, command: 'messages.page', arg: 'x' })).toEqual({ id: 1, ok: false, error: { message: 'messages.page takes {"afterSeq": 12, "limit": 100}, or nothing; its argument is "x", not an object', where: 'arg' } });
    expect(await ask({ id: 2, command: 'matching.list', arg: 1 })).toEqual({ id: 2, ok: false, error: { message: 'matching.list takes {"userId": "…", "limit": 100}, or nothing; its argument is 1, not an object', where: 'arg' } });
    expect(await ask({ id: 3, command: 'users.list', arg: [] })).toEqual({ id: 3, ok: false, error: { message: 'users.list takes {"q": "…", "sort": "id", "limit": 100}, or nothing; its argument is [], not an object', where: 'arg' } });
    expect(await ask({ id: 4, command: 'users.saveStarting', arg: [] })).toEqual({ id: 4, ok: false, error: { message: 'users.saveStarting takes {"id": "…", "email": "…"}; its argument is [], not an object', where: 'arg' } });
    expect(await ask({ id: 5, command: 'messages.get', arg: '12' })).toEqual({ id: 5, ok: false, error: { message: 'messages.get takes {"seq": 12}; its argument is "12", not an object', where: 'arg' } });
    // A long argument is cut.
    const long = 'y'.repeat(200);
    expect(await ask({ id: 6, command: 'messages.search', arg: long })).toEqual({ id: 6, ok: false, error: { message: `messages.search takes {"text": "…"}; its argument is "${'y'.repeat(78)}…, not an object`, where: 'arg' } });
    // A void command given an object with something in it is refused: messages.clear {"before": 120} emptied the whole log.
    expect(await ask({ id: 7, command: 'messages.clear', arg: { before: 120 } })).toEqual({ id: 7, ok: false, error: { message: 'messages.clear takes no argument; its argument is {"before":120}', where: 'arg' } });
  });
});

describe('a known field of the wrong type', () => {
  // Read as its default, or as truthy: users.import {"replace": "no"} replaced the whole starting
  // directory, webhooks.save {"rejectInvalid": "yes"} saved a webhook that accepts unsigned
  // requests, messages.replay {"freshMessageIds": "no"} sent fresh ids, scenarios.start
  // {"clearFirst": "yes"} played over the log it meant to empty.
  it.each([
    ['users.import', { text: 'id,email\nu1,a@b.c', replace: 'no' }, 'replace must be true or false, not "no"', 'replace'],
    ['users.import', { text: 'id,email\nu1,a@b.c', mapping: 5 }, 'mapping must be an object, not 5', 'mapping'],
    ['users.saveStarting', { id: 'u1', email: 'a@b.c', properties: [1] }, 'properties must be an object, not [1]', 'user.properties'],
    ['webhooks.save', { name: 'typed', rejectInvalid: 'yes' }, 'rejectInvalid must be true or false, not "yes"', 'webhook.rejectInvalid'],
    ['webhooks.save', { name: 'typed', keepSecret: 1 }, 'keepSecret must be true or false, not 1', 'webhook.keepSecret'],
    ['webhooks.save', { name: 'typed', keepRejectInvalid: 'true' }, 'keepRejectInvalid must be true or false, not "true"', 'webhook.keepRejectInvalid'],
    ['messages.replay', { seqs: [1], target: { kind: 'local' }, freshMessageIds: 'no' }, 'freshMessageIds must be true or false, not "no"', 'freshMessageIds'],
    ['messages.toScenario', { seqs: [1], name: 5 }, 'name must be text, not 5', 'name'],
    ['sender.send', { target: { kind: 'local' }, message: { type: 'track', event: 'e', userId: 'u' }, freshIdentities: 'yes' }, 'freshIdentities must be true or false, not "yes"', 'freshIdentities'],
    ['sender.send', { target: { kind: 'local' }, message: { type: 'track', event: 'e', userId: 'u' }, freshMessageIds: 0 }, 'freshMessageIds must be true or false, not 0', 'freshMessageIds'],
    ['scenarios.check', { text: 'name: x\n', file: 5 }, 'file must be text, not 5', 'file'],
    ['scenarios.start', { text: 'name: x\n', clearFirst: 'yes' }, 'clearFirst must be true or false, not "yes"', 'clearFirst'],
    ['scenarios.start', { text: 'name: x\n', paused: 1 }, 'paused must be true or false, not 1', 'paused'],
    ['scenarios.start', { text: 'name: x\n', delayMs: '250' }, 'delayMs must be a number of milliseconds, 0 or more, not "250"', 'delayMs'],
    ['scenarios.control', { action: 'stop', delayMs: -1 }, 'delayMs must be a number of milliseconds, 0 or more, not -1', 'delayMs'],
  ])('%s %j is refused, naming the field and what it got', async (command, arg, message, where) => {
    expect(await ask({ id: 21, command, arg })).toEqual({ id: 21, ok: false, error: { message, where } });
  });

  it('nothing is changed by a refused users.import or webhooks.save', async () => {
    expect(await ask({ id: 1, command: 'users.saveStarting', arg: { id: 'kept', email: 'k@b.c', properties: {} } })).toMatchObject({ ok: true });
    expect(await ask({ id: 2, command: 'users.import', arg: { text: 'id,email\nu9,z@b.c', replace: 'false' } })).toMatchObject({ ok: false });
    expect(await ask({ id: 3, command: 'users.starting' })).toMatchObject({ ok: true, result: expect.arrayContaining([expect.objectContaining({ id: 'kept' })]) });
    expect(((await ask({ id: 4, command: 'users.starting' })).result as { id: string }[]).some((u) => u.id === 'u9')).toBe(false);
    expect(await ask({ id: 5, command: 'webhooks.save', arg: { name: 'typed', rejectInvalid: 'yes' } })).toMatchObject({ ok: false });
    expect(((await ask({ id: 6, command: 'webhooks.list' })).result as { name: string }[]).some((w) => w.name === 'typed')).toBe(false);
  });
});

describe('paging and query numbers: null, negative, fractional, huge, text', () => {
  // {"afterSeq": null} was read as 0 (from the start) and the other refusals did not say what
  // they got ("limit must be a positive integer").
  it.each([
    ['messages.page', { afterSeq: null }, 'afterSeq must be a whole number, 0 or more (0: from the start), not null', 'afterSeq'],
    ['messages.page', { afterSeq: -1 }, 'afterSeq must be a whole number, 0 or more (0: from the start), not -1', 'afterSeq'],
    ['messages.page', { afterSeq: '2' }, 'afterSeq must be a whole number, 0 or more (0: from the start), not "2"', 'afterSeq'],
    ['messages.page', { limit: null }, 'limit must be a positive whole number, not null', 'limit'],
    ['messages.page', { limit: -5 }, 'limit must be a positive whole number, not -5', 'limit'],
    ['messages.page', { limit: 1.5 }, 'limit must be a positive whole number, not 1.5', 'limit'],
    ['messages.page', { limit: 1e300 }, 'limit must be a positive whole number, not 1e+300', 'limit'],
    ['messages.page', { limit: '10' }, 'limit must be a positive whole number, not "10"', 'limit'],
    ['messages.page', { beforeSeq: null }, 'beforeSeq must be a positive whole number, not null', 'beforeSeq'],
    ['messages.page', { last: 0 }, 'last must be a positive whole number, not 0', 'last'],
    ['matching.list', { afterSeq: null }, 'afterSeq must be a whole number, 0 or more (0: from the start), not null', 'afterSeq'],
    ['matching.decisions', { limit: '5' }, 'limit must be a positive whole number, not "5"', 'limit'],
    ['matching.list', { seq: 0 }, 'seq must be a positive whole number, not 0', 'seq'],
    ['matching.list', { conflict: 'yes' }, 'conflict must be true or false, not "yes"', 'conflict'],
    ['users.list', { limit: null }, 'limit must be a positive whole number, not null', 'limit'],
  ])('%s %j is refused, naming the field and what it got', async (command, arg, message, where) => {
    expect(await ask({ id: 31, command, arg })).toEqual({ id: 31, ok: false, error: { message, where } });
  });

  it('afterSeq 0 is from the start; a page after a seq starts after it', async () => {
    for (const i of [1, 2, 3]) expect((await fetch(`${t.engine.url}/v1/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'pager', event: `P${i}` }) })).status).toBe(200);
    const all = (await ask({ id: 32, command: 'messages.page', arg: { afterSeq: 0 } })).result as { total: number; firstSeq: number; lastSeq: number };
    expect(all.firstSeq).toBe(1);
    const page = (await ask({ id: 33, command: 'messages.page', arg: { afterSeq: all.lastSeq - 1, limit: 5 } })).result as { firstSeq: number };
    expect(page.firstSeq).toBe(all.lastSeq);
  });
});

describe('a field the command does not take', () => {
  // Ignored without a word: messages.page {"limt": 10} answered every row, users.list
  // {"sortt": "email"} the default order, matching.list {"userid": "u1"} every decision.
  it.each([
    ['messages.page', { limt: 10 }, 'messages.page has no field "limt"; it takes afterSeq, beforeSeq, last, limit', 'limt'],
    ['users.list', { sortt: 'email' }, 'users.list has no field "sortt"; it takes q, sort, descending, limit', 'sortt'],
    ['matching.list', { userid: 'u1' }, 'matching.list has no field "userid"; it takes outcome, userId, involving, seq, carried, afterSeq, conflict, limit', 'userid'],
    ['messages.get', { seq: 1, sq: 2 }, 'messages.get has no field "sq"; it takes seq', 'sq'],
    ['scenarios.start', { text: 'name: x\n', file: 'x.scenario.yaml', clearfirst: true }, 'scenarios.start has no field "clearfirst"; it takes text, file, path, paused, delayMs, clearFirst', 'clearfirst'],
    ['messages.replay', { seqs: [1], target: { kind: 'local' }, freshMessageId: false }, 'messages.replay has no field "freshMessageId"; it takes seqs, target, freshMessageIds, timing', 'freshMessageId'],
    ['users.import', { text: 'id,email\nu1,a@b.c', replce: true }, 'users.import has no field "replce"; it takes text, mapping, replace', 'replce'],
    ['webhooks.save', { name: 'typo', rejectinvalid: true }, 'webhooks.save has no field "rejectinvalid"; it takes name, secret, rejectInvalid, keepSecret, keepRejectInvalid, expect', 'rejectinvalid'],
  ])('%s %j is refused, naming the field and those it takes', async (command, arg, message, where) => {
    expect(await ask({ id: 41, command, arg })).toEqual({ id: 41, ok: false, error: { message, where } });
  });

  it('"__proto__" and "constructor" are fields like any other, refused by name; nothing is changed', async () => {
    expect(await ask('{"id":42,"command":"messages.page","arg":{"__proto__":{"limit":1}}}')).toEqual({ id: 42, ok: false, error: { message: 'messages.page has no field "__proto__"; it takes afterSeq, beforeSeq, last, limit', where: '__proto__' } });
    expect(await ask({ id: 43, command: 'users.list', arg: { constructor: 1 } })).toEqual({ id: 43, ok: false, error: { message: 'users.list has no field "constructor"; it takes q, sort, descending, limit', where: 'constructor' } });
    expect(await ask({ id: 44, command: 'webhooks.save', arg: { name: 'typo', rejectinvalid: true } })).toMatchObject({ ok: false });
    expect(((await ask({ id: 45, command: 'webhooks.list' })).result as { name: string }[]).some((w) => w.name === 'typo')).toBe(false);
  });
});

describe('lookups that take lists', () => {
  // An entry that is no message number (or no text, for messageIds) was answered null, as a
  // number that names no message is: a client could not tell its mistake from an answer.
  it.each([
    ['messages.seqsOf', { messageIds: ['a', 5] }, 'messageIds[1] must be text, not 5', 'messageIds[1]'],
    ['messages.seqsOf', { messageIds: 'a' }, 'messageIds must be a list of texts, such as ["…"], not "a"', 'messageIds'],
    ['matching.outcomes', { seqs: [1, '2'] }, 'seqs[1] must be a message number (a whole number, 1 or more), not "2"', 'seqs[1]'],
    ['matching.outcomes', { seqs: [null] }, 'seqs[0] must be a message number (a whole number, 1 or more), not null', 'seqs[0]'],
    ['matching.outcomes', {}, 'seqs must be a list of message numbers, such as [12, 13]; the argument has no "seqs"', 'seqs'],
    ['messages.eventTimes', { seqs: [1, 2.5] }, 'seqs[1] must be a message number (a whole number, 1 or more), not 2.5', 'seqs[1]'],
    ['forward.outcomes', { seqs: [0] }, 'seqs[0] must be a message number (a whole number, 1 or more), not 0', 'seqs[0]'],
    ['messages.replay', { seqs: [1, 'x'], target: { kind: 'local' } }, 'seqs[1] must be a message number (a whole number, 1 or more), not "x"', 'seqs[1]'],
    ['messages.toScenario', { seqs: [] }, 'seqs must be a list of 1 to 5,000 message numbers, not []', 'seqs'],
  ])('%s %j is refused, naming the entry', async (command, arg, message, where) => {
    expect(await ask({ id: 51, command, arg })).toEqual({ id: 51, ok: false, error: { message, where } });
  });

  it('a list longer than the command takes says how long it is', async () => {
    expect(await ask({ id: 54, command: 'messages.eventTimes', arg: { seqs: Array(2001).fill(1) } })).toEqual({ id: 54, ok: false, error: { message: 'seqs holds 2,001 entries; at most 2,000 at once', where: 'seqs' } });
  });

  it('a number that names no message is still answered null', async () => {
    expect(await ask({ id: 52, command: 'matching.outcomes', arg: { seqs: [999999] } })).toEqual({ id: 52, ok: true, result: [null] });
    expect(await ask({ id: 53, command: 'messages.seqsOf', arg: { messageIds: ['never-sent'] } })).toEqual({ id: 53, ok: true, result: [null] });
  });
});

describe('a field the command does not take, where the command writes something', () => {
  // Ignored without a word: sender.send {"time": 5} sent one copy, users.saveStarting
  // {"emial": …} saved the user without the email meant, clock.act {"action":"run","sped":600}
  // ran at the old speed. Refused by name, before anything is sent or saved.
  it.each([
    ['sender.send', { target: { kind: 'local' }, message: { type: 'track', event: 'typo', userId: 'u' }, time: 5 }, 'sender.send has no field "time"; it takes target, message, messageJson, times, intervalMs, freshMessageIds, freshIdentities', 'time'],
    ['drafts.save', { name: 'typo', profile: 'segment', message: {}, savedAt: '2026-01-01T00:00:00.000Z', mesage: {} }, 'drafts.save has no field "mesage"; it takes name, profile, event, message, messageJson, savedAt', 'mesage'],
    ['users.saveStarting', { id: 'typo', username: 'ty', emial: 'ty@example.com' }, 'users.saveStarting has no field "emial"; it takes id, username, email, properties, propertiesJson', 'emial'],
    ['workspace.save', { sources: [], source: [] }, 'workspace.save has no field "source"; it takes sources', 'source'],
    ['clock.act', { action: 'run', sped: 600 }, 'the "run" action takes speed, not "sped"', 'sped'],
    ['clock.act', { action: 'pause', ms: 60000 }, 'the "pause" action takes no other field, not "ms"', 'ms'],
  ])('%s %j is refused, naming the field', async (command, arg, message, where) => {
    expect(await ask({ id: 61, command, arg })).toEqual({ id: 61, ok: false, error: { message, where } });
  });

  it('"__proto__" as a field of a clock action is named as any other', async () => {
    expect(await ask('{"id":67,"command":"clock.act","arg":{"action":"set","to":"2026-01-01T00:00:00Z","__proto__":{"to":1}}}')).toEqual({ id: 67, ok: false, error: { message: 'the "set" action takes to, not "__proto__"', where: '__proto__' } });
  });

  it('nothing was sent, saved or changed by them; POST /api/clock names such a field too', async () => {
    expect(((await ask({ id: 62, command: 'sender.deliveries' })).result as { message?: { event?: string } }[]).some((d) => JSON.stringify(d).includes('"typo"'))).toBe(false);
    expect(((await ask({ id: 63, command: 'drafts.list' })).result as { drafts: { name: string }[] }).drafts.some((d) => d.name === 'typo')).toBe(false);
    expect(((await ask({ id: 64, command: 'users.starting' })).result as { id: string }[]).some((u) => u.id === 'typo')).toBe(false);
    expect(await ask({ id: 65, command: 'clock.get' })).toMatchObject({ ok: true, result: { mode: 'live' } });
    const res = await fetch(`${t.engine.url}/api/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"advance","ms":1000,"to":"2026-01-01T00:00:00Z"}' });
    expect([res.status, await res.json()]).toEqual([400, { error: 'the "advance" action takes ms, not "to"', where: 'to' }]);
    expect(await ask({ id: 66, command: 'clock.get' })).toMatchObject({ ok: true, result: { mode: 'live' } });
  });
});

describe('a name to delete that names nothing, however long', () => {
  // The answer quoted the whole name: 100,000 characters sent, 100,000 characters back.
  it.each([
    ['webhooks.delete', { name: 'w'.repeat(100_000) }, `no webhook named "${'w'.repeat(78)}…`],
    ['drafts.delete', { name: 'd'.repeat(100_000) }, `draft "${'d'.repeat(78)}… does not exist`],
    ['users.deleteStarting', { id: 'u'.repeat(100_000) }, `no user with id "${'u'.repeat(78)}… in the starting directory`],
  ])('%s is answered with the name cut after 80 characters', async (command, arg, message) => {
    const answer = await ask({ id: 71, command, arg });
    expect(answer).toMatchObject({ id: 71, ok: false });
    expect((answer.error as { message: string }).message).toBe(message);
  });
});

describe('sender.send and drafts.save name the field in where, as the other commands do', () => {
  // Their errors said the field only at the start of the message ("target.url: …"); a target
  // field of the wrong type answered "target.url?.trim is not a function"; times "5" said "got 5".
  const message = { type: 'track', event: 'never-sent', userId: 'u' };
  it.each([
    ['sender.send', { target: { kind: 'webhook', url: 5 }, message }, 'target.url: expected text, got 5', 'target.url'],
    ['sender.send', { target: { kind: 'custom', host: ['https://x.example'] }, message }, 'target.host: expected text, got ["https://x.example"]', 'target.host'],
    ['sender.send', { target: { kind: 'segment', region: 'us', writeKey: 5 }, message }, 'target.writeKey: expected text, got 5', 'target.writeKey'],
    ['sender.send', { target: { kind: 'local', asSource: {} }, message }, 'target.asSource: expected text, got {}', 'target.asSource'],
    ['sender.send', { target: { kind: 'nope' }, message }, 'target.kind: expected local, segment, custom or webhook, got "nope"', 'target.kind'],
    ['sender.send', { target: { kind: 'local' }, message: [] }, 'message: expected a JSON object', 'message'],
    ['sender.send', { target: { kind: 'local' }, message, times: '5' }, 'times: expected a whole number from 1 to 1000, got "5"', 'times'],
    ['sender.send', { target: { kind: 'local' }, message, times: null }, 'times: expected a whole number from 1 to 1000, got null', 'times'],
    ['sender.send', { target: { kind: 'local' }, message, times: 2, intervalMs: null }, 'intervalMs: expected 0 to 3600000 ms, got null', 'intervalMs'],
    ['sender.send', { target: { kind: 'local' }, message, messageJson: null }, 'messageJson: expected the message as JSON text, got null', 'messageJson'],
    ['sender.send', { target: { kind: 'local' }, message, messageJson: { type: 'track' } }, 'messageJson: expected the message as JSON text, got {"type":"track"}', 'messageJson'],
    ['messages.replay', { seqs: [1], target: { kind: 'local' }, timing: null }, 'timing must be original or together, not null', 'timing'],
    ['messages.replay', { seqs: [1], target: { kind: 'local' }, timing: 'fast' }, 'timing must be original or together, not "fast"', 'timing'],
    ['drafts.save', { name: 5, profile: 'segment', message: {}, savedAt: '2026-01-01T00:00:00.000Z' }, 'draft.name: enter a name for the draft', 'draft.name'],
    ['drafts.save', { name: 'd', profile: 'nope', message: {}, savedAt: '2026-01-01T00:00:00.000Z' }, 'draft.profile: expected one of segment, provesource, produktly, freshsuccess, got "nope"', 'draft.profile'],
  ])('%s %j', async (command, arg, text, where) => {
    expect(await ask({ id: 81, command, arg })).toEqual({ id: 81, ok: false, error: { message: text, where } });
  });

  it('nothing was sent by them', async () => {
    expect(JSON.stringify((await ask({ id: 82, command: 'sender.deliveries' })).result)).not.toContain('never-sent');
  });
});

describe('a message number that is no message number', () => {
  // messages.get {"seq": -1} (or 0) answered null, as a seq that names no message does; 1.5, "1"
  // and null said "seq must be an integer", not what was sent. The lists are refused so already.
  const must = 'seq must be a message number (a whole number, 1 or more)';
  it.each(['messages.get', 'matching.get'])('%s refuses it, naming the field and what it got', async (command) => {
    for (const [seq, shown] of [[-1, '-1'], [0, '0'], [1.5, '1.5'], ['1', '"1"'], [null, 'null'], [true, 'true']] as const) {
      expect(await ask({ id: 91, command, arg: { seq } }), String(seq)).toEqual({ id: 91, ok: false, error: { message: `${must}, not ${shown}`, where: 'seq' } });
    }
    expect(await ask('{"id":92,"command":"' + command + '","arg":{"seq":1e400}}')).toEqual({ id: 92, ok: false, error: { message: `${must}, not a number too large to hold (it reads as Infinity)`, where: 'seq' } });
    expect(await ask({ id: 93, command, arg: {} })).toEqual({ id: 93, ok: false, error: { message: `${must}; the argument has no "seq"`, where: 'seq' } });
    expect(await ask({ id: 94, command })).toEqual({ id: 94, ok: false, error: { message: `${must}; the argument has no "seq"`, where: 'seq' } });
    // A number that names no message is still answered null.
    expect(await ask({ id: 95, command, arg: { seq: 999_999 } })).toEqual({ id: 95, ok: true, result: null });
  });
});

describe('every refusal shows what was sent', () => {
  // They named the field but not the value ("text must be a string"): a client could not see
  // which of its values was read, nor how it was read.
  it.each([
    ['messages.search', { text: 5 }, 'text must be the text to search for, not 5', 'text'],
    ['messages.search', { text: 'x', runs: 'yes' }, 'runs must be true or false, not "yes"', 'runs'],
    ['messages.import', { ndjson: 5 }, 'ndjson must be text (the lines of an NDJSON file), not 5', 'ndjson'],
    ['webhooks.save', { name: 'shown', secret: 5 }, 'secret must be text, not 5', 'webhook.secret'],
    ['secrets.setWriteKey', { writeKey: 5 }, 'writeKey must be text, or null to forget it, not 5', 'writeKey'],
    ['secrets.setWriteKey', {}, 'writeKey must be text, or null to forget it; the argument has no "writeKey"', 'writeKey'],
    ['scenarios.check', { text: 5 }, "text must be the scenario file's text, not 5", 'text'],
    ['scenarios.start', { text: ['name: x'] }, 'text must be the scenario file\'s text, not ["name: x"]', 'text'],
    ['scenarios.control', { action: 'stopp' }, 'action must be one of pause, resume, step, stop, not "stopp"', 'action'],
    ['scenarios.control', {}, 'action must be one of pause, resume, step, stop; the argument has no "action"', 'action'],
    ['sessions.get', { id: 5 }, 'id must be a session id such as "anon-1#1", not 5', 'id'],
    ['forward.setKey', { sourceId: 'nope', writeKey: 'k' }, 'sourceId must be the id of a source of the workspace, not "nope"', 'sourceId'],
    ['users.list', { sort: 'age' }, 'sort must be id, username, email or changes, not "age"', 'sort'],
    ['users.list', { q: 5 }, 'q must be text, not 5', 'q'],
    ['users.list', { descending: 'yes' }, 'descending must be true or false, not "yes"', 'descending'],
    ['users.previewImport', { text: 5 }, "text must be the users file's text, not 5", 'text'],
    ['users.import', { text: null }, "text must be the users file's text, not null", 'text'],
    ['users.export', { format: 'xml' }, 'format must be json or csv, not "xml"', 'format'],
    ['users.export', { format: 'json', directory: 'begin' }, 'directory must be live (as matching left it) or starting (the users before any message), not "begin"', 'directory'],
    ['users.saveStarting', { id: 'shown', email: 5 }, 'email must be text, not 5', 'user.email'],
  ])('%s %j', async (command, arg, message, where) => {
    expect(await ask({ id: 96, command, arg })).toEqual({ id: 96, ok: false, error: { message, where } });
  });
});

describe('workspace.save: a field a source does not have', () => {
  // {"writekey": …} beside "writeKey" was dropped without a word: the source saved without what was meant.
  const source = { name: 'Typo', writeKey: 'wk_typo_1234567890', destinations: [] };
  it.each([
    [{ sources: [source, { ...source, writeKey: 'wk_other_1234567890', writekey: 'x' }] }, 'sources[1].writekey: a source has no field "writekey" (did you mean "writeKey"?); it takes id, name, kind, writeKey, writeKeyFingerprint, webhook, destinations, forward', 'sources[1].writekey'],
    [{ sources: [{ ...source, destination: ['freshsuccess'] }] }, 'sources[0].destination: a source has no field "destination" (did you mean "destinations"?); it takes id, name, kind, writeKey, writeKeyFingerprint, webhook, destinations, forward', 'sources[0].destination'],
    [{ sources: [{ ...source, forward: { to: 'us', writekey: 'k' } }] }, 'sources[0].forward.writekey: forward has no field "writekey" (did you mean "writeKey"?); it takes to, writeKey', 'sources[0].forward.writekey'],
  ])('%j is refused, naming the field by its path', async (arg, problem, where) => {
    expect(await ask({ id: 97, command: 'workspace.save', arg })).toEqual({ id: 97, ok: false, error: { message: `the workspace was not saved: ${problem}`, where } });
  });

  it('what workspace.get answers is saved back as it is (its fingerprints are the engine\'s own)', async () => {
    const saved = (await ask({ id: 98, command: 'workspace.save', arg: { sources: [source] } })) as { ok: boolean; result: { workspace: unknown } };
    expect(saved.ok).toBe(true);
    expect(JSON.stringify(saved.result.workspace)).toContain('localKeyFingerprint');
    expect(await ask({ id: 99, command: 'workspace.save', arg: saved.result.workspace })).toMatchObject({ ok: true, result: { workspace: saved.result.workspace } });
    expect(await ask({ id: 100, command: 'workspace.save', arg: { sources: [] } })).toMatchObject({ ok: true });
  });
});
