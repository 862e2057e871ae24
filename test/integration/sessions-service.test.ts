// The engine's simulation clock and sessions service, in-process over a real data dir and a clock
// the test moves (no engine, no HTTP): timeouts are announced once, in order, when the simulated
// clock passes them, whether it runs, jumps, steps or goes flat out; the clock and the timeout are
// on disk before they are taken; a hand-edited simulation.json is named, not silently reset.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CapturedMessage } from '../../src-shared/capture';
import type { ClockView } from '../../src-shared/sim-clock';
import type { SessionView } from '../../src-shared/sessions/view';
import { CommandError, SIMULATION_FILE, SessionsService } from '../../src-main/derived/sessions-service';
import { writeKeyFingerprint } from '../../src-main/store/write-key';
import { manualClock, type ManualClock } from './helpers/manual-clock';

const REAL0 = Date.parse('2025-03-01T10:00:00.000Z');
const T0 = Date.parse('2026-01-01T09:00:00.000Z');
const MIN = 60_000;
const DAY = 86_400_000;

let dir: string;
let clock: ManualClock;
let pushes: ClockView[];
let changed: { sessions: number; messages: number; anonymousIds: number }[];
let timedOut: SessionView[];
let warnings: string[];
let service: SessionsService;
let seq = 0;

const deps = () => ({
  realClock: clock,
  onClockChanged: (v: ClockView) => void pushes.push(v),
  onSessionsChanged: (size: { sessions: number; messages: number; anonymousIds: number }) => void changed.push(size),
  onTimedOut: (s: SessionView) => void timedOut.push(s),
  warn: (m: string) => void warnings.push(m),
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'eventbench-sessions-'));
  clock = manualClock(REAL0);
  pushes = [];
  changed = [];
  timedOut = [];
  warnings = [];
  seq = 0;
});

afterEach(async () => {
  await service?.close();
  rmSync(dir, { recursive: true, force: true });
});

const open = async () => (service = await SessionsService.open(dir, deps()));
const saved = () => JSON.parse(readFileSync(join(dir, SIMULATION_FILE), 'utf8'));
const ids = (xs: { id: string }[]) => xs.map((s) => s.id);

/** A capture as the feed gives it: received at `atMs` (simulated), on /v1/track unless told. */
function capture(anonymousId: string, atMs: number, extra: { type?: string; endpoint?: string; fingerprint?: string; event?: string; dropReasons?: string[] } = {}): CapturedMessage {
  const s = ++seq;
  const type = extra.type ?? 'track';
  const message = { type, ...(type === 'track' ? { event: extra.event ?? `e${s}` } : {}), ...(anonymousId ? { anonymousId } : {}), messageId: `m-${s}` };
  const origin = { kind: 'tracking', endpoint: extra.endpoint ?? '/v1/track', writeKeySource: extra.fingerprint ? 'basic' : 'none', ...(extra.fingerprint ? { writeKeyFingerprint: extra.fingerprint } : {}) };
  return { seq: s, requestId: `r-${s}`, receivedAt: new Date(atMs).toISOString(), origin, headers: {}, message, messageIdAssigned: false, dropReasons: extra.dropReasons ?? [], findings: [] } as unknown as CapturedMessage;
}

/** Opens the service with the clock paused at T0. */
async function pausedAtT0(): Promise<SessionsService> {
  await open();
  service.act({ action: 'set', to: T0 });
  service.act({ action: 'pause' });
  pushes = [];
  return service;
}

describe('SessionsService: the clock', () => {
  it('starts live with the default timeout, writes nothing until moved, and its simulated clock reads simulated time with real timers', async () => {
    await open();
    expect(service.now()).toBe(REAL0);
    expect(service.clockView()).toEqual({ mode: 'live', now: new Date(REAL0).toISOString(), nowMs: REAL0, offsetMs: 0, speed: 1 });
    expect(service.sessionSettings()).toEqual({ timeoutMs: 30 * MIN });
    expect(service.runningAtMax()).toBe(false);
    expect(existsSync(join(dir, SIMULATION_FILE))).toBe(false);
    expect(warnings).toEqual([]);

    service.act({ action: 'set', to: T0 });
    // A live clock that jumps runs on at 1× ahead of real time.
    expect(service.clockView()).toEqual({ mode: 'running', now: new Date(T0).toISOString(), nowMs: T0, offsetMs: T0 - REAL0, speed: 1 });
    expect(service.simulatedNowClock.now()).toBe(T0);
    let fired = 0;
    const h = service.simulatedNowClock.setTimeout(() => fired++, 1000);
    expect(clock.dueIn()).toContain(1000);
    clock.advance(1000);
    expect(fired).toBe(1);
    expect(service.simulatedNowClock.now()).toBe(T0 + 1000);
    const h2 = service.simulatedNowClock.setTimeout(() => fired++, 5);
    service.simulatedNowClock.clearTimeout(h2);
    clock.advance(10);
    expect(fired).toBe(1);
    void h;

    // The settings returned are a copy.
    const s = service.sessionSettings();
    s.timeoutMs = 5;
    expect(service.sessionSettings().timeoutMs).toBe(30 * MIN);
  });

  it('saves each move before taking it, answers with the clock view, and pushes it', async () => {
    await open();
    const view = service.act({ action: 'set', to: T0 });
    expect(view).toMatchObject({ mode: 'running', nowMs: T0 });
    expect(pushes.at(-1)).toEqual(view);
    expect(saved()).toEqual({ clock: { mode: 'running', anchorRealMs: REAL0, anchorSimMs: T0, speed: 1 }, sessions: { timeoutMs: 30 * MIN } });
    clock.advance(5000);
    expect(service.act({ action: 'pause' })).toMatchObject({ mode: 'paused', nowMs: T0 + 5000, offsetMs: T0 + 5000 - (REAL0 + 5000) });
    expect(saved().clock).toEqual({ mode: 'paused', anchorRealMs: REAL0 + 5000, anchorSimMs: T0 + 5000, speed: 1 });
    // Written in place (the same file, padded to its size), not a new file renamed over it each move.
    const ino = statSync(join(dir, SIMULATION_FILE)).ino;
    const size = statSync(join(dir, SIMULATION_FILE)).size;
    expect(size).toBeGreaterThanOrEqual(1024);
    service.act({ action: 'advance', ms: 1 });
    expect(statSync(join(dir, SIMULATION_FILE)).ino).toBe(ino);
    expect(statSync(join(dir, SIMULATION_FILE)).size).toBe(size);
    expect(saved().clock.anchorSimMs).toBe(T0 + 5001);
    expect(service.act({ action: 'live' })).toEqual({ mode: 'live', now: new Date(REAL0 + 5000).toISOString(), nowMs: REAL0 + 5000, offsetMs: 0, speed: 1 });
  });

  it('refuses a bad action, or a jump to no timeout, naming the field, and leaves the clock and file as they were', async () => {
    await pausedAtT0();
    const before = readFileSync(join(dir, SIMULATION_FILE), 'utf8');
    const refused = (arg: unknown) => {
      try {
        service.act(arg);
      } catch (e) {
        expect(e).toBeInstanceOf(CommandError);
        return { message: (e as Error).message, where: (e as CommandError).where };
      }
      throw new Error('not refused');
    };
    expect(refused({ action: 'fly' })).toMatchObject({ where: 'action' });
    expect(refused({ action: 'advance', ms: 'x' })).toMatchObject({ where: 'ms' });
    expect(refused({ action: 'nextTimeout' })).toEqual({ message: 'no open session is waiting to time out', where: 'action' });
    expect(readFileSync(join(dir, SIMULATION_FILE), 'utf8')).toBe(before);
    expect(service.now()).toBe(T0);
    expect(pushes).toEqual([]);
  });

  it('a move that cannot be saved is refused, and the clock stays where it was', async () => {
    await open();
    mkdirSync(join(dir, SIMULATION_FILE)); // the file's place taken: the write fails
    expect(() => service.act({ action: 'set', to: T0 })).toThrow(/^the clock or session timeout was not saved: simulation\.json could not be written/);
    expect(service.clockView().mode).toBe('live');
    expect(service.now()).toBe(REAL0);
    expect(pushes).toEqual([]);
    // A timeout that cannot be saved is refused as well.
    expect(() => service.saveSettings({ timeoutMs: 5 * MIN })).toThrow(/^the clock or session timeout was not saved/);
    expect(service.sessionSettings()).toEqual({ timeoutMs: 30 * MIN });
  });

  it('comes back where it was saved: a paused clock and the timeout', async () => {
    await pausedAtT0();
    service.saveSettings({ timeoutMs: 10 * MIN });
    await service.close();
    clock.advance(DAY);
    await open();
    expect(service.clockView()).toMatchObject({ mode: 'paused', nowMs: T0, speed: 1 });
    expect(service.sessionSettings()).toEqual({ timeoutMs: 10 * MIN });
    expect(warnings).toEqual([]);
    // The timeout read back is the one the sessions use.
    service.add([capture('a', T0)]);
    expect(service.clockView().nextTimeout).toBe(new Date(T0 + 10 * MIN).toISOString());
    // Nothing due at start is announced for the past: announcing starts at the saved moment.
    service.act({ action: 'advance', ms: 10 * MIN });
    expect(ids(timedOut)).toEqual(['a#1']);
  });
});

describe('SessionsService: timeouts on the simulated clock', () => {
  it('announces a timeout once, when the paused clock is moved past it, and pushes the next timeout as it moves', async () => {
    await pausedAtT0();
    service.add([capture('a', T0)]);
    // A message that opens a session moves the next timeout without the clock moving: pushed.
    expect(pushes.map((p) => p.nextTimeout)).toEqual([new Date(T0 + 30 * MIN).toISOString()]);
    service.act({ action: 'advance', ms: 12 * MIN });
    service.add([capture('a', T0 + 12 * MIN)]);
    expect(pushes.at(-1)?.nextTimeout).toBe(new Date(T0 + 42 * MIN).toISOString());
    const count = pushes.length;
    // A message that leaves the next timeout where it was pushes nothing.
    service.add([capture('b', T0 + 12 * MIN)]);
    expect(pushes).toHaveLength(count);

    service.act({ action: 'advance', ms: 30 * MIN - 1 });
    expect(timedOut).toEqual([]);
    service.act({ action: 'advance', ms: 1 });
    expect(timedOut.map((s) => [s.id, s.state, s.durationMs])).toEqual([
      ['a#1', 'timedOut', 12 * MIN],
      ['b#1', 'timedOut', 0],
    ]);
    expect(service.clockView().nextTimeout).toBeUndefined();
    expect(pushes.at(-1)?.nextTimeout).toBeUndefined();
    service.act({ action: 'advance', ms: DAY });
    expect(timedOut).toHaveLength(2);
    // A paused clock arms no timer.
    service.add([capture('c', T0 + DAY)]);
    clock.advance(200);
    expect(clock.pending()).toBe(0);
  });

  it('the clock set back re-opens sessions, and announces them again when it passes them again', async () => {
    await pausedAtT0();
    service.add([capture('a', T0)]);
    service.act({ action: 'advance', ms: 31 * MIN });
    expect(ids(timedOut)).toEqual(['a#1']);
    service.act({ action: 'set', to: T0 + 5 * MIN });
    expect(service.clockView().nextTimeout).toBe(new Date(T0 + 30 * MIN).toISOString());
    expect(ids(timedOut)).toEqual(['a#1']);
    service.act({ action: 'advance', ms: 25 * MIN });
    expect(ids(timedOut)).toEqual(['a#1', 'a#1']);
  });

  it('nextTimeout announces what is due now first, then jumps to the next one and announces it', async () => {
    await pausedAtT0();
    service.add([capture('a', T0), capture('b', T0 + 10 * MIN)]);
    // Sessions fed at a moment past their timeout (the clock set back before their receipt):
    const view = service.act({ action: 'nextTimeout' });
    expect(view).toMatchObject({ mode: 'paused', nowMs: T0 + 30 * MIN, nextTimeout: new Date(T0 + 40 * MIN).toISOString() });
    expect(ids(timedOut)).toEqual(['a#1']);
    service.act({ action: 'nextTimeout' });
    expect(ids(timedOut)).toEqual(['a#1', 'b#1']);
    expect(service.now()).toBe(T0 + 40 * MIN);
  });

  it('nextTimeout when a timer fires late (a busy event loop): what is due is announced first, and the jump goes to the one after', async () => {
    // The wall clock as the service reads it, running `lag` ms ahead of the timers it fires.
    let lag = 0;
    service = await SessionsService.open(dir, { ...deps(), realClock: { now: () => clock.now() + lag, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout } });
    service.act({ action: 'set', to: T0 });
    service.act({ action: 'run', speed: 1 });
    service.add([capture('a', T0), capture('b', T0 + 5 * MIN)]);
    lag = 31 * MIN; // a's timer has not fired yet, a's timeout is past
    // Without announcing a first, a's timeout (behind the clock) would be "next": no jump at all.
    const view = service.act({ action: 'nextTimeout' });
    expect(view).toMatchObject({ nowMs: T0 + 35 * MIN });
    expect(ids(timedOut)).toEqual(['a#1', 'b#1']);
  });

  it('a timeout the clock passed while its timer was late is announced before the clock is set back over it', async () => {
    let lag = 0;
    service = await SessionsService.open(dir, { ...deps(), realClock: { now: () => clock.now() + lag, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout } });
    service.act({ action: 'set', to: T0 });
    service.act({ action: 'run', speed: 1 });
    service.add([capture('a', T0)]);
    lag = 31 * MIN; // the clock stands past a's timeout; its timer has not fired yet
    service.act({ action: 'set', to: T0 + 5 * MIN });
    // The clock passed it: announced, then re-opened by the set back.
    expect(ids(timedOut)).toEqual(['a#1']);
    expect(service.clockView().nextTimeout).toBe(new Date(T0 + 30 * MIN).toISOString());
    service.act({ action: 'advance', ms: 25 * MIN });
    expect(ids(timedOut)).toEqual(['a#1', 'a#1']);
  });

  it('a running clock arms a real timer for the next timeout at its speed, and announces it when it fires', async () => {
    await pausedAtT0();
    service.add([capture('a', T0)]);
    service.act({ action: 'run', speed: 60 });
    expect(service.runningAtMax()).toBe(false);
    // 30 simulated minutes at 60×: 30 real seconds.
    expect(clock.dueIn()).toEqual([100, 30_000]); // the sessions-changed push, the timeout
    clock.advance(29_999);
    expect(timedOut).toEqual([]);
    const before = pushes.length;
    clock.advance(1);
    expect(ids(timedOut)).toEqual(['a#1']);
    expect(timedOut[0]).toMatchObject({ state: 'timedOut', timeoutAtMs: T0 + 30 * MIN });
    // The next timeout moved (to none): pushed.
    expect(pushes.length).toBe(before + 1);
    expect(pushes.at(-1)?.nextTimeout).toBeUndefined();
    expect(clock.pending()).toBe(0);
  });

  it('a timer fire that leaves the next timeout where it was pushes nothing more', async () => {
    await pausedAtT0();
    service.add([capture('a', T0)]);
    service.act({ action: 'run', speed: 1 });
    // A second's worth: the timer at 30 min; a message moving the deadline re-arms it.
    clock.advance(10 * MIN);
    service.add([capture('a', T0 + 10 * MIN)]);
    expect(clock.dueIn().filter((ms) => ms !== 100)).toEqual([30 * MIN]);
    const before = pushes.length;
    clock.advance(30 * MIN);
    expect(ids(timedOut)).toEqual(['a#1']);
    expect(pushes.length).toBe(before + 1);
  });

  it('rounds a fractional wait up, and re-checks at least daily when the timeout is further', async () => {
    await pausedAtT0();
    service.saveSettings({ timeoutMs: 1000 });
    service.add([capture('a', T0)]);
    service.act({ action: 'run', speed: 3 });
    // 1000 / 3 = 333.3 ms: armed at 334 (at 333 it would fire before the moment).
    expect(clock.dueIn().filter((ms) => ms !== 100)).toEqual([334]);
    clock.advance(333);
    expect(timedOut).toEqual([]);
    clock.advance(1);
    expect(ids(timedOut)).toEqual(['a#1']);

    service.saveSettings({ timeoutMs: 7 * DAY });
    service.act({ action: 'live' });
    service.add([capture('b', clock.now())]);
    expect(clock.dueIn().filter((ms) => ms !== 100)).toEqual([DAY]);
    clock.advance(DAY);
    expect(timedOut).toHaveLength(1);
    // Re-armed for the rest.
    expect(clock.dueIn().filter((ms) => ms !== 100)).toEqual([DAY]);
    clock.advance(6 * DAY);
    expect(ids(timedOut)).toEqual(['a#1', 'b#1']);
  });

  it('a live clock waits real time for a timeout (1×), however fast the clock ran before', async () => {
    await pausedAtT0();
    service.act({ action: 'run', speed: 600 });
    service.act({ action: 'live' });
    service.add([capture('a', clock.now())]);
    expect(clock.dueIn().filter((ms) => ms !== 100)).toEqual([30 * MIN]);
  });

  it('a timeout already past when its session arrives is not announced; a due one is, at once', async () => {
    await pausedAtT0();
    service.act({ action: 'run', speed: 1 });
    service.add([capture('old', T0 - 40 * MIN)]);
    expect(timedOut).toEqual([]);
    service.add([capture('due', T0 - 30 * MIN + 1)]);
    // Due in 1 ms of real time.
    expect(clock.dueIn().filter((ms) => ms !== 100)).toEqual([1]);
    clock.advance(1);
    expect(ids(timedOut)).toEqual(['due#1']);
  });
});

describe('SessionsService: max speed', () => {
  it('jumps from timeout to timeout, announcing each in order, then pauses there and saves it', async () => {
    await pausedAtT0();
    service.add([capture('a', T0), capture('b', T0 + 5 * MIN), capture('c', T0 + 50 * MIN)]);
    clock.advance(100);
    const view = service.act({ action: 'run', speed: 'max' });
    expect(view).toMatchObject({ mode: 'running', speed: 'max', nowMs: T0 });
    expect(service.runningAtMax()).toBe(true);
    // The jumps' next turn only: a clock at max arms no timer for the timeouts.
    expect(clock.dueIn()).toEqual([0]);
    expect(timedOut).toEqual([]); // the jumps are made on the next turns
    clock.advance(0);
    expect(ids(timedOut)).toEqual(['a#1', 'b#1', 'c#1']);
    expect(service.clockView()).toMatchObject({ mode: 'paused', nowMs: T0 + 80 * MIN, speed: 'max' });
    expect(service.runningAtMax()).toBe(false);
    expect(pushes.at(-1)).toMatchObject({ mode: 'paused', nowMs: T0 + 80 * MIN });
    expect(saved().clock).toEqual({ mode: 'paused', anchorRealMs: REAL0 + 100, anchorSimMs: T0 + 80 * MIN, speed: 'max' });
    expect(clock.pending()).toBe(0);
    // Paused at max, a move does not start the jumps again.
    service.add([capture('d', T0 + 80 * MIN)]);
    clock.advance(100);
    service.act({ action: 'advance', ms: MIN });
    expect(clock.pending()).toBe(0);
    expect(service.now()).toBe(T0 + 81 * MIN);
  });

  it('a timeout behind the clock is not jumped back to: the clock stays, and pauses', async () => {
    await pausedAtT0();
    service.act({ action: 'run', speed: 'max' });
    // A session whose timeout is due now arrives while max runs.
    service.add([capture('a', T0 - 30 * MIN)]);
    clock.advance(0);
    expect(service.clockView()).toMatchObject({ mode: 'paused', nowMs: T0 });
  });

  it('yields to other work every 500 jumps, pushing the clock each time', async () => {
    await pausedAtT0();
    // 1000 sessions a second apart: two turns of 500 jumps, then the pause.
    service.add(Array.from({ length: 1000 }, (_, i) => capture(`v${i}`, T0 + i * 1000)));
    pushes = [];
    service.act({ action: 'run', speed: 'max' });
    clock.advance(0);
    expect(timedOut).toHaveLength(1000);
    expect(timedOut[0].id).toBe('v0#1');
    expect(timedOut[999].id).toBe('v999#1');
    expect(pushes.map((p) => p.mode)).toEqual(['running', 'running', 'running', 'paused']);
    expect(pushes[1].nowMs).toBe(T0 + 30 * MIN + 499_000);
  });

  it('stops jumping once closed, or once the clock is moved off max', async () => {
    await pausedAtT0();
    service.add([capture('a', T0), capture('b', T0 + 5 * MIN)]);
    service.act({ action: 'run', speed: 'max' });
    service.act({ action: 'pause' });
    clock.advance(0);
    expect(timedOut).toEqual([]);
    expect(service.now()).toBe(T0);
    service.act({ action: 'run', speed: 'max' });
    service.act({ action: 'run', speed: 10 });
    clock.advance(0);
    expect(timedOut).toEqual([]);
    service.act({ action: 'run', speed: 'max' });
    await service.close();
    clock.advance(0);
    expect(timedOut).toEqual([]);
    // Closed: a late batch from the feed arms no timeout timer.
    service.act({ action: 'run', speed: 1 });
    service.add([capture('c', T0)]);
    expect(clock.dueIn().filter((ms) => ms !== 100)).toEqual([]);
  });

  it('a pause at the end that cannot be saved is said in the warnings; the clock pauses all the same', async () => {
    await pausedAtT0();
    service.add([capture('a', T0)]);
    service.act({ action: 'run', speed: 'max' });
    rmSync(join(dir, SIMULATION_FILE));
    mkdirSync(join(dir, SIMULATION_FILE));
    clock.advance(0);
    expect(ids(timedOut)).toEqual(['a#1']);
    expect(service.clockView()).toMatchObject({ mode: 'paused', nowMs: T0 + 30 * MIN });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/simulation\.json|clock/);
  });

  it('after a restart at max, resumeMax goes on from the saved start once the sessions are fed', async () => {
    await pausedAtT0();
    service.act({ action: 'run', speed: 'max' });
    await service.close();
    await open();
    expect(service.runningAtMax()).toBe(true);
    service.add([capture('a', T0), capture('b', T0 + MIN)]);
    clock.advance(0);
    expect(timedOut).toEqual([]); // nothing jumps until resumeMax
    service.resumeMax();
    clock.advance(0);
    expect(ids(timedOut)).toEqual(['a#1', 'b#1']);
    expect(service.clockView()).toMatchObject({ mode: 'paused', nowMs: T0 + 31 * MIN });
    // Not at max: resumeMax does nothing.
    service.add([capture('c', T0 + 31 * MIN)]);
    clock.advance(100);
    service.resumeMax();
    expect(clock.pending()).toBe(0);
    clock.advance(0);
    expect(service.now()).toBe(T0 + 31 * MIN);
  });
});

describe('SessionsService: the capture feed', () => {
  it('says the sessions changed once per 100 ms, after messages that have a session or a reset', async () => {
    await pausedAtT0();
    // Nothing with a session: a message without anonymousId or userId, a dropped one.
    service.add([capture('', T0), capture('x', T0, { dropReasons: ['duplicate'] })]);
    service.add([]);
    expect(clock.pending()).toBe(0);
    clock.advance(200);
    expect(changed).toEqual([]);
    expect(pushes).toEqual([]);

    service.add([capture('a', T0)]);
    service.add([capture('b', T0)]);
    expect(clock.dueIn()).toEqual([100]);
    clock.advance(99);
    expect(changed).toEqual([]);
    clock.advance(1);
    expect(changed).toEqual([{ sessions: 2, messages: 2, anonymousIds: 2 }]);
    service.add([capture('a', T0)]);
    clock.advance(100);
    expect(changed.at(-1)).toEqual({ sessions: 2, messages: 3, anonymousIds: 2 });

    service.reset();
    expect(service.modelFor().size).toEqual({ sessions: 0, messages: 0, anonymousIds: 0 });
    expect(service.clockView().nextTimeout).toBeUndefined();
    expect(pushes.at(-1)?.nextTimeout).toBeUndefined();
    clock.advance(100);
    expect(changed.at(-1)).toEqual({ sessions: 0, messages: 0, anonymousIds: 0 });
    // The reset's sessions are gone from the filtered models too, and new ones count.
    service.add([capture('c', T0)]);
    expect(service.modelFor({ endpoint: '/v1/track' }).size.sessions).toBe(1);
    expect(service.modelFor().size.sessions).toBe(1);
  });

  it('builds a model per message-level filter, kept until the next message, and keeps at most nine', async () => {
    await pausedAtT0();
    const fp = writeKeyFingerprint('wk');
    service.add([capture('a', T0, { endpoint: '/v1/batch', fingerprint: fp }), capture('b', T0, { type: 'page' }), capture('c', T0, { endpoint: '/v1/track' })]);
    const all = service.modelFor();
    expect(service.modelFor({})).toBe(all);
    expect(all.size.sessions).toBe(3);
    const fresh = service.modelFor({ freshsuccessOnly: true });
    expect(fresh).not.toBe(all);
    expect([...fresh.lanes.keys()].sort()).toEqual(['a', 'c']);
    expect(service.modelFor({ freshsuccessOnly: true })).toBe(fresh);
    expect([...service.modelFor({ endpoint: '/v1/batch' }).lanes.keys()]).toEqual(['a']);
    // A write key is matched by its fingerprint; the key itself is what the caller gives.
    expect([...service.modelFor({ writeKey: 'wk' }).lanes.keys()]).toEqual(['a']);
    expect([...service.modelFor({ writeKey: fp }).lanes.keys()]).toEqual(['a']);
    expect(service.modelFor({ writeKey: 'other' }).size.sessions).toBe(0);
    // Different filters are different models (the key holds all three).
    expect(service.modelFor({ freshsuccessOnly: true, endpoint: '/v1/track' })).not.toBe(fresh);
    const track = service.modelFor({ endpoint: '/v1/track' });
    expect([...track.lanes.keys()].sort()).toEqual(['b', 'c']);
    expect([...service.modelFor({ endpoint: '/v1/track', freshsuccessOnly: true }).lanes.keys()]).toEqual(['c']);
    expect(service.modelFor({ endpoint: '/v1/track', freshsuccessOnly: false })).toBe(track);
    expect(service.modelFor({ endpoint: '/v1/batch', writeKey: 'other' }).size.sessions).toBe(0);
    // The filtered models are built with the timeout in force.
    expect(fresh.settings.timeoutMs).toBe(30 * MIN);

    // A message with a session makes them again; one without leaves them.
    service.add([capture('', T0)]);
    expect(service.modelFor({ freshsuccessOnly: true })).toBe(fresh);
    service.add([capture('d', T0)]);
    const again = service.modelFor({ freshsuccessOnly: true });
    expect(again).not.toBe(fresh);
    expect([...again.lanes.keys()].sort()).toEqual(['a', 'c', 'd']);

    // Nine kept; the tenth starts over.
    const endpoints = ['/v1/e1', '/v1/e2', '/v1/e3', '/v1/e4', '/v1/e5', '/v1/e6', '/v1/e7', '/v1/e8'];
    const first = service.modelFor({ endpoint: endpoints[0] });
    for (const e of endpoints.slice(1)) service.modelFor({ endpoint: e });
    expect(service.modelFor({ freshsuccessOnly: true })).toBe(again); // nine: still kept
    expect(service.modelFor({ endpoint: endpoints[0] })).toBe(first);
    service.modelFor({ endpoint: '/v1/e9' }); // the tenth
    expect(service.modelFor({ endpoint: endpoints[0] })).not.toBe(first);
  });
});

describe('SessionsService: the session timeout', () => {
  it('is checked: an object with timeoutMs only, a whole number of ms from 1 second to 7 days', async () => {
    await open();
    const refused = (arg: unknown) => {
      try {
        service.saveSettings(arg);
      } catch (e) {
        expect(e).toBeInstanceOf(CommandError);
        return [(e as Error).message, (e as CommandError).where];
      }
      throw new Error('not refused');
    };
    expect(refused(null)).toEqual(['expected a JSON object such as {"timeoutMs":1800000}', 'body']);
    expect(refused([1])).toEqual(['expected a JSON object such as {"timeoutMs":1800000}', 'body']);
    expect(refused(5)).toEqual(['expected a JSON object such as {"timeoutMs":1800000}', 'body']);
    expect(refused({ timeoutMs: 60_000, speed: 1 })).toEqual(['unknown setting "speed"; the sessions settings are: timeoutMs', 'speed']);
    expect(refused({ timeoutMs: '60000' })).toEqual(['timeoutMs must be a whole number of milliseconds, not "60000"', 'timeoutMs']);
    expect(refused({ timeoutMs: 1000.5 })[0]).toBe('timeoutMs must be a whole number of milliseconds, not 1000.5');
    expect(refused({ timeoutMs: Infinity })[0]).toMatch(/^timeoutMs must be a whole number/);
    expect(refused({ timeoutMs: NaN })[0]).toMatch(/^timeoutMs must be a whole number/);
    expect(refused({ timeoutMs: 999 })).toEqual(['timeoutMs must be from 1000 (1 second) to 604800000 (7 days), not 999', 'timeoutMs']);
    expect(refused({ timeoutMs: 7 * DAY + 1 })[0]).toBe('timeoutMs must be from 1000 (1 second) to 604800000 (7 days), not 604800001');
    expect(existsSync(join(dir, SIMULATION_FILE))).toBe(false);
    // Nothing to change: answered, nothing written.
    expect(service.saveSettings({})).toEqual({ timeoutMs: 30 * MIN });
    expect(existsSync(join(dir, SIMULATION_FILE))).toBe(false);
    expect(service.saveSettings({ timeoutMs: 1000 })).toEqual({ timeoutMs: 1000 });
    expect(service.saveSettings({ timeoutMs: 7 * DAY })).toEqual({ timeoutMs: 7 * DAY });
    expect(saved()).toEqual({ clock: { mode: 'live', anchorRealMs: 0, anchorSimMs: 0, speed: 1 }, sessions: { timeoutMs: 7 * DAY } });
  });

  it('a new timeout re-derives the sessions and the filtered ones; what it puts in the past is not announced', async () => {
    await pausedAtT0();
    service.add([capture('a', T0), capture('a', T0 + 20 * MIN)]);
    const filtered = service.modelFor({ endpoint: '/v1/track' });
    service.act({ action: 'advance', ms: 25 * MIN });
    changed = [];
    service.saveSettings({ timeoutMs: 10 * MIN });
    expect(service.modelFor().size.sessions).toBe(2);
    expect(service.modelFor().settings.timeoutMs).toBe(10 * MIN);
    const now = service.modelFor({ endpoint: '/v1/track' });
    expect(now).not.toBe(filtered);
    expect(now.size.sessions).toBe(2);
    // a#1 timed out at T0+10, a#2 at T0+30: only the second is still to come.
    expect(service.clockView().nextTimeout).toBe(new Date(T0 + 30 * MIN).toISOString());
    expect(pushes.at(-1)?.nextTimeout).toBe(new Date(T0 + 30 * MIN).toISOString());
    expect(timedOut).toEqual([]);
    clock.advance(100);
    expect(changed).toEqual([{ sessions: 2, messages: 2, anonymousIds: 1 }]);
    service.act({ action: 'advance', ms: 5 * MIN });
    expect(ids(timedOut)).toEqual(['a#2']);
    // The clock on disk is kept with the timeout.
    expect(saved()).toEqual({ clock: { mode: 'paused', anchorRealMs: REAL0 + 100, anchorSimMs: T0 + 30 * MIN, speed: 1 }, sessions: { timeoutMs: 10 * MIN } });
  });
});

describe('SessionsService: simulation.json as a hand left it', () => {
  const write = (v: unknown) => writeFileSync(join(dir, SIMULATION_FILE), typeof v === 'string' ? v : JSON.stringify(v));
  const kept = () => readdirSync(dir).filter((f) => f.startsWith(`${SIMULATION_FILE}.damaged`));

  it('not an object: named, the defaults used, the file kept beside it', async () => {
    write([1, 2]);
    await open();
    expect(warnings).toEqual(['simulation.json: must be an object with "clock" and "sessions", not [1,2]; the clock is live and sessions time out after 30 minutes until they are saved again (the file as it was is kept as simulation.json.damaged)']);
    expect(kept()).toEqual(['simulation.json.damaged']);
    expect(readFileSync(join(dir, 'simulation.json.damaged'), 'utf8')).toBe('[\n  1,\n  2\n]\n');
    expect(service.clockView().mode).toBe('live');
    expect(service.sessionSettings()).toEqual({ timeoutMs: 30 * MIN });
  });

  it('when the file as it was cannot be kept beside it, the warning does not say it was', async () => {
    write({ sessions: 5 });
    // Every name a copy may take is taken by another text.
    for (let n = 1; n <= 100; n++) writeFileSync(join(dir, `${SIMULATION_FILE}.damaged${n === 1 ? '' : `-${n}`}`), `other ${n}`);
    await open();
    expect(warnings).toEqual(['simulation.json: "sessions" must be an object such as {"timeoutMs":1800000}, not 5; sessions time out after 30 minutes until the timeout is saved again']);
  });

  it('null, and a long text, are named too (cut to 40 characters)', async () => {
    write('null');
    await open();
    expect(warnings[0]).toMatch(/^simulation\.json: must be an object with "clock" and "sessions", not null;/);
    await service.close();
    warnings = [];
    write(JSON.stringify('x'.repeat(60)));
    await open();
    expect(warnings[0]).toContain(`not "${'x'.repeat(39)};`);
  });

  it('a key of its own: named, one or several, the rest read', async () => {
    write({ timeoutMs: 60_000, clock: { mode: 'paused', anchorRealMs: 1, anchorSimMs: T0, speed: 1 } });
    await open();
    expect(warnings).toEqual(['simulation.json: unknown key "timeoutMs": the file holds "clock" and "sessions" (the session timeout as "sessions": {"timeoutMs": …}); it is ignored (the file as it was is kept as simulation.json.damaged)']);
    expect(service.clockView()).toMatchObject({ mode: 'paused', nowMs: T0 });
    await service.close();
    warnings = [];
    write({ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, ['h'.repeat(50)]: 8, sessions: { timeoutMs: 60_000 } });
    await open();
    expect(warnings).toEqual([
      'simulation.json: unknown keys "a", "b", "c", "d", "e" and 3 more: the file holds "clock" and "sessions" (the session timeout as "sessions": {"timeoutMs": …}); they are ignored (the file as it was is kept as simulation.json.damaged-2)',
    ]);
    expect(service.sessionSettings()).toEqual({ timeoutMs: 60_000 });
    await service.close();
    warnings = [];
    write({ ['k'.repeat(50)]: 1, b: 2 });
    await open();
    expect(warnings[0]).toContain(`unknown keys "${'k'.repeat(40)}", "b": the file`);
    await service.close();
    warnings = [];
    write({ a: 1, b: 2, c: 3, d: 4, e: 5 });
    await open();
    expect(warnings[0]).toContain('unknown keys "a", "b", "c", "d", "e": the file');
  });

  it('a clock it cannot stand at: named, the clock live, the timeout read', async () => {
    write({ clock: { mode: 'paused', anchorRealMs: 0, anchorSimMs: 1e300, speed: 1 }, sessions: { timeoutMs: 120_000 } });
    await open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^simulation\.json: clock: anchorSimMs must be a moment .*; the clock is live until it is moved again \(the file as it was is kept as simulation\.json\.damaged\)$/);
    expect(service.clockView().mode).toBe('live');
    expect(service.sessionSettings()).toEqual({ timeoutMs: 120_000 });
  });

  it('a running clock is read back with the wall clock: its now where the time since took it', async () => {
    write({ clock: { mode: 'running', anchorRealMs: REAL0 - 1000, anchorSimMs: T0, speed: 10 }, sessions: { timeoutMs: 120_000 } });
    await open();
    expect(warnings).toEqual([]);
    expect(service.now()).toBe(T0 + 10_000);
    expect(kept()).toEqual([]);
    // A session timing out before the saved state's now at open is not announced.
    service.add([capture('a', T0 - 115_000)]);
    clock.advance(2000);
    expect(timedOut).toEqual([]);
  });

  it('"sessions" not an object, or a timeout out of range: named, 30 minutes used', async () => {
    write({ sessions: 5 });
    await open();
    expect(warnings).toEqual(['simulation.json: "sessions" must be an object such as {"timeoutMs":1800000}, not 5; sessions time out after 30 minutes until the timeout is saved again (the file as it was is kept as simulation.json.damaged)']);
    await service.close();
    warnings = [];
    write({ sessions: ['x'.repeat(60)] });
    await open();
    expect(warnings[0]).toContain(`not ["${'x'.repeat(38)}; sessions`);
    await service.close();
    warnings = [];
    write({ sessions: { timeoutMs: 10 } });
    await open();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^simulation\.json: sessions\.timeoutMs must be from 1000 \(1 second\) to 604800000 \(7 days\), not 10; sessions time out after 30 minutes until the timeout is saved again \(the file as it was is kept as simulation\.json\.damaged-3\)$/);
    expect(service.sessionSettings()).toEqual({ timeoutMs: 30 * MIN });
    await service.close();
    warnings = [];
    // No timeout in "sessions", no clock: nothing to say, the defaults.
    write({ sessions: {} });
    await open();
    expect(warnings).toEqual([]);
    expect(service.sessionSettings()).toEqual({ timeoutMs: 30 * MIN });
    expect(service.clockView().mode).toBe('live');
    // The model uses the timeout read from the file.
    await service.close();
    write({ sessions: { timeoutMs: 5000 } });
    await open();
    service.add([capture('a', REAL0)]);
    expect(service.clockView().nextTimeout).toBe(new Date(REAL0 + 5000).toISOString());
  });

  it('several problems are each named', async () => {
    write({ x: 1, clock: { mode: 'sideways' }, sessions: { timeoutMs: 'soon' } });
    await open();
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^simulation\.json: unknown key "x"/);
    expect(warnings[1]).toMatch(/^simulation\.json: clock: mode must be live, paused or running, not "sideways"; the clock is live/);
    expect(warnings[2]).toMatch(/^simulation\.json: sessions\.timeoutMs must be a whole number of milliseconds, not "soon";/);
  });
});
