// How to point code at this receiver: Segment's Node.js, Python, Ruby and Go libraries, curl,
// analytics.js (one language at a time), a note for the mobile libraries, and the URL for Segment's
// Webhook destination. Every value is the engine's real receiver URL.
import type { WorkspaceSource } from '../../../src-shared/workspace';
import { useAppStore } from '../state';
import { CopyButton, EmptyState } from '../ui';
import { ClientActivityCard } from './ClientActivityCard';
import { ClientSnippets } from './ClientSnippets';
import { HttpsCard } from './HttpsCard';
import { receiverParts } from './snippets';
import { Snippet } from './Snippet';
import './connect.css';

export function ConnectView() {
  const info = useAppStore((s) => s.info);
  const webhooks = useAppStore((s) => s.webhooks);
  const setTab = useAppStore((s) => s.setTab);
  const forwarding = useAppStore((s) => s.workspaceView)?.workspace.sources.filter((s) => s.forward) ?? [];
  if (!info) return <EmptyState title="Waiting for the engine…" />;
  const url = info.receiverUrl.replace(/\/+$/, '');
  const hookName = webhooks[0]?.name ?? 'my-webhook';
  const webhookUrl = `${url}/webhook/${hookName}`;
  const { https, hostPort } = receiverParts(url);
  // Mobile libraries put https:// in front of apiHost: the HTTPS receiver's host and port, when there is one.
  const mobileHostPort = info.https?.receiverUrl ? receiverParts(info.https.receiverUrl).hostPort : hostPort;
  const mobileApiHost = `${mobileHostPort}/v1`;

  return (
    <div className="page">
      <div className="page-intro">
        <h1>Connect to this receiver</h1>
        <p className="hint">
          Eventbench answers like Segment's Tracking API at the address below. Anything sent here shows up in the
          Inspector; {forwardingWords(forwarding)}.
        </p>
      </div>

      <section className="card" aria-label="Tracking API">
        <div className="card-head">
          <h2>Send from your code</h2>
        </div>
        <p className="hint">
          Point a Segment library's host at this URL (no path: each adds its own). Any write key works. Pick your client
          for a snippet with this address filled in:
        </p>
        <div className="url-row">
          <div className="url-box" data-testid="receiver-url">
            {url}
          </div>
          <CopyButton text={url} label="Copy host" size="md" />
        </div>
        <ClientSnippets url={url} />
        <p className="hint mobile-note" data-testid="mobile-note">
          <strong>Mobile and .NET</strong> (analytics-swift, analytics-kotlin, Analytics-CSharp, analytics_flutter): set both{' '}
          <code>apiHost</code> and{' '}
          <code>cdnHost</code> to <code>{mobileApiHost}</code>. They send where the settings they download say (and
          where their built-in settings say, api.segment.io, when the download fails), whatever <code>apiHost</code>{' '}
          was set to; asked here, Eventbench answers with its own address. They post batches to <code>/v1/b</code>.
          {!https && info.https?.receiverUrl && (
            <>
              {' '}
              They always use <code>https://</code>: point them at the HTTPS receiver below.
            </>
          )}
          {!https && !info.https?.receiverUrl && (
            <>
              {' '}
              They always use <code>https://</code>: rewrite the upload and settings URLs to <code>http://</code> (Swift's{' '}
              <code>requestFactory</code>, a Kotlin <code>RequestFactory</code> subclass).
            </>
          )}
        </p>
        <p className="hint classic-note" data-testid="classic-note">
          <strong>Classic</strong> analytics-ios 4 and analytics-android 4 have no <code>cdnHost</code>: their settings
          URL is built in. Give them a <code>requestFactory</code> (iOS) or a <code>ConnectionFactory</code> (Android) that
          sends every request to <code>{mobileHostPort}</code>
          {info.https?.receiverUrl ? ' (the HTTPS card below has both, with the trust steps)' : ''}; they post to{' '}
          <code>/v1/batch</code> and <code>/v1/import</code>.
        </p>
        <p className="hint react-native-note" data-testid="react-native-note">
          <strong>React Native</strong> (analytics-react-native): set <code>proxy</code> to <code>{url}/v1/b</code>{' '}
          (from the Android emulator, <code>10.0.2.2</code> for <code>127.0.0.1</code>); it posts there as it is,
          whatever its settings say.
        </p>
      </section>

      <ClientActivityCard />

      {info.https && <HttpsCard https={info.https} httpUrl={url} />}

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
          to have <code className="header-name">X-Signature</code> checked.
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

const targetName = (to: NonNullable<WorkspaceSource['forward']>['to']) => (to === 'us' ? 'Segment (US)' : to === 'eu' ? 'Segment (EU)' : to);

/** What goes on from the receiver: it said "nothing is forwarded to Segment" while a workspace source forwarded. */
function forwardingWords(sources: WorkspaceSource[]): string {
  if (sources.length === 0) return 'nothing goes on to Segment unless a source in the Workspace tab forwards it';
  if (sources.length === 1) return `what source ${sources[0].name} sends also goes on to ${targetName(sources[0].forward!.to)}, as set in the Workspace tab`;
  return `what ${sources.length} sources send also goes on, as set in the Workspace tab: ${sources.map((s) => `${s.name} to ${targetName(s.forward!.to)}`).join(', ')}`;
}
