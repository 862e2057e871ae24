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
const clockStore = createSimClockStore(transport.api, transport.connection);

// The first number formatted in a page loads the locale's ICU data (~20 ms in a cold Chromium).
// Done in a task of its own, before the first render is scheduled, it adds to neither the script's
// task nor the first render's (the filter bar's count formats one): the page's longest two.
setTimeout(() => {
  (0).toLocaleString();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <AppProvider api={transport.api} store={store}>
        <SimClockProvider store={clockStore}>
          <App shell={transport.kind} />
        </SimClockProvider>
      </AppProvider>
    </StrictMode>,
  );
}, 0);
