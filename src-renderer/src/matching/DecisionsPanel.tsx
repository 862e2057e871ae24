// The decisions list (virtualized, filterable by outcome, conflict and user: the decisions the
// user won and the conflicts it lost, "lost to" the winner) beside the selected
// decision's trace. The filters live in the store (they outlive this panel, unmounted on another
// section). The selected row is always findable: a trace opened from elsewhere clears the filters
// that hid it (the notice says which, with Undo), and a filter changed here that hides it says so,
// with a button that shows it again. A decision older than the rows loaded (the newest
// MATCHING_ROWS_MAX) has no row: its trace is fetched on its own, and the list says why.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DecisionRow } from '../../../src-shared/matching/api-types';
import { MATCH_OUTCOMES, type MatchOutcome } from '../../../src-shared/matching/types';
import { plural } from '../../../src-shared/plural';
import { formatStamp, stampDetail, stampTitle } from '../inspector/format';
import { filtersHiding, MATCHING_ROWS_MAX, passesFilters, selectDecisionFilters, selectMatchingVersion, selectTraceOlderThanLoaded, useAppStore, useEngineApi, useShallow, type DecisionFilters } from '../state';
import { Button, CopyButton, DerivingState, EmptyState, VisibleText } from '../ui';
import { errorMessage } from '../state/derive';
import { decisionsText } from '../../../src-shared/matching/decisions-text';
import { offsetWhileShown } from '../ui/virtual';
import { OutcomeBadge } from './OutcomeBadge';
import { OUTCOME_LABEL } from './outcome';
import { TracePane } from './TracePane';
import { formatCount } from '../../../src-shared/tracking-api/limits';

/** Two lines a row (the message's event, then who it says it is): the rows and the virtualizer both use it. */
const ROW_HEIGHT = 44;

/** Who the message says it is, as it carried it: its email and its userId (both), else its anonymousId. */
interface SenderPart {
  label: 'email' | 'userId' | 'anonymousId';
  value: string;
  /** How many directory users held it when the rule looked it up, when more than one did. */
  holders?: number;
}

function senderParts(r: DecisionRow): SenderPart[] {
  const parts: SenderPart[] = [];
  if (r.email !== undefined) parts.push({ label: 'email', value: r.email, holders: r.emailHolders });
  // The username lookup reads the userId; a message with neither email nor userId, its anonymousId.
  if (r.messageUserId !== undefined) parts.push({ label: 'userId', value: r.messageUserId, holders: r.usernameHolders });
  if (parts.length === 0 && r.anonymousId !== undefined) parts.push({ label: 'anonymousId', value: r.anonymousId, holders: r.usernameHolders });
  return parts;
}

/**
 * The User cell: the user the decision updated or created; in a conflict, under it, the user that
 * lost. Filtered by the loser, the row is that user's too: it says "lost to" the winner.
 */
function UserCell({ r, filterUser }: { r: DecisionRow; filterUser: string }) {
  const changed = r.changed.length ? `changed: ${r.changed.join(', ')}` : 'nothing changed';
  if (r.conflictLoser !== undefined && r.conflictLoser === filterUser && r.userId !== filterUser) {
    return (
      <span className="d-user" title={`${r.conflictLoser} lost this conflict: the message landed on ${r.userId} (${changed})`}>
        <span className="lost-mark">lost to</span>
        <span className="mono">
          {' '}
          {r.userId}
        </span>
      </span>
    );
  }
  return (
    <span className="d-user" title={r.conflictLoser !== undefined ? `${r.userId} won the conflict over ${r.conflictLoser} (${changed})` : changed}>
      <span className="mono">{r.userId ?? <span className="faint">—</span>}</span>
      {r.conflictLoser !== undefined && (
        <span className="d-over">
          {' '}
          <span className="faint">over</span> <span className="mono">{r.conflictLoser}</span>
        </span>
      )}
    </span>
  );
}

/** Why a row's email (userId, anonymousId) is marked: more than one user held it, and the rule took one. */
function sharedTitle(r: DecisionRow, p: SenderPart): string {
  const held = p.label === 'email' ? 'this email' : `this ${p.label} as their username`;
  // A userId the email's user has as its username stays with that user, wherever it sits in the directory.
  const taken = p.label === 'email' ? 'the first in directory order' : 'the user the email found if it has it, else the first in directory order';
  return `${p.holders} directory users had ${held} when the message came; the rule took ${taken}${r.userId !== undefined ? ` (the message landed on ${r.userId})` : ''}. The trace names another of them.`;
}

/** The Message cell: the call type and event name, then the email and the userId the message carried. */
function MessageCell({ r }: { r: DecisionRow }) {
  const sender = senderParts(r);
  const title = [
    `${r.type ?? 'message'}${r.event !== undefined ? ` · ${r.event}` : ''}`,
    ...(sender.length ? sender.map((p) => `${p.label} ${p.value}${p.holders !== undefined ? ` (held by ${p.holders} users)` : ''}`) : ['no email, userId or anonymousId']),
  ].join('\n');
  return (
    <span className="d-message" title={title}>
      <span className="d-what">
        {r.type ? <span className={`type-pill type-${r.type}`}>{r.type}</span> : <span className="faint">no type</span>}
        {r.event !== undefined && (
          <>
            <span className="faint" aria-hidden="true">
              {' · '}
            </span>
            <bdi className="d-event">{r.event}</bdi>
          </>
        )}
      </span>
      <span className="d-who">
        {sender.length === 0 ? (
          <span className="faint">no email, userId or anonymousId</span>
        ) : (
          sender.map((p, i) => (
            <span key={p.label} className="d-sent">
              {i > 0 && ' '}
              <span className="faint">{p.label}</span>{' '}
              {/* Before the address, not after: a long one is cut with an ellipsis, and the mark with it. */}
              {p.holders !== undefined && (
                <>
                  <span className="d-shared" title={sharedTitle(r, p)}>
                    shared by {p.holders}
                  </span>{' '}
                </>
              )}
              <bdi className="mono">
                <VisibleText text={p.value} />
              </bdi>
            </span>
          ))
        )}
      </span>
    </span>
  );
}

/** The automation API's request for the decisions these filters keep, all of them. */
function apiQuery(f: DecisionFilters): string {
  const q = new URLSearchParams();
  // The user box keeps the decisions the user won and those it lost (a conflict's other user).
  if (f.user.trim()) q.set('involving', f.user.trim());
  if (f.outcome) q.set('outcome', f.outcome);
  if (f.conflictOnly) q.set('conflict', 'true');
  if (f.message.trim()) q.set('carried', f.message.trim());
  const text = q.toString();
  return `/api/matching${text ? `?${text}` : ''}`;
}

/** Who the user box's text names when it is no directory id: the users with that username or email. */
interface UserBoxHint {
  text: string;
  /** A user has this id (its decisions are simply not among those loaded, or it has none). */
  isId: boolean;
  named: { id: string; by: 'username' | 'email' }[];
}

/**
 * The user box takes a directory id; support types what the customer names, a userId or an email,
 * and found nothing with no word why. Looks the text up in the directory when it keeps no row.
 */
function useUserBoxHint(text: string, empty: boolean): UserBoxHint | null {
  const api = useEngineApi();
  const [hint, setHint] = useState<UserBoxHint | null>(null);
  useEffect(() => {
    if (!text || !empty) return;
    let live = true;
    const email = text.toLowerCase();
    api.call('users.list', { q: text, limit: 200 }).then(
      ({ users }) => {
        if (!live) return;
        const named: UserBoxHint['named'] = [];
        for (const u of users) {
          if (u.id === text) continue;
          if (u.username === text) named.push({ id: u.id, by: 'username' });
          else if (u.email !== undefined && u.email.trim().toLowerCase() === email) named.push({ id: u.id, by: 'email' });
        }
        setHint({ text, isId: users.some((u) => u.id === text), named: named.slice(0, 3) });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, text, empty]);
  return hint && hint.text === text ? hint : null;
}

/**
 * The decisions about every message that carried this userId or email (GET /api/matching?carried=),
 * not only among the rows loaded: "Show the 14 messages that carried jdoe" counted and listed the
 * newest MATCHING_ROWS_MAX decisions' only. At most MATCHING_ROWS_MAX rows (the newest), with the total.
 */
function useCarried(text: string): { text: string; total: number; rows: DecisionRow[] } | null {
  const api = useEngineApi();
  const version = useAppStore(selectMatchingVersion);
  const [found, setFound] = useState<{ text: string; total: number; rows: DecisionRow[] } | null>(null);
  useEffect(() => {
    if (!text) return;
    let live = true;
    api.call('matching.list', { carried: text, limit: MATCHING_ROWS_MAX }).then(
      ({ total, rows }) => {
        if (live) setFound({ text, total, rows });
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, text, version]);
  return found && found.text === text ? found : null;
}

export function DecisionsPanel({ active, onImportUsers }: { active: boolean; onImportUsers?: () => void }) {
  const receiverUrl = useAppStore((s) => s.info?.receiverUrl);
  const setTab = useAppStore((s) => s.setTab);
  const rows = useAppStore((s) => s.decisionRows);
  const total = useAppStore((s) => s.decisionTotal);
  const traceSeq = useAppStore((s) => s.traceSeq);
  const selectDecision = useAppStore((s) => s.selectDecision);
  const filters = useAppStore(useShallow(selectDecisionFilters));
  const setFilterUser = useAppStore((s) => s.setMatchingUserFilter);
  const setOutcome = useAppStore((s) => s.setMatchingOutcomeFilter);
  const setConflictOnly = useAppStore((s) => s.setMatchingConflictOnly);
  const setMessageFilter = useAppStore((s) => s.setMatchingMessageFilter);
  const cleared = useAppStore((s) => s.matchingFiltersCleared);
  const selectedRow = useAppStore((s) => (s.traceSeq === null ? undefined : s.outcomeBySeq.get(s.traceSeq)));
  const olderThanLoaded = useAppStore(selectTraceOlderThanLoaded);
  const seen = useAppStore((s) => s.matchingStatus?.messagesSeen ?? 0);
  const decided = useAppStore((s) => s.matchingStatus?.decisions ?? 0);
  const logLoading = useAppStore((s) => s.loading !== null);
  const deriving = useAppStore((s) => s.deriving);
  const statusKnown = useAppStore((s) => s.matchingStatus !== null || s.matchingError !== null);
  const scope = useAppStore((s) => s.matchingStatus?.settings.scope);
  const settings = useAppStore((s) => s.matchingStatus?.settings);
  const revealDecision = useAppStore((s) => s.revealDecision);
  const undoFiltersCleared = useAppStore((s) => s.undoFiltersCleared);
  const dismissFiltersCleared = useAppStore((s) => s.dismissFiltersCleared);
  const clearFilters = () => {
    setOutcome('');
    setConflictOnly(false);
    setFilterUser('');
    setMessageFilter('');
  };
  const { outcome, conflictOnly, user: filterUser, message: messageFilter } = filters;
  // One click from "none came through a webhook" to matching them: there is nothing decided yet,
  // so nothing a what-if preview would show changing. The engine's matching.changed redraws the list.
  const api = useEngineApi();
  const [scopeChange, setScopeChange] = useState<'busy' | string | null>(null);
  const matchTrackingToo = () => {
    setScopeChange('busy');
    api.call('matching.setSettings', { scope: 'webhook-and-tracking' }).then(
      () => setScopeChange(null),
      (e) => setScopeChange(`Could not change what is matched: ${errorMessage(e)}`),
    );
  };
  // "Messages that carried X" is asked of the engine (every decision, not only the rows loaded);
  // until its answer is here, the rows loaded are filtered as before.
  const carriedList = useCarried(messageFilter.trim());
  const base = carriedList ? carriedList.rows : rows;
  /** The message filter's decisions outnumber the rows it lists (the newest MATCHING_ROWS_MAX of them). */
  const carriedCapped = carriedList !== null && carriedList.total > carriedList.rows.length ? carriedList : null;
  const shown = useMemo(() => base.filter((r) => passesFilters(r, filters)), [base, filters]);
  const userHint = useUserBoxHint(filterUser.trim(), shown.length === 0 && rows.length > 0);
  // The decisions about messages that carried the user box's text as their userId or email (support
  // types what the customer names: the user it names now is not where each of those messages landed),
  // counted by the engine over all of them.
  const carrying = useCarried(userHint && !userHint.isId ? userHint.text : '')?.total ?? 0;
  // The selected decision is loaded but the filters hide it: said above the list.
  const hiddenBy = selectedRow && !passesFilters(selectedRow, filters) ? filtersHiding(selectedRow, filters).said : null;

  const scrollRef = useRef<HTMLDivElement>(null);
  // offsetWhileShown: scrolled and then left for another tab at once, the list came back blank.
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12, observeElementOffset: offsetWhileShown });
  // Keep the selected decision on screen when it is chosen from elsewhere ("Why this user?").
  useEffect(() => {
    if (traceSeq === null || !active) return;
    const i = shown.findIndex((r) => r.seq === traceSeq);
    if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' });
    // shown is left out on purpose: new decisions must not pull the list back to the selection
    // (but a selected row the filters hid, shown again, is scrolled to)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [traceSeq, active, virtualizer, hiddenBy === null]);
  // The list made shorter under its selected row kept that row on screen: below 1,200 px opening
  // the settings puts the trace under the list, and a row selected low in the list was left below
  // its new bottom edge (the list showed rows 1-4 beside the trace of #9). Only a row that was on
  // screen is followed: one scrolled away on purpose stays where it was.
  const followRef = useRef({ traceSeq, shown });
  followRef.current = { traceSeq, shown };
  useEffect(() => {
    const list = scrollRef.current;
    if (!list || typeof ResizeObserver === 'undefined') return;
    let height = list.clientHeight;
    const observer = new ResizeObserver(() => {
      const before = height;
      const now = list.clientHeight;
      // 0 px: on another tab (display: none); the height it had is kept for when it is back.
      if (now === 0) return;
      height = now;
      if (before === 0 || now >= before) return;
      const { traceSeq: seq, shown: rows } = followRef.current;
      const i = seq === null ? -1 : rows.findIndex((r) => r.seq === seq);
      if (i < 0) return;
      const top = i * ROW_HEIGHT;
      const wasShown = top < list.scrollTop + before && top + ROW_HEIGHT > list.scrollTop;
      const isShown = top >= list.scrollTop && top + ROW_HEIGHT <= list.scrollTop + now;
      if (wasShown && !isShown) virtualizer.scrollToIndex(i, { align: 'auto' });
    });
    observer.observe(list);
    return () => observer.disconnect();
    // The list is not there while no decision passes the filters: observed again once it is.
  }, [virtualizer, shown.length === 0]);
  // ↑/↓ (and Home/End) move the selection through the rows the filters keep, as in the inspector:
  // without them a keyboard user could focus the list but never open a trace.
  const onListKey = (e: React.KeyboardEvent<HTMLDivElement>) => {
    if (shown.length === 0 || e.altKey || e.ctrlKey || e.metaKey) return;
    const at = traceSeq === null ? -1 : shown.findIndex((r) => r.seq === traceSeq);
    let next: number;
    if (e.key === 'ArrowDown') next = at < 0 ? 0 : Math.min(at + 1, shown.length - 1);
    else if (e.key === 'ArrowUp') next = at < 0 ? shown.length - 1 : Math.max(at - 1, 0);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = shown.length - 1;
    else return;
    e.preventDefault();
    if (shown[next].seq !== traceSeq) selectDecision(shown[next].seq);
  };

  // The date shows when the decisions need it (the oldest, the newest or one on screen is not today's).
  const items = virtualizer.getVirtualItems();
  const stamp = shown.length === 0 ? 'time' : stampDetail([shown[0].receivedAt, shown[shown.length - 1].receivedAt, ...items.map((i) => shown[i.index]?.receivedAt ?? '')], Date.now());

  // The # column fits the longest seq listed (the newest): at a million captures a fixed 36 px read "980…".
  const seqWidth = `${Math.max(36, String(rows.at(-1)?.seq ?? 0).length * 8 + 4)}px`;
  // The User column keeps the longest id listed whole (its own line, and "over <id>" of a conflict):
  // beside the trace and the settings it read "over PF-10…". Up to 180 px; the Message column,
  // whose lines end in an ellipsis with the whole in its tooltip, gives the room.
  const userWidth = useMemo(() => {
    let chars = 0;
    for (const r of shown) chars = Math.max(chars, r.userId?.length ?? 1, r.conflictLoser !== undefined ? r.conflictLoser.length + 5 : 0);
    return `${Math.min(180, Math.max(56, Math.ceil(chars * 7.4) + 6))}px`;
  }, [shown]);

  // No trace column until a decision is picked, as in the Inspector and Sessions: "No decision
  // selected" held 44% of the width beside the list (beside an empty list too, once); what to do is
  // a line under the list.
  const tracePane = traceSeq !== null;

  return (
    <div className={tracePane ? 'decisions-split' : 'decisions-split no-trace'}>
      <div className={`list-pane stamp-${stamp}`} style={{ '--seq-w': seqWidth, '--user-w': userWidth } as React.CSSProperties}>
        <div className="filter-bar matching-filters">
          <select aria-label="Outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as MatchOutcome | '')}>
            <option value="">All outcomes</option>
            {MATCH_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o} ({OUTCOME_LABEL[o]})
              </option>
            ))}
          </select>
          <label className="check">
            <input type="checkbox" checked={conflictOnly} onChange={(e) => setConflictOnly(e.target.checked)} /> Conflicts only
          </label>
          {/* The search and the count wrap together: the count never sits alone on a line. */}
          <span className="filter-search">
            <input type="search" aria-label="User id" placeholder="User id (e.g. new-12)" value={filterUser} onChange={(e) => setFilterUser(e.target.value)} />
            {/* Not before the decisions are known: "0 of 0" beside "Loading the decisions…" read as none
                (20,000 decisions took seconds to come on a loaded machine). */}
            {statusKnown && (
              <span className="filter-count" title={total > rows.length ? `The newest ${formatCount(rows.length)} decisions are loaded` : undefined}>
                <span>
                  {formatCount(shown.length)} of {formatCount(total)}
                </span>
                {total > rows.length && <> <span>(newest {formatCount(rows.length)} loaded)</span></>}
              </span>
            )}

          </span>
        </div>
        {messageFilter.trim() && (
          <div className="filters-notice message-filter-notice" data-testid="message-filter">
            <span>
              Decisions about messages that carried <strong className="mono">{messageFilter.trim()}</strong> as their userId or email (ignoring case and space): the User column is where each landed.
              {carriedCapped && (
                <>
                  {' '}
                  The newest {formatCount(carriedCapped.rows.length)} of {formatCount(carriedCapped.total)} are listed; all of them: <code className="mono">GET /api/matching?carried={encodeURIComponent(carriedCapped.text)}</code>.
                </>
              )}
            </span>
            <Button size="sm" variant="ghost" onClick={() => setMessageFilter('')} aria-label={`Stop showing only messages that carried ${messageFilter.trim()}`}>
              ✕
            </Button>
          </div>
        )}
        <div className="filters-notice" role="status" aria-label="Decisions filters">
          {olderThanLoaded && traceSeq !== null && !shown.some((r) => r.seq === traceSeq) ? (
            <span>
              #{traceSeq} is older than the newest {formatCount(rows.length)} decisions this list holds, so it has no row here. Its trace is
              beside the list.
            </span>
          ) : hiddenBy && traceSeq !== null ? (
            <>
              <span>
                #{traceSeq} is hidden by the filters ({hiddenBy.join(', ')}).
              </span>
              <Button size="sm" onClick={() => revealDecision(traceSeq)}>
                Show #{traceSeq}
              </Button>
            </>
          ) : (
            cleared &&
            cleared.seq === traceSeq && (
              <>
                <span>
                  Filter{cleared.cleared.length === 1 ? '' : 's'} cleared to show #{cleared.seq}: {cleared.cleared.join(', ')}.
                </span>
                <Button size="sm" variant="ghost" onClick={undoFiltersCleared} title="Put the filters back (the decision is then hidden)">
                  Undo
                </Button>
                <Button size="sm" variant="ghost" onClick={dismissFiltersCleared} aria-label="Dismiss">
                  ✕
                </Button>
              </>
            )
          )}
        </div>
        <div className="msg-head decision-head" aria-hidden="true">
          <span className="d-seq">#</span>
          <span className="c-time">Time</span>
          <span className="d-outcome">Outcome</span>
          <span className="d-message">Message</span>
          <span className="d-user">User</span>
        </div>
        {shown.length === 0 ? (
          rows.length > 0 ? (
            <EmptyState
              title={total > rows.length ? `None of the newest ${formatCount(rows.length)} decisions passes these filters` : 'No decision passes these filters'}
            >
              {/* Older decisions are not in the list: say so, or a user whose decisions are all older
                  ("+N more", "All decisions for this user") looks like a user without any. */}
              {total > rows.length && (
                <>
                  This list holds the newest {formatCount(rows.length)} of {formatCount(total)} decisions; older ones are not in it, but the automation API
                  has them: <code className="mono">GET {apiQuery(filters)}</code>.{' '}
                </>
              )}
              {userHint && !userHint.isId && (
                <>
                  {userHint.named.length === 0 ? (
                    <span className="user-box-hint">No user of the directory has the id, username or email {userHint.text}.</span>
                  ) : (
                    userHint.named.map((n) => (
                      <span key={n.id} className="user-box-hint">
                        <span>
                          The {n.by} {userHint.text} is user {n.id}.
                        </span>{' '}
                        <Button size="sm" onClick={() => setFilterUser(n.id)}>
                          Show {n.id}'s decisions
                        </Button>
                      </span>
                    ))
                  )}{' '}
                  <span className="user-box-hint">This box takes the id of a directory user (the User column), not a message's userId or email.</span>{' '}
                  {carrying > 0 && (
                    <span className="user-box-hint">
                      <Button
                        size="sm"
                        onClick={() => {
                          setMessageFilter(userHint.text);
                          setFilterUser('');
                        }}
                      >
                        Show the {plural(carrying, 'message')} that carried {userHint.text}
                      </Button>{' '}
                      <span>whichever user each landed on.</span>
                    </span>
                  )}{' '}
                </>
              )}
              Change or{' '}
              <button type="button" className="link-button" onClick={clearFilters}>
                clear the filters
              </button>
              .
            </EmptyState>
          ) : logLoading ? (
            <EmptyState title="Matching starts once the capture log is loaded">
              The log is loading in the background (its progress is shown above); its messages are matched in order as soon as it is in.
            </EmptyState>
          ) : deriving ? (
            <DerivingState progress={deriving} what="matching" />
          ) : !statusKnown ? (
            <div className="detail-loading">Loading the decisions…</div>
          ) : seen > 0 && scope === 'webhook' ? (
            // Captures are here, but none came through a webhook: say so, or an imported Tracking
            // API capture looks like matching is broken.
            <EmptyState
              title={seen === 1 ? 'The 1 captured message did not come through a webhook' : `None of the ${plural(seen, 'captured message')} came through a webhook`}
              actions={
                <>
                  <Button variant="primary" disabled={scopeChange === 'busy'} onClick={matchTrackingToo}>
                    Match Tracking API messages too
                  </Button>
                  <Button onClick={() => setTab('webhooks')}>Set up a webhook</Button>
                </>
              }
            >
              Product Fruits matches the messages Segment's Webhook destination sends it (POST /webhook/&lt;name&gt;). The button below
              matches the Tracking API messages too; Messages matched in Settings &amp; what-if sets it back.
              {scopeChange !== null && scopeChange !== 'busy' && (
                <span className="error-text" role="alert">
                  {' '}
                  {scopeChange}
                </span>
              )}
            </EmptyState>
          ) : (
            // What to do next, with the address to paste into Segment (it said "POST /webhook/<name>").
            <EmptyState
              title="No matched messages yet"
              actions={
                <>
                  <Button variant="primary" onClick={() => setTab('webhooks')}>
                    Set up a webhook
                  </Button>
                  {onImportUsers && <Button onClick={onImportUsers}>Import your users…</Button>}
                </>
              }
            >
              Point Segment's Webhook destination at <code>{receiverUrl ? `${receiverUrl.replace(/\/+$/, '')}/webhook/productfruits` : '/webhook/productfruits'}</code> (any name after /webhook/
              will do){scope === 'webhook-and-tracking' ? ', or send Tracking API messages here' : ''}: each message is matched to a user by Product Fruits' rule. Import your users first, and
              messages find them rather than create new ones.
            </EmptyState>
          )
        ) : (
          <div className="msg-scroll" ref={scrollRef} role="listbox" aria-label="Matching decisions" tabIndex={0} onKeyDown={onListKey}>
            <div className="msg-canvas" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => {
                const r = shown[item.index];
                return (
                  <div
                    key={r.seq}
                    role="option"
                    aria-selected={r.seq === traceSeq}
                    data-seq={r.seq}
                    className={r.seq === traceSeq ? 'msg-row decision-row selected' : 'msg-row decision-row'}
                    style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                    onMouseDown={() => selectDecision(r.seq)}
                  >
                    <span className="d-seq mono faint">{r.seq}</span>
                    <span className="c-time mono" title={stampTitle('Received', r.receivedAt)}>
                      {formatStamp(r.receivedAt, stamp)}
                    </span>
                    <span className="d-outcome">
                      <OutcomeBadge outcome={r.outcome} conflict={r.conflict} />
                    </span>
                    <MessageCell r={r} />
                    <UserCell r={r} filterUser={filterUser.trim()} />
                  </div>
                );
              })}
            </div>
          </div>
        )}
        {shown.length > 0 && !tracePane && <p className="decisions-pick-hint">Pick a message to see, step by step, how Product Fruits' rule chose its user.</p>}
        {/* Below the list, not in its filter bar: the bar stays one row beside the settings panel. */}
        {shown.length > 0 && (
          <div className="list-footer">
            {/* "16 messages seen" in the header over a list of one said nothing of the other 15. */}
            {scope === 'webhook' && seen > decided && (
              <>
                <span className="muted" title="Product Fruits matches what Segment's Webhook destination sends it. To match Tracking API messages too, choose “webhook and Tracking API messages” under Messages matched in Settings & what-if">
                  {formatCount(seen - decided)} not from a webhook: not matched
                </span>
                {/* Its own item: inside the text before the footer's gap it read "matched ·  2 decisions". */}
                <span className="muted" aria-hidden="true">
                  ·
                </span>
              </>
            )}
            <span className="muted">{plural(shown.length, 'decision')} listed</span>
            <CopyButton
              variant="ghost"
              data-testid="decisions-copy"
              text={() => decisionsText(shown, settings)}
              label="Copy list"
              title="Copy the decisions listed (the filters apply) as a table: outcome, conflict, the message and what it carried, the user, what changed, with the settings in force. Pastes into a reply or a spreadsheet"
            />
          </div>
        )}
      </div>
      {tracePane && <TracePane />}
    </div>
  );
}
