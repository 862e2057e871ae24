// Start-up: choose the transport once, create the store, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppProvider, createAppStore, selectTransport } from './state';
import { SimClockProvider } from './sessions/clock-context';
import { createSimClockStore } from './sessions/sim-clock-store';
import './styles.css';
import './sessions/sessions.css';
import './scenarios/scenarios.css';

const transport = selectTransport();
const store = createAppStore(transport.api, { connection: transport.connection });
void store.getState().init();
const clockStore = createSimClockStore(transport.api);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProvider api={transport.api} store={store}>
      <SimClockProvider store={clockStore}>
        <App shell={transport.kind} />
      </SimClockProvider>
    </AppProvider>
  </StrictMode>,
);
