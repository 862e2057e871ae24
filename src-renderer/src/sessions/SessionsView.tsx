// The Sessions tab: Freshsuccess sessions on the simulation clock. Clock controls on top, one
// lane per anonymousId, the selected session's detail on the right, totals below.
import { plural } from '../../../src-shared/plural';
import { useEffect, useMemo, useRef, useState } from 'react';
import { type SessionQuery } from '../../../src-shared/sessions/view';
import { formatDuration } from '../../../src-shared/sim-clock';
import { localDateMinute } from '../inspector/format';
import { useAppStore, useEngineApi } from '../state';
import { Button, CopyButton, DerivingState, EmptyState, VisibleText } from '../ui';
import { sessionsText } from '../../../src-shared/sessions/sessions-text';
import { ClockControls } from './ClockControls';
import { useSimClockStore } from './clock-context';
import { SessionDetailPane } from './SessionDetailPane';
import { SessionTimeline, type TimeWindow } from './SessionTimeline';
import { SessionTotals } from './SessionTotals';
import { useSimNow } from './sim-clock-store';
import { drawnEndMs, sessionStatus } from './session-status';
import { ModuleColourBook, moduleFillClass } from './module-colours';
import { ModuleColorContext, useSessionsData } from './use-sessions';
import { formatCount } from '../../../src-shared/tracking-api/limits';

const WINDOWS = [
  { id: '15m', label: '15 min', ms: 15 * 60_000 },
  { id: '1h', label: '1 hour', ms: 3_600_000 },
  { id: '6h', label: '6 hours', ms: 6 * 3_600_000 },
  { id: '24h', label: '24 hours', ms: 86_400_000 },
  { id: 'all', label: 'Fit all', ms: 0 },
] as const;
type WindowId = (typeof WINDOWS)[number]['id'];
const FRESHSUCCESS_EXAMPLE = 'freshsuccess-session.scenario.yaml';


export function SessionsView({ active }: { active: boolean }) {
  const clockStore = useSimClockStore();
  const now = useSimNow(clockStore, 100);
  const setTab = useAppStore((s) => s.setTab);
  const selectMessage = useAppStore((s) => s.selectMessage);
  const deriving = useAppStore((s) => s.deriving);
  const [freshsuccessOnly, setFreshsuccessOnly] = useState(false);
  const [endpoint, setEndpoint] = useState('');
  const [writeKey, setWriteKey] = useState('');
  const [userId, setUserId] = useState('');
  const [windowId, setWindowId] = useState<WindowId>('1h');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const query = useMemo<SessionQuery>(
    () => ({
      ...(freshsuccessOnly ? { freshsuccessOnly } : {}),
      ...(endpoint.trim() ? { endpoint: endpoint.trim() } : {}),
      ...(writeKey.trim() ? { writeKey: writeKey.trim() } : {}),
      // GET /api/sessions?userId=: the sessions any of whose messages carries that userId.
      ...(userId.trim() ? { userId: userId.trim() } : {}),
    }),
    [freshsuccessOnly, endpoint, writeKey, userId],
  );
  const { lanes, totals, detail, error } = useSessionsData(query, active, selectedId);
  const api = useEngineApi();
  // The composer's "Show its session": the session that holds the message, selected, with the
  // filters cleared (they could hide it); a message in no session says why instead.
  const sessionInbox = useAppStore((s) => s.sessionInbox);
  const [inboxNote, setInboxNote] = useState<string | null>(null);
  useEffect(() => {
    if (!sessionInbox) return;
    const { seq } = sessionInbox;
    let current = true;
    void (async () => {
      const captured = await api.call('messages.get', { seq });
      const anonymousId = captured?.message.anonymousId;
      const sessions = typeof anonymousId === 'string' || typeof anonymousId === 'number' ? await api.call('sessions.list', { anonymousId: String(anonymousId) }) : [];
      const found = sessions.find((x) => x.messageSeqs.includes(seq));
      if (!current) return;
      if (found) {
        setFreshsuccessOnly(false);
        setEndpoint('');
        setWriteKey('');
        setUserId('');
        setSelectedId(found.id);
        setInboxNote(null);
      } else {
        setInboxNote(
          captured === null
            ? `Message #${seq} is no longer in the capture log.`
            : anonymousId === undefined || anonymousId === null || anonymousId === ''
              ? `Message #${seq} has no anonymousId, so it is in no session: Freshsuccess keys sessions by anonymousId.`
              : `Message #${seq} is in no session: Segment would drop it, or it is listed as late on a session.`,
        );
      }
    })().catch((e: Error) => current && setInboxNote(e.message));
    return () => {
      current = false;
    };
  }, [api, sessionInbox]);

  const modules = useMemo(() => (totals?.byModule ?? []).map((t) => t.key).sort(), [totals]);
  // Colours are given once and kept while the view lives: a module that appears takes a free one
  // and leaves the others' alone (in name order over each moment's modules, Billing changed colour).
  const colourBook = useRef<ModuleColourBook | null>(null);
  colourBook.current ??= new ModuleColourBook();
  const moduleColor = useMemo(() => {
    const book = colourBook.current!;
    book.see(modules);
    return (module: string) => book.colourOf(module);
  }, [modules]);

  // Where the listed sessions lie: first message, last message, last deadline (undefined: none).
  const extent = useMemo(() => {
    if (!lanes || lanes.lanes.length === 0) return undefined;
    let firstMs = Infinity;
    let lastMs = -Infinity;
    let lastTimeoutMs = -Infinity;
    for (const lane of lanes.lanes) {
      for (const s of lane.sessions) {
        firstMs = Math.min(firstMs, s.startMs);
        lastMs = Math.max(lastMs, s.endMs);
        lastTimeoutMs = Math.max(lastTimeoutMs, s.timeoutAtMs);
      }
    }
    return { firstMs, lastMs, lastTimeoutMs };
  }, [lanes]);

  const timeWindow = useMemo<TimeWindow>(() => {
    const spec = WINDOWS.find((w) => w.id === windowId)!;
    if (spec.ms > 0 || !extent) {
      const span = spec.ms || 3_600_000;
      return { fromMs: now - span * 0.85, toMs: now + span * 0.15 };
    }
    // The sessions, and the clock's now only while one is open (its countdown runs there): an
    // import of last month's traffic was stretched to today's clock, each session a sliver.
    const open = now < extent.lastTimeoutMs;
    const from = open ? Math.min(extent.firstMs, now) : extent.firstMs;
    const to = open ? Math.max(extent.lastTimeoutMs, now) : extent.lastTimeoutMs;
    const pad = Math.max(60_000, (to - from) * 0.04);
    return { fromMs: from - pad, toMs: to + pad };
  }, [windowId, extent, now]);

  // A window that shows none of the sessions (the last hour, over an import of last month's
  // traffic) drew empty lanes and said nothing: say where the sessions are, and offer Fit all.
  const span = useMemo(() => {
    if (!lanes || !extent) return undefined;
    const shown = lanes.lanes.some((lane) => lane.sessions.some((s) => s.startMs <= timeWindow.toMs && drawnEndMs(s, now) >= timeWindow.fromMs));
    return shown ? undefined : { from: extent.firstMs, to: extent.lastMs };
  }, [lanes, extent, timeWindow, now]);

  // The bundled Freshsuccess example, opened in the Scenarios tab ready to play (the tab alone if it is not found).
  const openScenario = useAppStore((s) => s.openScenario);
  const tryExample = () =>
    api.call('scenarios.examples', undefined).then(
      (examples) => {
        const x = examples.find((e) => e.file === FRESHSUCCESS_EXAMPLE);
        if (x) openScenario(x.file, x.text, true);
        else setTab('scenarios');
      },
      () => setTab('scenarios'),
    );
  const showMessage = (seq: number) => {
    selectMessage(seq);
    setTab('inspector');
  };
  const filtered = Object.keys(query).length > 0;
  const lateCount = useMemo(() => (lanes ? lanes.lanes.reduce((n, lane) => n + lane.sessions.reduce((m, s) => m + s.lateCount, 0), 0) : 0), [lanes]);
  // Open as the lanes say it: a session that begins after the clock's now (the clock set back, as a
  // played scenario leaves it) reads "after the clock's now" there, and is counted apart ("7 open"
  // stood over six lanes of sessions 340 days ahead and one open one).
  let openCount = 0;
  let aheadCount = 0;
  for (const lane of lanes?.lanes ?? []) {
    for (const s of lane.sessions) {
      const kind = sessionStatus(s, now).kind;
      if (kind === 'open') openCount++;
      else if (kind === 'beforeNow') aheadCount++;
    }
  }

  return (
    <ModuleColorContext.Provider value={moduleColor}>
    <div className="sessions-view">
      <h1 className="sr-only">Sessions (Freshsuccess) and the simulation clock</h1>
      <div className="sessions-toolbar">
        <ClockControls />
      </div>
      <div className="sessions-filters">
        <label className="check" title="Only track, identify and group calls: the ones Freshsuccess reads">
          <input type="checkbox" checked={freshsuccessOnly} onChange={(e) => setFreshsuccessOnly(e.target.checked)} /> Freshsuccess-shaped only
        </label>
        <label>
          Endpoint{' '}
          <input type="text" placeholder="any, e.g. /v1/batch" value={endpoint} onChange={(e) => setEndpoint(e.target.value)} className="input-sm" aria-label="Endpoint filter" />
        </label>
        <label title="The sessions any of whose messages carries this userId, as GET /api/sessions?userId= lists them">
          User{' '}
          <input type="text" placeholder="any userId" value={userId} onChange={(e) => setUserId(e.target.value)} className="input-sm input-user" aria-label="User filter" />
        </label>
        <label>
          Write key{' '}
          <input type="text" placeholder="any key or fingerprint" value={writeKey} onChange={(e) => setWriteKey(e.target.value)} className="input-sm" aria-label="Write key filter" />
        </label>
        <label>
          Window{' '}
          <select value={windowId} onChange={(e) => setWindowId(e.target.value as WindowId)} aria-label="Time window">
            {WINDOWS.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        {/* The count and the legend go together: on the filters' row when both fit, else on a row of
            their own below it, count left, legend right (the legend wrapped alone onto a second row). */}
        <div className="sessions-summary">
          <span className="sessions-count" data-testid="sessions-count">
            {lanes ? `${plural(lanes.sessionCount, 'session')} · ${formatCount(openCount)} open${aheadCount > 0 ? ` · ${formatCount(aheadCount)} after the clock’s now` : ''} · ${plural(lanes.lanes.length, 'anonymousId')}` : deriving ? 'Reading captures back…' : 'Loading…'} · timeout {lanes ? formatDuration(lanes.timeoutMs) : '30 min'}
            {lanes && lanes.withoutAnonymousId > 0 && (
              <span
                className="sessions-no-anon"
                data-testid="sessions-without-anonymous-id"
                title="Freshsuccess keys a session by its anonymousId: a message without one (a server-side call, most often) is in no session, and its time counts toward none. It still pairs its userId with an account. The inspector lists them: Freshsuccess's finding “Session ID (anonymousId) is missing”."
              >
                {' '}
                · {plural(lanes.withoutAnonymousId, 'message')} without anonymousId, in no session
              </span>
            )}
          </span>
          {lanes && lanes.sessionCount > 0 && (
            <CopyButton
              variant="ghost"
              className="sessions-copy"
              data-testid="sessions-copy"
              text={async () => sessionsText(await api.call('sessions.list', query), lanes.timeoutMs)}
              label="Copy sessions"
              title="Copy the sessions listed (the filters above apply) as a table: user, account, state, times in UTC, duration, messages, time per module. Pastes into a reply or a spreadsheet"
            />
          )}
          {modules.length > 0 && (
            <span className="legend" aria-label="Modules">
              {modules.slice(0, 12).map((m) => (
                <span key={m} className="legend-item">
                  <span className={`legend-swatch ${moduleFillClass(m)}`} style={{ backgroundColor: moduleColor(m) }} />
                  <span className="legend-label" dir="auto" title={m}>
                    <VisibleText text={m} />
                  </span>
                </span>
              ))}
            </span>
          )}
        </div>
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {inboxNote && (
        <div className="banner" role="status">
          <span>{inboxNote}</span>
          <Button size="sm" variant="ghost" onClick={() => setInboxNote(null)} aria-label="Dismiss">
            ✕
          </Button>
        </div>
      )}
      <div className="sessions-body">
        <div className="sessions-main">
          {deriving ? (
            <DerivingState progress={deriving} what="sessions" />
          ) : lanes && lanes.lanes.length === 0 && filtered ? (
            // Under a filter, "No sessions yet" and the example to try read as if nothing had arrived.
            <EmptyState
              title="No session matches the filters"
              actions={
                <Button
                  onClick={() => {
                    setFreshsuccessOnly(false);
                    setEndpoint('');
                    setWriteKey('');
                    setUserId('');
                  }}
                >
                  Clear the filters
                </Button>
              }
            >
              {query.userId !== undefined ? (
                <>
                  No session{query.endpoint !== undefined || query.writeKey !== undefined || query.freshsuccessOnly ? ' under these filters' : ''} has a message with the userId <code>{query.userId}</code> (compared exactly, case
                  included).
                </>
              ) : (
                'None of the captured messages is in a session under these filters.'
              )}
            </EmptyState>
          ) : lanes && lanes.lanes.length === 0 ? (
            <EmptyState
              title="No sessions yet"
              actions={
                <>
                  <Button variant="primary" onClick={tryExample}>
                    Try the Freshsuccess example
                  </Button>
                  <Button onClick={() => setTab('composer')}>Open the Composer</Button>
                </>
              }
            >
              {/* One sentence: the next step. The timeout is in the bar above; the example shows it at work. */}
              Send a message with an <code>anonymousId</code> (or compose one), or play the Freshsuccess example, which makes a session and times it out.
            </EmptyState>
          ) : (
            lanes && (
              <>
                {span && (
                  <div className="banner" role="status" aria-label="No session in this window">
                    {/* One element: the banner spreads its children apart, and the sentence's words were several.
                        Local time, as the axis (it was UTC with a Z, beside an axis in local time). */}
                    <span>
                      No session in this window: the sessions listed run from <span className="no-wrap">{localDateMinute(span.from)}</span> to{' '}
                      <span className="no-wrap">{localDateMinute(span.to)}</span>.
                    </span>
                    <Button size="sm" onClick={() => setWindowId('all')}>
                      Fit all
                    </Button>
                  </div>
                )}
                <SessionTimeline lanes={lanes.lanes} window={timeWindow} now={now} selectedId={selectedId} onSelect={setSelectedId} />
                {/* No detail pane until a bar is picked, as in the Inspector (an empty pane kept 380 px
                    for this sentence): the sentence is a line under the lanes instead. */}
                {!detail && <p className="sessions-pick-hint">Select a session bar to see its messages, module time and account.</p>}
              </>
            )
          )}
          <SessionTotals totals={totals} lateCount={lateCount} onShowMessage={showMessage} filtered={filtered} />
        </div>
        {detail && <SessionDetailPane detail={detail} now={now} onShowMessage={showMessage} onClose={() => setSelectedId(null)} />}
      </div>
    </div>
    </ModuleColorContext.Provider>
  );
}
