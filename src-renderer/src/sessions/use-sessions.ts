// Loads what the Sessions view shows, again whenever the engine says sessions changed (at most
// every 250 ms) or the clock moved (states and countdowns change with it).
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { SessionDetail, SessionLanesResult } from '../../../src-shared/api';
import type { SessionQuery, SessionTotals } from '../../../src-shared/sessions/view';
import { useEngineApi } from '../state';
import { moduleColor } from './module-colours';

const RELOAD_MS = 250;

export function useSessionsData(query: SessionQuery, active: boolean, selectedId: string | null) {
  const api = useEngineApi();
  const [lanes, setLanes] = useState<SessionLanesResult | null>(null);
  const [totals, setTotals] = useState<SessionTotals | null>(null);
  const [detail, setDetail] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const queryKey = JSON.stringify(query);
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const load = useCallback(async () => {
    const q = JSON.parse(queryKey) as SessionQuery;
    try {
      const [l, t] = await Promise.all([api.call('sessions.lanes', q), api.call('sessions.totals', q)]);
      setLanes(l);
      setTotals(t);
      const id = selectedRef.current;
      setDetail(id ? await api.call('sessions.get', { ...q, id }) : null);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api, queryKey]);

  useEffect(() => {
    if (!active) return;
    void load();
    const schedule = () => {
      if (timer.current !== undefined) return;
      timer.current = setTimeout(() => {
        timer.current = undefined;
        void load();
      }, RELOAD_MS);
    };
    const unsubscribe = api.subscribe((e) => {
      if (e.name === 'sessions.changed' || e.name === 'sessions.timedOut' || e.name === 'clock.changed' || e.name === 'messages.cleared') schedule();
    });
    return () => {
      unsubscribe();
      if (timer.current !== undefined) clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [api, load, active]);

  useEffect(() => {
    if (!active) return;
    if (!selectedId) return setDetail(null);
    api.call('sessions.get', { ...(JSON.parse(queryKey) as SessionQuery), id: selectedId }).then(setDetail, (e: Error) => setError(e.message));
  }, [api, selectedId, queryKey, active]);

  return { lanes, totals, detail, error, reload: load };
}

/** The colour of each module in the Sessions tab: the legend, the bars and the detail share it. */
export const ModuleColorContext = createContext<(module: string) => string>(moduleColor);
export const useModuleColor = () => useContext(ModuleColorContext);
