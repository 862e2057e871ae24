// The engine's simulation clock and Freshsuccess sessions. The clock's state and the session
// timeout persist in simulation.json; sessions are derived from the captures (fed in seq order by
// the CaptureFeed) and never stored. Timeouts are announced as `sessions.timedOut` when the
// simulated clock passes them, whether it runs, jumps or steps.
import { join } from 'node:path';
import type { Clock, TimerHandle } from '../../src-shared/clock';
import type { CapturedMessage } from '../../src-shared/capture';
import { applyClockAction, isoTime, LIVE_CLOCK, normalizeClockState, parseClockAction, reachableTimeout, savedClockProblem, simNow, type ClockView, type SimClockState } from '../../src-shared/sim-clock';
import { SessionInputs, toSessionInput } from '../../src-shared/sessions/session-input';
import { DEFAULT_SESSIONS_SETTINGS, SessionModel, TIMEOUT_LIMITS, type SessionsSettings } from '../../src-shared/sessions/sessions';
import { inputFilter, sessionView, type SessionQuery, type SessionView } from '../../src-shared/sessions/view';
import type { CaptureConsumer } from './capture-feed';
import { JsonFile, keepDamagedCopy } from '../store/json-file';
import { fingerprintsFor } from '../store/write-key';
import { shownValue } from '../../src-shared/shown-value';

export const SIMULATION_FILE = 'simulation.json';
/** 'max' speed: jumps made per turn of the event loop before yielding to other work. */
const MAX_SPEED_JUMPS_PER_TURN = 500;

interface SimulationFile {
  clock: SimClockState;
  sessions: SessionsSettings;
}

export class CommandError extends Error {
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(message);
  }
}

export interface SessionsServiceDeps {
  /** Wall clock and real timers. */
  realClock: Clock;
  onClockChanged(view: ClockView): void;
  onSessionsChanged(size: SessionModel['size']): void;
  onTimedOut(session: SessionView): void;
  warn(message: string): void;
}

export class SessionsService implements CaptureConsumer {
  private clockState: SimClockState = LIVE_CLOCK;
  private settings: SessionsSettings = DEFAULT_SESSIONS_SETTINGS;
  /** Every message's input, in seq order: the models are built from it. */
  private inputs = new SessionInputs();
  private model = new SessionModel(this.settings, this.inputs);
  /** Models built for message-level filters (Freshsuccess-shaped only, an endpoint, a write key). */
  private filtered = new Map<string, SessionModel>();
  /** Timeouts up to this simulated moment were announced. */
  private announcedThrough: number;
  private timer: TimerHandle | undefined;
  private changedTimer: TimerHandle | undefined;
  /**
   * The next timeout the last clock push named (null: none, undefined: nothing pushed yet). The
   * UI's Next timeout button goes by it, so a deadline that moves without the clock moving (a
   * session opened by a message, timed out while the clock runs) is pushed too.
   */
  private pushedNext: number | null | undefined;
  private closed = false;

  private constructor(
    private readonly file: JsonFile<SimulationFile>,
    private readonly deps: SessionsServiceDeps,
  ) {
    this.announcedThrough = this.now();
  }

  static async open(dataDir: string, deps: SessionsServiceDeps): Promise<SessionsService> {
    const file = new JsonFile<SimulationFile>(join(dataDir, SIMULATION_FILE), { what: 'the clock or session timeout', inPlace: true });
    const saved: unknown = await file.read(deps.warn);
    const service = new SessionsService(file, deps);
    if (saved !== undefined) {
      // Valid JSON of another shape (a hand edit, another version): what cannot be read is said, not silently reset.
      const problems: string[] = [];
      const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
      if (!isObject(saved)) {
        problems.push(`must be an object with "clock" and "sessions", not ${JSON.stringify(saved)?.slice(0, 40)}; the clock is live and sessions time out after 30 minutes until they are saved again`);
      } else {
        // A key of its own (a timeout written at the top, as the API takes it) was ignored without a word.
        const unknown = Object.keys(saved).filter((k) => k !== 'clock' && k !== 'sessions');
        if (unknown.length > 0) {
          const keys = unknown.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 40))).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
          problems.push(`unknown ${unknown.length === 1 ? 'key' : 'keys'} ${keys}: the file holds "clock" and "sessions" (the session timeout as "sessions": {"timeoutMs": …}); ${unknown.length === 1 ? 'it is' : 'they are'} ignored`);
        }
        // A state the clock could never reach (a hand edit) is named: it made every receipt time invalid.
        const real = deps.realClock.now();
        const clockProblem = saved.clock === undefined ? undefined : savedClockProblem(saved.clock, real);
        if (clockProblem !== undefined) problems.push(`clock: ${clockProblem}; the clock is live until it is moved again`);
        service.clockState = normalizeClockState(saved.clock, real);
        const sessions = saved.sessions as unknown;
        const timeoutMs = isObject(sessions) ? sessions.timeoutMs : undefined;
        const fault = sessions === undefined ? undefined : !isObject(sessions) ? `"sessions" must be an object such as {"timeoutMs":1800000}, not ${JSON.stringify(sessions)?.slice(0, 40)}` : timeoutMs === undefined ? undefined : checkTimeout(timeoutMs);
        if (fault) problems.push(`${fault.startsWith('"') ? fault : `sessions.${fault}`}; sessions time out after 30 minutes until the timeout is saved again`);
        else if (typeof timeoutMs === 'number') service.settings = { timeoutMs };
      }
      if (problems.length > 0) {
        // The next save replaces the file: what it held is kept beside it.
        const copy = await keepDamagedCopy(file.path, JSON.stringify(saved, null, 2) + '\n');
        for (const p of problems) deps.warn(`${SIMULATION_FILE}: ${p}${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
      }
      service.model = new SessionModel(service.settings, service.inputs);
      service.announcedThrough = service.now();
    }
    service.schedule();
    return service;
  }

  /** Simulated now, in ms. */
  now(): number {
    return simNow(this.clockState, this.deps.realClock.now());
  }

  /** A Clock whose now() is simulated time and whose timers are real (receipts, sends). */
  readonly simulatedNowClock: Clock = {
    now: () => this.now(),
    setTimeout: (fn, ms) => this.deps.realClock.setTimeout(fn, ms),
    clearTimeout: (h) => this.deps.realClock.clearTimeout(h),
  };

  clockView(): ClockView {
    const real = this.deps.realClock.now();
    const now = simNow(this.clockState, real);
    const view: ClockView = { mode: this.clockState.mode, now: isoTime(now), nowMs: now, offsetMs: this.clockState.mode === 'live' ? 0 : now - real, speed: this.clockState.speed };
    const next = this.model.timeouts.next();
    if (next !== undefined) view.nextTimeout = isoTime(next);
    return view;
  }

  /**
   * Moves the clock. The new state is on disk (simulation.json) before it is the clock's: a write
   * that fails (SaveFailed) leaves the clock as it was, in the file and here.
   */
  act(arg: unknown): ClockView {
    const action = parseClockAction(arg);
    if ('error' in action) throw new CommandError(action.error, action.where);
    // What the clock has passed and a late timer has not announced yet, before the clock moves: it
    // is not "next" for nextTimeout, and a set back would re-open it unannounced.
    this.announceTimeouts();
    const real = this.deps.realClock.now();
    const next = action.action === 'nextTimeout' ? this.model.timeouts.next() : undefined;
    const state = applyClockAction(this.clockState, action, real, next);
    if ('error' in state) throw new CommandError(state.error, state.where);
    this.save(state, this.settings);
    this.setClock(state);
    if (state.mode === 'running' && state.speed === 'max') this.runFlatOut();
    return this.clockView();
  }

  /**
   * Writes the clock and the settings, synchronously: a scenario moves the clock thousands of
   * times, each answered only once it is saved. Not flushed to the disk (fsync) each time: like
   * the capture log, the file is in place before the answer, so a crash of Eventbench keeps it.
   */
  private save(clock: SimClockState, settings: SessionsSettings): void {
    this.file.writeSync({ clock, sessions: settings }, { fsync: false });
  }

  private setClock(state: SimClockState): void {
    this.clockState = state;
    this.announceTimeouts();
    this.pushClock();
  }

  private pushClock(): void {
    this.pushedNext = this.model.timeouts.next() ?? null;
    this.deps.onClockChanged(this.clockView());
  }

  /** Pushes the clock when the next timeout is not the one last pushed. */
  private pushClockIfNextMoved(): void {
    if (this.pushedNext === undefined || (this.model.timeouts.next() ?? null) !== this.pushedNext) this.pushClock();
  }

  /** The clock was left running at Max (the engine stopped between its jumps): see resumeMax. */
  runningAtMax(): boolean {
    return this.clockState.mode === 'running' && this.clockState.speed === 'max';
  }

  /**
   * Max goes on from where the file has it (Max's start: the jumps themselves are not saved), once
   * the sessions know every capture: it jumps through the same timeouts to the same end, and
   * pauses there, as it would have had the engine not stopped.
   */
  resumeMax(): void {
    if (!this.runningAtMax()) return;
    this.announcedThrough = Math.min(this.announcedThrough, this.now());
    this.runFlatOut();
  }

  /** 'max' speed: jump from timeout to timeout until none is pending, then pause there. */
  private runFlatOut(): void {
    const step = () => {
      if (this.closed || this.clockState.mode !== 'running' || this.clockState.speed !== 'max') return;
      for (let i = 0; i < MAX_SPEED_JUMPS_PER_TURN; i++) {
        const now = this.now();
        const next = this.model.timeouts.next();
        // None pending, or the next is past the clock's range (it can never be reached): pause here.
        if (next === undefined || !reachableTimeout(next)) {
          const paused: SimClockState = { mode: 'paused', anchorRealMs: this.deps.realClock.now(), anchorSimMs: now, speed: 'max' };
          try {
            this.save(paused, this.settings);
          } catch (e) {
            // No one to answer: said in the warnings (a restart finds the clock where Max began).
            this.deps.warn((e as Error).message);
          }
          this.setClock(paused);
          return;
        }
        this.clockState = { ...this.clockState, anchorSimMs: Math.max(now, next), anchorRealMs: this.deps.realClock.now() };
        this.announceTimeouts();
      }
      this.pushClock();
      this.deps.realClock.setTimeout(step, 0);
    };
    this.deps.realClock.setTimeout(step, 0);
  }

  /** Announces every session whose timeout the clock has passed since the last call, then re-arms the timer. */
  private announceTimeouts(): void {
    const now = this.now();
    if (now < this.announcedThrough) {
      // The clock went back: sessions re-open, and are announced again when it passes them.
      this.model.timeouts.rebuild(this.model.sessions(), now);
    } else {
      for (const s of this.model.timeouts.drain(this.announcedThrough, now)) this.deps.onTimedOut(sessionView(this.model, s, now));
    }
    this.announcedThrough = now;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined) this.deps.realClock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed) return;
    const { mode, speed } = this.clockState;
    if (mode === 'paused' || speed === 'max') return;
    const now = this.now();
    const next = this.model.timeouts.next();
    if (next === undefined) return;
    const realMs = (next - now) / (mode === 'live' ? 1 : (speed as number));
    // Timers longer than ~24.8 days overflow; re-check at least daily.
    this.timer = this.deps.realClock.setTimeout(() => {
      this.timer = undefined;
      this.announceTimeouts();
      this.pushClockIfNextMoved();
    }, Math.min(Math.max(0, Math.ceil(realMs)), 86_400_000));
  }

  // ---- the capture feed ----
  reset(): void {
    this.inputs = new SessionInputs();
    this.model = new SessionModel(this.settings, this.inputs);
    this.filtered.clear();
    this.changed();
  }

  add(batch: readonly CapturedMessage[]): void {
    let added = false;
    for (const c of batch) {
      const input = toSessionInput(c);
      if (!input) continue;
      this.model.add(input);
      added = true;
    }
    if (!added) return;
    this.filtered.clear();
    this.changed();
  }

  private changed(): void {
    // A new message can move a deadline: re-arm the timer (nothing is announced for the past).
    this.announceTimeouts();
    this.pushClockIfNextMoved();
    if (this.changedTimer !== undefined) return;
    this.changedTimer = this.deps.realClock.setTimeout(() => {
      this.changedTimer = undefined;
      this.deps.onSessionsChanged(this.model.size);
    }, 100);
  }

  // ---- queries ----
  /** The model for these message-level filters (the unfiltered one when there are none). */
  modelFor(q: SessionQuery = {}): SessionModel {
    const keep = inputFilter(q.writeKey === undefined ? q : { ...q, writeKeyFingerprints: fingerprintsFor(q.writeKey) });
    if (!keep) return this.model;
    const key = JSON.stringify([q.freshsuccessOnly === true, q.endpoint ?? null, q.writeKey ?? null]);
    let m = this.filtered.get(key);
    if (!m) {
      m = new SessionModel(this.settings, this.inputs);
      for (let i = 0; i < this.inputs.length; i++) if (keep(this.inputs, i)) m.addAt(i);
      if (this.filtered.size > 8) this.filtered.clear();
      this.filtered.set(key, m);
    }
    return m;
  }

  sessionSettings(): SessionsSettings {
    return { ...this.settings };
  }

  saveSettings(arg: unknown): SessionsSettings {
    if (!arg || typeof arg !== 'object' || Array.isArray(arg)) throw new CommandError('expected a JSON object such as {"timeoutMs":1800000}', 'body');
    for (const key of Object.keys(arg)) if (key !== 'timeoutMs') throw new CommandError(`unknown setting "${key}"; the sessions settings are: timeoutMs`, key);
    const timeoutMs = (arg as { timeoutMs?: unknown }).timeoutMs;
    if (timeoutMs !== undefined) {
      const error = checkTimeout(timeoutMs);
      if (error) throw new CommandError(error, 'timeoutMs');
      const settings = { timeoutMs: timeoutMs as number };
      this.save(this.clockState, settings); // on disk first: a failed write changes nothing
      this.settings = settings;
      this.model = SessionModel.from(this.inputs, this.settings);
      this.filtered.clear();
      this.announcedThrough = this.now();
      this.changed();
    }
    return this.sessionSettings();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== undefined) this.deps.realClock.clearTimeout(this.timer);
    if (this.changedTimer !== undefined) this.deps.realClock.clearTimeout(this.changedTimer);
    await this.file.flushed();
  }
}

function checkTimeout(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isFinite(v) || !Number.isInteger(v)) return `timeoutMs must be a whole number of milliseconds, not ${shownValue(v)}`;
  if (v < TIMEOUT_LIMITS.minMs || v > TIMEOUT_LIMITS.maxMs) return `timeoutMs must be from ${TIMEOUT_LIMITS.minMs} (1 second) to ${TIMEOUT_LIMITS.maxMs} (7 days), not ${v}`;
  return undefined;
}
