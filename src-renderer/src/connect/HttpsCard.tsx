// The HTTPS receiver, for clients that only speak TLS (Segment's mobile libraries, analytics-ruby):
// its address, the local certificate authority to trust (download, fingerprint, the names its
// certificate holds) and how to trust it where the client runs, one place at a time.
import { useState, type KeyboardEvent } from 'react';
import type { HttpsReceiverInfo } from '../../../src-shared/api';
import { CopyButton } from '../ui';
import { Snippet } from './Snippet';
import { TRUST_PLACES, trustSteps, type TrustPlace } from './snippets';

export function HttpsCard({ https, httpUrl }: { https: HttpsReceiverInfo; httpUrl: string }) {
  const [place, setPlace] = useState<TrustPlace>('ios');
  if (!https.receiverUrl) {
    return (
      <section className="card" aria-label="HTTPS receiver">
        <h2>Over HTTPS</h2>
        <p className="hint error-text" data-testid="https-error">
          {https.error ?? 'There is no HTTPS receiver.'}
        </p>
      </section>
    );
  }
  const caUrl = `${httpUrl}${https.caPath ?? '/eventbench-ca.pem'}`;
  const steps = trustSteps(place, https.receiverUrl, caUrl);
  const onKeyDown = (e: KeyboardEvent) => {
    const at = TRUST_PLACES.findIndex((p) => p.id === place);
    const last = TRUST_PLACES.length - 1;
    const to = e.key === 'ArrowRight' ? (at === last ? 0 : at + 1) : e.key === 'ArrowLeft' ? (at === 0 ? last : at - 1) : e.key === 'Home' ? 0 : e.key === 'End' ? last : -1;
    if (to < 0) return;
    e.preventDefault();
    setPlace(TRUST_PLACES[to].id);
    document.getElementById(`trust-tab-${TRUST_PLACES[to].id}`)?.focus();
  };
  return (
    <section className="card" aria-label="HTTPS receiver">
      <div className="card-head">
        <h2>Over HTTPS: mobile apps and analytics-ruby</h2>
      </div>
      <p className="hint">
        Segment's mobile libraries (analytics-swift, analytics-kotlin) and analytics-ruby only speak TLS. The same receiver
        answers over HTTPS here, with a certificate from a certificate authority Eventbench made on this machine: trust it
        once where your client runs.
      </p>
      <div className="url-row">
        <div className="url-box" data-testid="https-url">
          {https.receiverUrl}
        </div>
        <CopyButton text={https.receiverUrl} label="Copy host" size="md" />
      </div>
      <dl className="ca-facts">
        <dt>Certificate authority</dt>
        <dd>
          <a href={caUrl} download="eventbench-ca.pem" target="_blank" rel="noreferrer" data-testid="ca-download">
            eventbench-ca.pem
          </a>{' '}
          <span className="faint">(also at {caUrl}, for a phone's browser)</span>
        </dd>
        <dt>SHA-256</dt>
        <dd className="mono fingerprint" data-testid="ca-fingerprint">
          {https.caSha256}
        </dd>
        <dt>Names</dt>
        <dd className="faint" data-testid="https-names">
          {(https.names ?? []).join(', ')}
          {https.validUntil && <> · valid until {https.validUntil.slice(0, 10)}</>}
        </dd>
      </dl>
      <div className="client-snippets">
        <div className="lang-tabs" role="tablist" aria-label="Where the client runs" onKeyDown={onKeyDown}>
          {TRUST_PLACES.map((p) => (
            <button
              key={p.id}
              type="button"
              role="tab"
              id={`trust-tab-${p.id}`}
              aria-selected={p.id === place}
              aria-controls={p.id === place ? `trust-panel-${p.id}` : undefined}
              tabIndex={p.id === place ? 0 : -1}
              className={p.id === place ? 'tab active' : 'tab'}
              onClick={() => setPlace(p.id)}
            >
              {p.label}
            </button>
          ))}
        </div>
        <div className="lang-panel" role="tabpanel" id={`trust-panel-${place}`} aria-labelledby={`trust-tab-${place}`} data-testid="trust-panel">
          <p className="hint">{steps.hint}</p>
          <Snippet code={steps.code} />
        </div>
      </div>
    </section>
  );
}
