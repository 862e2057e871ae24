// Header status and the capture-log warnings banner.
import { plural } from '../../src-shared/plural';
import { useAppStore } from './state';
import { writeFailureText } from './state/write-failure';
import type { StoreLoadProgress } from '../../src-shared/api';
import { Button } from './ui';

// Short words: the header holds them beside the clock (at 1400 px "Disconnected, reconnecting…"
// pushed the Webhooks tab out of it). The tooltip, and the banner under the header, say the rest.
const STATUS_TEXT = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Disconnected',
  disconnected: 'Disconnected',
} as const;
const STATUS_TITLE = {
  connected: 'Connected to the engine',
  connecting: 'Connecting to the engine…',
  reconnecting: 'Disconnected from the engine, reconnecting…',
  disconnected: 'Disconnected from the engine, reconnecting…',
} as const;

export function ConnectionIndicator({ shell }: { shell: 'electron' | 'websocket' }) {
  const status = useAppStore((s) => s.connection);
  const receiverUrl = useAppStore((s) => s.info?.receiverUrl);
  const down = status === 'disconnected' || status === 'reconnecting';
  return (
    <div className={`conn conn-${down ? 'down' : status}`} role="status" aria-live="polite" title={receiverUrl && !down ? `${STATUS_TEXT[status]}: receiver at ${receiverUrl}` : STATUS_TITLE[status]}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">{STATUS_TEXT[status]}</span>
      {receiverUrl && !down && (
        <span className="conn-url" title={`Receiver (${shell === 'electron' ? 'desktop' : 'browser mode'})`}>
          {receiverUrl}
        </span>
      )}
    </div>
  );
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toLocaleString('en-US', { maximumFractionDigits: bytes < 1e7 ? 1 : 0 })} MB`;

/** The start-up load of a big capture log, with its progress. */
function LoadingBanner({ loading }: { loading: StoreLoadProgress }) {
  const percent = loading.totalBytes > 0 ? Math.floor((100 * loading.loadedBytes) / loading.totalBytes) : 100;
  return (
    <div className="banner banner-info" role="status" data-testid="log-loading">
      <span>
        <strong>Loading the capture log:</strong> {percent}% ({megabytes(loading.loadedBytes)} of {megabytes(loading.totalBytes)}, {plural(loading.messages, 'message')} so far). The receiver is
        already taking captures; they are listed once the log is loaded.
      </span>
      <progress max={loading.totalBytes} value={loading.loadedBytes} aria-label="Capture log loaded" />
    </div>
  );
}

export function WarningsBanner() {
  const warnings = useAppStore((s) => s.warnings);
  const dismiss = useAppStore((s) => s.dismissWarning);
  const writeFailure = useAppStore((s) => s.writeFailure);
  const loading = useAppStore((s) => s.loading);
  const down = useAppStore((s) => s.connection === 'disconnected' || s.connection === 'reconnecting');
  if (warnings.length === 0 && !down && !writeFailure && !loading) return null;
  return (
    <div className="banners">
      {loading && !down && <LoadingBanner loading={loading} />}
      {down && (
        <div className="banner banner-error" role="alert">
          Lost the connection to the engine. Retrying; the list resumes once it is back.
        </div>
      )}
      {writeFailure && (
        <div className="banner banner-error" role="alert" data-testid="write-failure">
          {writeFailureText(writeFailure)}
        </div>
      )}
      {warnings.map((w, i) => (
        <div className="banner banner-warn" role="alert" key={w}>
          <span>
            {/* A data dir file's warning (settings.json damaged, a hand edit kept aside) is not about the capture log. */}
            <strong>{/^[\w.-]+\.json\b/.test(w) ? 'Data dir:' : 'Capture log:'}</strong> {w}
          </span>
          <Button size="sm" variant="ghost" onClick={() => dismiss(i)} aria-label="Dismiss warning">
            Dismiss
          </Button>
        </div>
      ))}
    </div>
  );
}
