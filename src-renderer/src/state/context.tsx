// React access to the engine and the store. Components select one field at a time
// (useAppStore(s => s.view)) and use useShallow for objects; never the whole state.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { EngineApi } from '../../../src-shared/api';
import type { AppStore } from './store';
import type { AppState } from './types';

interface AppContextValue {
  api: EngineApi;
  store: AppStore;
}

const AppContext = createContext<AppContextValue | null>(null);

export function AppProvider({ api, store, children }: AppContextValue & { children: ReactNode }) {
  return <AppContext.Provider value={{ api, store }}>{children}</AppContext.Provider>;
}

function useAppContext(): AppContextValue {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('useEngineApi/useAppStore must be used inside <AppProvider>');
  return ctx;
}

export function useEngineApi(): EngineApi {
  return useAppContext().api;
}

/** The vanilla store itself, for event handlers that read state without subscribing. */
export function useAppStoreApi(): AppStore {
  return useAppContext().store;
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppContext().store, selector);
}
