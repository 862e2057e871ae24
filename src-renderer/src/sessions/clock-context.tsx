// One simulation-clock store per window, shared by the header and the Sessions view.
import { createContext, useContext, type ReactNode } from 'react';
import type { SimClockStore } from './sim-clock-store';

const ClockContext = createContext<SimClockStore | null>(null);

export function SimClockProvider({ store, children }: { store: SimClockStore; children: ReactNode }) {
  return <ClockContext.Provider value={store}>{children}</ClockContext.Provider>;
}

export function useSimClockStore(): SimClockStore {
  const store = useContext(ClockContext);
  if (!store) throw new Error('useSimClockStore must be used inside <SimClockProvider>');
  return store;
}
