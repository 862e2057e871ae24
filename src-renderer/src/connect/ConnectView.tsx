// How to point code at this receiver: analytics-node's `host`, curl, analytics.js, and the URL
// for Segment's Webhook destination. Every value is the engine's real receiver URL.
import { useAppStore } from '../state';
import { CopyButton, EmptyState } from '../ui';
import { Snippet } from './Snippet';

export function ConnectView() {
  const info = useAppStore((s) => s.info);
  const webhooks = useAppStore((s) => s.webhooks);
  const setTab = useAppStore((s) => s.setTab);
  if (!info) return <EmptyState title="Waiting for the engine…" />;
  const url = info.receiverUrl.replace(/\/+$/, '');
  const hookName = webhooks[0]?.name ?? 'my-webhook';
  const webhookUrl = `${url}/webhook/${hookName}`;

  return (
    <div className="page">
      <div className="page-intro">
        <h1>Connect to this receiver</h1>
        <p className="hint">
          Eventbench answers like Segment's Tracking API at the address below. Anything sent here shows up in the
          Inspector; nothing is forwarded to Segment.
        </p>
      </div>

      <section className="card" aria-label="analytics-node host">
        <div className="card-head">
          <h2>@segment/analytics-node</h2>
        </div>
        <p className="hint">
          Set <code>host</code> to this URL (no path; the SDK adds <code>/v1/batch</code>). Any write key works. The SDK
          stamps each message's <code>timestamp</code> with this machine's clock, and sessions go by that time: to watch
          them time out on the simulation clock, pause it at the real now (Sessions tab) and move it on from there.
        </p>
        <div className="url-row">
          <div className="url-box" data-testid="receiver-url">
            {url}
          </div>
          <CopyButton text={url} label="Copy host" size="md" />
        </div>
        <Snippet
          label="Node.js"
          code={`import { Analytics } from '@segment/analytics-node';

const analytics = new Analytics({
  writeKey: 'YOUR_WRITE_KEY',
  host: '${url}',
  flushAt: 1, // send right away while testing
});

analytics.track({ userId: 'user-123', event: 'Order Completed', properties: { total: 42 } });
await analytics.closeAndFlush();`}
        />
      </section>

      <section className="card" aria-label="curl">
        <h2>curl</h2>
        <Snippet
          label="Shell"
          code={`curl -X POST '${url}/v1/track' \\
  -u 'YOUR_WRITE_KEY:' \\
  -H 'Content-Type: application/json' \\
  --data-raw '{"userId":"user-123","event":"Order Completed","properties":{"total":42}}'`}
        />
      </section>

      <section className="card" aria-label="analytics.js">
        <h2>analytics.js (a local web page)</h2>
        <p className="hint">
          The receiver allows cross-origin requests on the Tracking API paths (preflights included, with{' '}
          <code>X-Retry-Count</code> on retries), so a page served from another port can send to it. analytics.js posts to the
          short paths <code>/v1/t</code>, <code>/i</code>, <code>/p</code>, <code>/g</code>, <code>/a</code>, <code>/s</code> and,
          when batching, <code>/v1/b</code> (where the mobile libraries post too): all accepted. Point the npm package at this
          host:
        </p>
        <Snippet
          label="Browser"
          code={`import { AnalyticsBrowser } from '@segment/analytics-next';

const apiHost = '${url.replace(/^https?:\/\//, '')}/v1';
const protocol = '${url.startsWith('https') ? 'https' : 'http'}';
export const analytics = AnalyticsBrowser.load(
  {
    writeKey: 'YOUR_WRITE_KEY',
    // cdnSettings: skip downloading settings from Segment's CDN
    cdnSettings: {
      integrations: { 'Segment.io': { apiKey: 'YOUR_WRITE_KEY', apiHost, protocol } },
    },
  },
  { integrations: { 'Segment.io': { apiHost, protocol } } },
);

analytics.track('Order Completed', { total: 42 });`}
        />
      </section>

      <section className="card" aria-label="Webhook destination">
        <h2>Segment's Webhook destination</h2>
        <p className="hint">
          In Segment, add a Webhook destination and paste this URL. Each name under <code>/webhook/</code> is its own
          endpoint; give it a shared secret in{' '}
          <a
            href="#webhooks"
            onClick={(e) => {
              e.preventDefault();
              setTab('webhooks');
            }}
          >
            Webhooks
          </a>{' '}
          to have <code>X-Signature</code> checked.
        </p>
        <div className="url-row">
          <div className="url-box" data-testid="webhook-url">
            {webhookUrl}
          </div>
          <CopyButton text={webhookUrl} label="Copy URL" size="md" />
        </div>
        {webhooks.length > 1 && (
          <ul className="plain-list">
            {webhooks.slice(1).map((w) => (
              <li key={w.name} className="url-row">
                <div className="url-box">{w.url}</div>
                <CopyButton text={w.url} label="Copy URL" size="md" />
              </li>
            ))}
          </ul>
        )}
        <Snippet
          label="Try it"
          code={`curl -X POST '${webhookUrl}' \\
  -H 'Content-Type: application/json' \\
  -H 'User-Agent: Segment.io/1.0' \\
  --data-raw '{"type":"identify","userId":"user-123","traits":{"email":"ada@example.com"}}'`}
        />
      </section>
    </div>
  );
}
