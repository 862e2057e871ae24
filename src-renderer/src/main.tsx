// Start-up: choose the transport once, create the store, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppProvider, createAppStore, selectTransport } from './state';
import './styles.css';

const transport = selectTransport();
const store = createAppStore(transport.api, { connection: transport.connection });
void store.getState().init();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProvider api={transport.api} store={store}>
      <App shell={transport.kind} />
    </AppProvider>
  </StrictMode>,
);
