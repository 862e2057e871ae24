// The selected decision's trace as numbered sentences a support engineer can read aloud, then the
// fields it changed (before → after). Everything is text: payload values never become markup.
import { formatStamp, stampTitle } from '../inspector/format';
import { useEffect, useState, type ReactNode } from 'react';
import type { CapturedMessage } from '../../../src-shared/capture';
import type { DecisionDetail } from '../../../src-shared/matching/api-types';
import { conflictLoser } from '../../../src-shared/matching/conflict';
import { exactChangeValue, valueText } from '../../../src-shared/matching/exact-values';
import { sentenceParts } from '../../../src-shared/matching/trace-text';
import type { MatchingSettings } from '../../../src-shared/matching/types';
import { useAppStore, useEngineApi } from '../state';
import { Badge, Button, CopyButton, DottedPath, EmptyState, VisibleText } from '../ui';
import { OutcomeBadge } from './OutcomeBadge';

/** Longest word kept on one line: a longer one may still break, or it would run out of the pane. */
const UNBROKEN_MAX = 32;

/**
 * A sentence's words with a hyphen or a slash (ids: "PF-1002", "new-4", "u-ada") each in a span
 * that does not break: "User PF-1002" broke after its hyphen, "PF-" ending one line.
 */
function unbrokenWords(text: string, key: number): ReactNode[] {
  return text.split(/(\s+)/).map((w, i) => (w.length <= UNBROKEN_MAX && /\S[-/‐]\S/.test(w) ? <span key={`${key}.${i}`} className="no-wrap">{w}</span> : w));
}

/**
 * `code` spans of a sentence as <code>, the rest as text. A short code span without whitespace
 * (an id, a username, an email) does not break either; a long one, or one with spaces it shows,
 * may break anywhere so it stays inside the pane.
 */
export function Sentence({ text }: { text: string }) {
  const parts: ReactNode[] = sentenceParts(text).flatMap<ReactNode>(({ code, text: p }, i) =>
    code ? [<code key={i} dir="auto" className={p.length <= UNBROKEN_MAX && !/\s/.test(p) ? 'no-wrap' : undefined}>{p}</code>] : unbrokenWords(p, i),
  );
  return <>{parts}</>;
}

/** What the message is and where it came from: its event (or page/screen name) and its origin. */
function aboutMessage(captured: CapturedMessage | null): { event?: string; origin?: string } {
  if (!captured) return {};
  const m = captured.message as { event?: unknown; name?: unknown };
  const event = typeof m.event === 'string' ? m.event : typeof m.name === 'string' ? m.name : undefined;
  const o = captured.origin;
  const origin = o.kind === 'webhook' ? `webhook ${o.webhook}` : `${o.endpoint}${o.writeKey ? ` (write key ${o.writeKey})` : ''}`;
  return { event, origin };
}

/**
 * The steps as copied: a header that says which message they explain (its event, origin and
 * time), the outcome and the settings in force, then the numbered steps. The steps alone, pasted
 * into a reply to a customer, said none of that.
 */
function copiedSteps(trace: DecisionDetail, about: { event?: string; origin?: string }, settings: MatchingSettings | undefined): string {
  const what = `${trace.type ?? 'message'}${about.event !== undefined ? ` ${JSON.stringify(about.event)}` : ''}`;
  const lines = [
    `Message #${trace.seq}: ${what}, messageId ${trace.messageId ?? '(none)'}, received ${trace.receivedAt}${about.origin ? ` through ${about.origin}` : ''}`,
    `Outcome: ${trace.outcome}${trace.conflict ? ' (flagged as a conflict)' : ''}, ${trace.userId ? `user ${trace.userId}` : 'no user'}`,
  ];
  if (settings) lines.push(`Settings: emailComparison ${settings.emailComparison}, noIdentity ${settings.noIdentity}, conflict ${settings.conflict}, scope ${settings.scope}`);
  return [...lines, '', ...trace.steps.map((s, i) => `${i + 1}. ${s}`)].join('\n');
}

// valueText: a value sent as 9007199254740993 shows those digits (exactChangeValue reads them from the change's text).
const show = (v: unknown) => <VisibleText text={v === undefined ? '(none)' : valueText(v)} />;

export function TracePane() {
  const seq = useAppStore((s) => s.traceSeq);
  const trace = useAppStore((s) => s.trace);
  const error = useAppStore((s) => s.traceError);
  const showMessage = useAppStore((s) => s.showMessage);
  const setUser = useAppStore((s) => s.setMatchingUserFilter);
  const selectDecision = useAppStore((s) => s.selectDecision);
  const settings = useAppStore((s) => s.matchingStatus?.settings);
  const api = useEngineApi();
  const [captured, setCaptured] = useState<CapturedMessage | null>(null);
  useEffect(() => {
    setCaptured(null);
    if (seq === null) return;
    let stale = false;
    api.call('messages.get', { seq }).then(
      (m) => !stale && setCaptured(m),
      () => undefined, // the trace still shows; only the event name and origin are missing
    );
    return () => {
      stale = true;
    };
  }, [api, seq]);

  if (seq === null) {
    return (
      <aside className="detail trace-pane" aria-label="Decision trace">
        <EmptyState title="No decision selected">Pick a message to see, step by step, how Product Fruits' rule chose its user.</EmptyState>
      </aside>
    );
  }
  if (error || !trace || trace.seq !== seq) {
    return (
      <aside className="detail trace-pane" aria-label="Decision trace">
        {error ? <EmptyState title={`No trace for message #${seq}`}>{error}</EmptyState> : <div className="detail-loading">Loading the trace of #{seq}…</div>}
      </aside>
    );
  }
  const about = aboutMessage(captured?.seq === trace.seq ? captured : null);
  const loser = conflictLoser(trace);
  return (
    <aside className="detail trace-pane" aria-label="Decision trace">
      <div className="detail-head">
        <div className="detail-title">
          {trace.type && <span className={`type-pill type-${trace.type}`}>{trace.type}</span>}
          <h2>Why this user?</h2>
          <span className="faint mono">#{trace.seq}</span>
          {/* One unit: the title wrapped between them, leaving "conflict" alone on a line under the call type. */}
          <span className="trace-outcome">
            <OutcomeBadge outcome={trace.outcome} conflict={trace.conflict} />
          </span>
        </div>
        <div className="detail-actions">
          <CopyButton text={() => copiedSteps(trace, about, settings)} label="Copy steps" title="Copy the steps, under a header naming the message, its outcome and the settings" />
          <Button size="sm" variant="ghost" onClick={() => selectDecision(null)} aria-label="Close trace">
            ✕
          </Button>
        </div>
      </div>
      <div className="detail-body">
        <dl className="summary-grid">
          <dt>Message</dt>
          {/* A value and its action on one line (the button dropped under it in a narrow trace column): a value too long for the line is cut, whole in its tooltip. */}
          <dd className="value-with-action">
            <span className="mono" title={trace.messageId}>{trace.messageId ?? '(no messageId)'}</span>{' '}
            <Button size="sm" variant="ghost" onClick={() => showMessage(trace.seq)}>
              Show in inspector
            </Button>
          </dd>
          {/* The list's time column gives way in a narrow window: the date and time are here. */}
          <dt>Received</dt>
          <dd className="mono" title={stampTitle('Received', trace.receivedAt)}>
            {formatStamp(trace.receivedAt, 'year')}
          </dd>
          {about.event !== undefined && (
            <>
              <dt>Event</dt>
              <dd>
                <bdi className="mono">{about.event}</bdi>
              </dd>
            </>
          )}
          {about.origin && (
            <>
              {/* Its own row: an identify (no event) showed where it came from under "Event". */}
              <dt>Came from</dt>
              <dd className="muted">{about.origin}</dd>
            </>
          )}
          <dt>User</dt>
          <dd className={trace.userId ? 'value-with-action' : undefined}>
            {trace.userId ? (
              <>
                <span className="mono" title={trace.userId}>{trace.userId}</span>{' '}
                <Button size="sm" variant="ghost" onClick={() => setUser(trace.userId ?? '')}>
                  All decisions for this user
                </Button>
              </>
            ) : (
              <span className="faint">none</span>
            )}
          </dd>
          {/* A conflict's other user: support often starts from it (bob's identify that landed on Ada). */}
          {loser !== undefined && (
            <>
              <dt>Lost the conflict</dt>
              <dd className="value-with-action">
                <span className="mono" title={loser}>{loser}</span>{' '}
                <Button size="sm" variant="ghost" onClick={() => setUser(loser)}>
                  All decisions for {loser}
                </Button>
              </dd>
            </>
          )}
        </dl>
        <section className="detail-section">
          <h3>Step by step</h3>
          <ol className="trace-steps" aria-label="Trace steps">
            {trace.steps.map((s, i) => (
              <li key={i}>
                <Sentence text={s} />
              </li>
            ))}
          </ol>
        </section>
        {trace.changes.length > 0 && (
          <section className="detail-section">
            <h3>Fields changed</h3>
            <table className="data-table changes-table">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {trace.changes.map((c) => (
                  <tr key={c.field}>
                    <td className="mono"><DottedPath path={c.field} /></td>
                    <td className="mono">{c.before === undefined ? <span className="faint">(none)</span> : show(exactChangeValue(c, 'before'))}</td>
                    <td className="mono">{show(exactChangeValue(c, 'after'))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {trace.conflict && (
          <div className="hint">
            <Badge tone="warn">conflict</Badge> The email and the userId named different users; the <em>Email and userId name different users</em> setting chose
            the winner.
          </div>
        )}
      </div>
    </aside>
  );
}
