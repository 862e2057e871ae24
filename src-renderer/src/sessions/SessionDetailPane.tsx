// One session in full: state and countdown, the module-time breakdown, its messages in time
// order (each line says its event time and where it came from, the gap to the next message and
// the module that gap counts toward), and any late messages.
import type { SessionDetail } from '../../../src-shared/api';
import { formatDuration, isoTime } from '../../../src-shared/sim-clock';
import { localClockTime, localDateTime, utcOffsetText } from '../inspector/format';
import type { TimeSplit } from '../../../src-shared/sessions/sessions';
import { NO_MODULE, type TimeSource } from '../../../src-shared/sessions/session-input';
import { Badge, Button, VisibleText } from '../ui';
import { sessionStatus, sessionStatusText } from './session-status';
import { moduleFillClass } from './module-colours';
import { useModuleColor } from './use-sessions';

// Times in local time, as the lanes' axis reads them (they were UTC, "14:00:00Z" beside an axis
// at 10:00 in New York); the exact instant in UTC in each one's tooltip.
function Time({ ms, clockOnly }: { ms: number; clockOnly?: boolean }) {
  return (
    <span className="mono" title={`${isoTime(ms)} (UTC)`}>
      {clockOnly ? localClockTime(ms) : localDateTime(ms)}
    </span>
  );
}

function Breakdown({ title, splits, total, colour }: { title: string; splits: TimeSplit[]; total: number; colour: boolean }) {
  const shown = [...splits].sort((a, b) => b.ms - a.ms);
  const moduleColor = useModuleColor();
  return (
    <section className="sd-section">
      <h3>{title}</h3>
      {colour && total > 0 && (
        <div className="sd-stack" aria-hidden="true">
          {shown.map((s) => (s.ms > 0 ? <span key={s.key} className={moduleFillClass(s.key) || undefined} style={{ width: `${(s.ms / total) * 100}%`, backgroundColor: moduleColor(s.key) }} title={`${s.key}: ${formatDuration(s.ms)}`} /> : null))}
        </div>
      )}
      <table className="sd-table">
        <tbody>
          {shown.map((s) => (
            <tr key={s.key}>
              <td>
                {colour && <span className={`legend-swatch ${moduleFillClass(s.key)}`} style={{ backgroundColor: moduleColor(s.key) }} />}
                <bdi>
                  <VisibleText text={s.key} />
                </bdi>
              </td>
              <td className="mono num">{formatDuration(s.ms)}</td>
              <td className="num muted">{total > 0 ? `${Math.round((s.ms / total) * 100)}%` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Where a message's event time came from, said on its line in the Messages list. */
const TIME_SOURCE_TEXT: Record<TimeSource, string> = {
  originalTimestamp: 'from its originalTimestamp',
  timestamp: 'from its timestamp (it has no originalTimestamp)',
  receivedAt: 'from when it arrived (it has no originalTimestamp or timestamp)',
};

/** Open or timed out by the lane's rule on the page's clock (sessionStatus), so both say the same at a deadline. */
/**
 * Why a session is not part of the one before it: its anonymousId was silent for the timeout or
 * longer. (A user's sessions "look split" most often for this; the lanes alone left it to be
 * worked out from two bars' times.)
 */
function BeganAfterGap({ gap }: { gap: NonNullable<SessionDetail['beganAfterGap']> }) {
  const before = gap.after.slice(gap.after.lastIndexOf('#'));
  return (
    <>
      <dt>Began</dt>
      <dd data-testid="session-began-after-gap">
        after <strong>{formatDuration(gap.gapMs)}</strong> with no message from this anonymousId: its last before this was at <Time ms={gap.lastMs} />, in session{' '}
        <bdi className="mono" title={gap.after}>
          {before}
        </bdi>
        . That is {gap.gapMs === gap.timeoutMs ? 'the' : 'longer than the'} {formatDuration(gap.timeoutMs)} timeout, so <bdi className="mono">{before}</bdi> had timed out and this message began a new session.
      </dd>
    </>
  );
}

export function SessionDetailPane({ detail, now, onShowMessage, onClose }: { detail: SessionDetail; now: number; onShowMessage: (seq: number) => void; onClose: () => void }) {
  const moduleColor = useModuleColor();
  const s = detail.session;
  const status = sessionStatus(s, now);
  return (
    <aside className="session-detail" aria-label="Session detail">
      <header className="sd-head">
        <div>
          <h2 className="mono" data-testid="session-id">
            <VisibleText text={s.id} />
          </h2>
          <div className="sd-sub">
            {status.kind === 'beforeNow' ? (
              <Badge tone="neutral" title="The simulation clock stands before this session's first message">
                {sessionStatusText(status, s)}
              </Badge>
            ) : status.kind === 'open' ? (
              <Badge tone="ok">open · {sessionStatusText(status, s)}</Badge>
            ) : (
              <Badge tone="neutral">timed out</Badge>
            )}
            <span>
              Duration <strong className="mono" data-testid="session-duration">{formatDuration(s.durationMs)}</strong>
            </span>
          </div>
        </div>
        <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close session detail">
          ✕
        </Button>
      </header>
      <dl className="sd-facts">
        <dt>Times</dt>
        <dd className="muted" data-testid="session-time-zone">
          Local time ({utcOffsetText(s.startMs)}), as on the lanes
        </dd>
        <dt>From</dt>
        <dd>
          <Time ms={s.startMs} />
        </dd>
        <dt>To</dt>
        <dd>
          <Time ms={s.endMs} />
        </dd>
        <dt>Times out</dt>
        <dd>
          <Time ms={s.timeoutAtMs} />
        </dd>
        <dt>User</dt>
        <dd>
          {s.userId !== undefined ? (
            <bdi>
              <VisibleText text={s.userId} />
            </bdi>
          ) : (
            <span className="muted">anonymous</span>
          )}
        </dd>
        <dt>Account</dt>
        <dd>
          {s.account !== undefined ? (
            <bdi>
              <VisibleText text={s.account} />
            </bdi>
          ) : (
            <span className="muted">none (no groupId, none known for the user)</span>
          )}
        </dd>
        {detail.openedAfterTimeoutOf && (
          <>
            <dt>Began</dt>
            <dd data-testid="session-began">
              when a message arrived after <bdi className="mono">{detail.openedAfterTimeoutOf.join(', ')}</bdi> had timed out: its time falls within the timeout of {detail.openedAfterTimeoutOf.length === 1 ? 'that session, which takes' : 'those sessions, which take'} no more messages
            </dd>
          </>
        )}
        {detail.beganAfterGap && <BeganAfterGap gap={detail.beganAfterGap} />}
      </dl>
      <Breakdown title="Time per module" splits={s.moduleTimes} total={s.durationMs} colour />
      <Breakdown title="Time per feature" splits={s.featureTimes} total={s.durationMs} colour={false} />
      <section className="sd-section">
        <h3>Messages ({detail.messages.length})</h3>
        <ol className="sd-messages">
          {detail.messages.map((m) => (
            <li key={m.seq}>
              <span className="sd-msg-head">
                <button type="button" className="link-button" onClick={() => onShowMessage(m.seq)} title="Show in the inspector">
                  #{m.seq}
                </button>
                <bdi className="sd-feature">
                  <VisibleText text={m.feature} />
                </bdi>
                <span className="sd-module" title="Its module (properties.module)">
                  <span className={`legend-swatch ${moduleFillClass(m.module ?? NO_MODULE)}`} style={{ backgroundColor: moduleColor(m.module ?? NO_MODULE) }} />
                  <bdi className="muted">
                    <VisibleText text={m.module ?? NO_MODULE} />
                  </bdi>
                </span>
              </span>
              <span className="sd-when muted" title="Freshsuccess reads originalTimestamp, else timestamp; a message with neither counts from when it arrived">
                Event time <Time ms={m.timeMs} clockOnly />, {TIME_SOURCE_TEXT[m.timeSource]}
              </span>
              <span className="sd-gap muted">
                {m.gapAfterMs !== undefined ? (
                  <>
                    {formatDuration(m.gapAfterMs)} until the next message, counted toward{' '}
                    <bdi>
                      <VisibleText text={m.module ?? NO_MODULE} />
                    </bdi>
                  </>
                ) : (
                  "The session's last message: its time ends here"
                )}
              </span>
            </li>
          ))}
        </ol>
      </section>
      {s.late.length > 0 && (
        <section className="sd-section sd-late">
          <h3>Late messages ({s.late.length})</h3>
          <p className="muted">Not merged: they arrived after this session had timed out.</p>
          <ul>
            {s.late.map((l) => (
              <li key={l.seq}>
                <button type="button" className="link-button" onClick={() => onShowMessage(l.seq)}>
                  #{l.seq}
                </button>{' '}
                time <Time ms={l.timeMs} />, arrived <Time ms={l.arrivalMs} />: {l.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </aside>
  );
}
