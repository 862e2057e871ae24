// The inspector before anything arrived: how to send the first event, with a one-liner to copy.
import { Snippet } from '../connect/Snippet';
import { useAppStore } from '../state';
import { Button } from '../ui';

export function firstEventCurl(receiverUrl: string): string {
  const url = receiverUrl.replace(/\/+$/, '');
  return `curl -X POST '${url}/v1/track' -H 'Content-Type: application/json' -d '{"userId":"user-123","event":"Hello Eventbench"}'`;
}

export function FirstMessageHint() {
  const receiverUrl = useAppStore((s) => s.info?.receiverUrl);
  const setTab = useAppStore((s) => s.setTab);
  return (
    <div className="first-hint">
      <div className="empty-title">Waiting for messages</div>
      <p className="hint">
        Anything sent to <code>{receiverUrl ?? 'this receiver'}</code> shows up here as it arrives. Send a first event
        from a terminal:
      </p>
      {receiverUrl && <Snippet label="Shell" code={firstEventCurl(receiverUrl)} />}
      <p className="hint">
        Pointing <code>@segment/analytics-node</code>, analytics.js or Segment's Webhook destination here instead? The
        Connect tab has the exact settings. Or build a partner event in the Composer.
      </p>
      <div className="first-hint-actions">
        <Button variant="primary" onClick={() => setTab('connect')}>
          How to connect
        </Button>
        <Button onClick={() => setTab('composer')}>Open the Composer</Button>
      </div>
    </div>
  );
}
