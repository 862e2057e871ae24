// Public surface of the renderer state (the composer imports from here).
export { AppProvider, useAppStore, useAppStoreApi, useEngineApi } from './context';
export { createAppStore, type AppStore } from './store';
export { selectTransport, type Transport } from './transport';
export { filtersHiding, involvesUser, MATCHING_ROWS_MAX, messageCarries, passesFilters, selectDecisionFilters, selectMatchingVersion, selectTraceOlderThanLoaded } from './slices/matching-slice';
export type { AppState, DecisionFilters, DirectoryView, MatchingSection, Tab } from './types';
export type { ConnectionStatus } from './connection';
export { useShallow } from 'zustand/react/shallow';
