// Header status and the capture-log warnings banner.
import { useAppStore } from './state';
import { writeFailureText } from './state/write-failure';
import { Button } from './ui';

const STATUS_TEXT = {
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Disconnected, reconnecting…',
  disconnected: 'Disconnected, reconnecting…',
} as const;

export function ConnectionIndicator({ shell }: { shell: 'electron' | 'websocket' }) {
  const status = useAppStore((s) => s.connection);
  const receiverUrl = useAppStore((s) => s.info?.receiverUrl);
  const down = status === 'disconnected' || status === 'reconnecting';
  return (
    <div className={`conn conn-${down ? 'down' : status}`} role="status" aria-live="polite">
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

export function WarningsBanner() {
  const warnings = useAppStore((s) => s.warnings);
  const dismiss = useAppStore((s) => s.dismissWarning);
  const writeFailure = useAppStore((s) => s.writeFailure);
  const down = useAppStore((s) => s.connection === 'disconnected' || s.connection === 'reconnecting');
  if (warnings.length === 0 && !down && !writeFailure) return null;
  return (
    <div className="banners">
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
            <strong>Capture log:</strong> {w}
          </span>
          <Button size="sm" variant="ghost" onClick={() => dismiss(i)} aria-label="Dismiss warning">
            Dismiss
          </Button>
        </div>
      ))}
    </div>
  );
}
