// User matching in the renderer: the Matching tab's section on screen, the Decisions filters and
// the Directory's search, order and scroll offset (kept here so they outlive the section's panel),
// the engine's status, the newest decisions (rows, no traces), the selected decision's trace (opened from
// anywhere through showTrace, which also brings up the Decisions section and clears the filters
// that would hide its row), and each seq's outcome for the inspector's rows. On the engine's
// throttled `matching.changed` push it fetches only the new decisions, unless everything was
// derived again (a new generation: settings, starting directory, clear), then all of them; a push
// that only counts more messages seen (none in the matched scope) is taken as it is, no fetch.
import { carries } from '../../../../src-shared/matching/carried';
import type { StoreApi } from 'zustand/vanilla';
import type { DecisionRow, MatchingStatus } from '../../../../src-shared/matching/api-types';
import { sameSettings } from '../../../../src-shared/matching/settings';
import { errorMessage } from '../derive';
import type { AppState, DecisionFilters, MatchingSlice, SliceDeps } from '../types';

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

/** The Matching list holds the newest this many decisions (the automation API has them all). */
export const MATCHING_ROWS_MAX = 20000;

/** Same decisions, directory and settings: the newer status differs at most in messages seen. */
function onlyMoreSeen(before: MatchingStatus, after: MatchingStatus): boolean {
  return (
    before.generation === after.generation &&
    before.decisions === after.decisions &&
    before.users === after.users &&
    before.startingUsers === after.startingUsers &&
    before.messagesSeen <= after.messagesSeen &&
    sameSettings(before.settings, after.settings)
  );
}

/**
 * Changes when the decisions or the directory do, not when only the count of messages seen does:
 * for views that fetch on a change (the directory, the duplicates), so a stream of Tracking API
 * captures outside the matched scope does not make them fetch again and again.
 */
export const selectMatchingVersion = (s: AppState): string | null => {
  const st = s.matchingStatus;
  return st ? `${st.generation}:${st.decisions}:${st.users}:${st.startingUsers}` : null;
};

/** The Decisions list's filters as they are in the store. */
export const selectDecisionFilters = (s: AppState): DecisionFilters => ({ outcome: s.matchingOutcomeFilter, conflictOnly: s.matchingConflictOnly, user: s.matchingUserFilter, message: s.matchingMessageFilter });

/**
 * Whether the selected decision is older than the decisions the list holds (the newest
 * MATCHING_ROWS_MAX), so it has no row there: its trace came from the engine on its own
 * (matching.get has every decision), and the list says why the row is missing. False until the
 * trace is here: a message with no decision at all is not "older", its trace pane says why.
 */
export const selectTraceOlderThanLoaded = (s: AppState): boolean =>
  s.traceSeq !== null && s.trace?.seq === s.traceSeq && !s.outcomeBySeq.has(s.traceSeq) && s.decisionRows.length > 0 && s.traceSeq < s.decisionRows[0].seq;

/**
 * Whether a decision is about this user: it updated or created it, or the user lost its conflict
 * (the email found one user, the userId named this one, or the other way round). The user filter
 * keeps both: bob's identify that landed on Ada is found under bob, where support looks first.
 */
export const involvesUser = (r: DecisionRow, user: string): boolean => r.userId === user || r.conflictLoser === user;

/**
 * Whether the decision's message carried this userId or email (the email ignoring case and
 * surrounding space, as a person reads it): "events from jane@acme.com", wherever each landed.
 */
export const messageCarries = (r: DecisionRow, text: string): boolean => carries(r, text);

/** Whether a decision passes the Decisions list's filters. */
export function passesFilters(r: DecisionRow, f: DecisionFilters): boolean {
  const user = f.user.trim();
  const message = f.message.trim();
  return (!f.outcome || r.outcome === f.outcome) && (!f.conflictOnly || r.conflict) && (!user || involvesUser(r, user)) && (!message || messageCarries(r, message));
}

/** The filters that hide this decision, in words ("user u-bob"), and the filters with only those cleared. */
export function filtersHiding(r: DecisionRow, f: DecisionFilters): { said: string[]; open: DecisionFilters } {
  const said: string[] = [];
  const open = { ...f };
  if (f.outcome && r.outcome !== f.outcome) {
    said.push(`outcome ${f.outcome}`);
    open.outcome = '';
  }
  if (f.conflictOnly && !r.conflict) {
    said.push('conflicts only');
    open.conflictOnly = false;
  }
  const message = f.message.trim();
  if (message && !messageCarries(r, message)) {
    said.push(`messages that carried ${message}`);
    open.message = '';
  }
  const user = f.user.trim();
  if (user && !involvesUser(r, user)) {
    said.push(`user ${user}`);
    open.user = '';
  }
  return { said, open };
}

const filterState = (f: DecisionFilters) => ({ matchingOutcomeFilter: f.outcome, matchingConflictOnly: f.conflictOnly, matchingUserFilter: f.user, matchingMessageFilter: f.message });

export function createMatchingSlice(set: Set, get: Get, deps: SliceDeps): MatchingSlice {
  let loading: Promise<void> | undefined;
  let again = false;

  const NO_DECISION = 'Matching has no decision about this message: it is not among the messages matched (see “Messages matched” in the settings), or it is no longer in the capture log.';

  async function fetchTrace(seq: number) {
    try {
      const trace = await deps.api.call('matching.get', { seq });
      if (get().traceSeq !== seq) return;
      // No decision (a message outside the matched scope, or one cleared away, or a settings
      // change that took it out of scope while its trace was open): say so, not "loading" forever.
      if (trace === null) set({ trace: null, traceError: NO_DECISION });
      else set({ trace, traceError: null });
    } catch (e) {
      if (get().traceSeq === seq) set({ trace: null, traceError: errorMessage(e) });
    }
  }

  return {
    matchingStatus: null,
    decisionRows: [],
    decisionTotal: 0,
    outcomeBySeq: new Map(),
    matchingError: null,
    traceSeq: null,
    trace: null,
    traceError: null,
    matchingUserFilter: '',
    matchingOutcomeFilter: '',
    matchingConflictOnly: false,
    matchingFiltersCleared: null,
    directoryView: { q: '', sort: 'id', descending: false },
    directoryScrollTop: 0,
    matchingSection: 'decisions',

    // A filter changed by hand: the notice about the filters showTrace cleared is out of date.
    matchingMessageFilter: '',
    setMatchingMessageFilter(text) {
      set({ matchingMessageFilter: text, matchingFiltersCleared: null });
    },
    setMatchingUserFilter(userId) {
      set({ matchingUserFilter: userId, matchingFiltersCleared: null });
    },

    setMatchingOutcomeFilter(outcome) {
      set({ matchingOutcomeFilter: outcome, matchingFiltersCleared: null });
    },

    setMatchingConflictOnly(on) {
      set({ matchingConflictOnly: on, matchingFiltersCleared: null });
    },

    dismissFiltersCleared() {
      set({ matchingFiltersCleared: null });
    },

    undoFiltersCleared() {
      const done = get().matchingFiltersCleared;
      if (done) set({ ...filterState(done.before), matchingFiltersCleared: null });
    },

    revealDecision(seq) {
      const row = get().outcomeBySeq.get(seq);
      if (row) set({ ...filterState(filtersHiding(row, selectDecisionFilters(get())).open), matchingFiltersCleared: null });
    },

    setDirectoryView(patch) {
      set({ directoryView: { ...get().directoryView, ...patch } });
    },

    setDirectoryScrollTop(px) {
      if (!Number.isFinite(px) || px < 0) throw new Error(`a scroll offset is a number of pixels, 0 or more, not ${px}`);
      if (px !== get().directoryScrollTop) set({ directoryScrollTop: px });
    },

    setMatchingSection(section) {
      set({ matchingSection: section });
    },

    async loadMatching() {
      // One load at a time; a change during a load asks for one more.
      if (loading) {
        again = true;
        return loading;
      }
      loading = (async () => {
        do {
          again = false;
          try {
            const status = await deps.api.call('matching.status', undefined);
            const before = get();
            const appendOnly = before.matchingStatus?.generation === status.generation && before.decisionRows.length > 0;
            if (appendOnly) {
              const afterSeq = before.decisionRows[before.decisionRows.length - 1].seq;
              const fresh = await deps.api.call('matching.list', { afterSeq, limit: MATCHING_ROWS_MAX });
              const all = before.decisionRows.concat(fresh.rows);
              const rows = all.length > MATCHING_ROWS_MAX ? all.slice(-MATCHING_ROWS_MAX) : all;
              const outcomeBySeq = new Map(before.outcomeBySeq);
              for (const r of fresh.rows) outcomeBySeq.set(r.seq, r);
              for (let i = 0; i < all.length - rows.length; i++) outcomeBySeq.delete(all[i].seq);
              set({ matchingStatus: status, decisionRows: rows, decisionTotal: Math.max(status.decisions, rows.length), outcomeBySeq, matchingError: null });
            } else {
              const list = await deps.api.call('matching.list', { limit: MATCHING_ROWS_MAX });
              const outcomeBySeq = new Map<number, DecisionRow>();
              for (const r of list.rows) outcomeBySeq.set(r.seq, r);
              set({ matchingStatus: status, decisionRows: list.rows, decisionTotal: list.total, outcomeBySeq, matchingError: null });
              // Everything was derived again: the trace shown may have changed too.
              const seq = get().traceSeq;
              if (seq !== null) await fetchTrace(seq);
            }
          } catch (e) {
            set({ matchingError: `Could not load the matching decisions: ${errorMessage(e)}` });
          }
        } while (again);
      })().finally(() => {
        loading = undefined;
      });
      return loading;
    },

    matchingChanged(status) {
      const before = get().matchingStatus;
      // A load in flight might answer with an older status than this push: let it load once more.
      if (!loading && before && onlyMoreSeen(before, status)) {
        if (before.messagesSeen !== status.messagesSeen) set({ matchingStatus: status });
        return;
      }
      void get().loadMatching();
    },

    selectDecision(seq) {
      if (seq === null) {
        set({ traceSeq: null, trace: null, traceError: null, matchingFiltersCleared: null });
        return;
      }
      const cleared = get().matchingFiltersCleared;
      set({ traceSeq: seq, trace: get().trace?.seq === seq ? get().trace : null, traceError: null, matchingFiltersCleared: cleared?.seq === seq ? cleared : null });
      void fetchTrace(seq);
    },

    // The trace is in the Decisions section: opened from the directory, the duplicates or the
    // inspector, whatever section was on screen last, the user sees it, its row in the list beside
    // it: the filters that would hide the row are cleared (the others kept), and the notice above
    // the list says which, with Undo. (A row not loaded yet cannot be checked: if the filters hide
    // it once it comes, the list says so, see DecisionsPanel.)
    showTrace(seq) {
      get().setTab('matching');
      const row = get().outcomeBySeq.get(seq);
      const before = selectDecisionFilters(get());
      const hiding = row ? filtersHiding(row, before) : { said: [], open: before };
      set({
        matchingSection: 'decisions',
        ...filterState(hiding.open),
        matchingFiltersCleared: hiding.said.length ? { seq, cleared: hiding.said, before } : null,
      });
      get().selectDecision(seq);
    },

    // "All decisions for this user" (a directory's "+N more", a duplicate's user): all of them, so
    // an outcome or conflict filter left from before does not make the list hold fewer than promised.
    showUserDecisions(userId) {
      get().setTab('matching');
      set({ matchingSection: 'decisions', matchingUserFilter: userId, matchingOutcomeFilter: '', matchingConflictOnly: false, matchingMessageFilter: '', matchingFiltersCleared: null });
    },
  };
}
