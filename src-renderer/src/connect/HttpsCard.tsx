// The HTTPS receiver, for clients that only speak TLS (Segment's mobile libraries, analytics-ruby):
// its address, the local certificate authority to trust (download, fingerprint, the names its
// certificate holds) and how to trust it where the client runs, one place at a time.
import { useState } from 'react';
import { TabStrip } from './TabStrip';
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
      <TabStrip label="Where the client runs" idPrefix="trust" items={TRUST_PLACES} selected={place} onSelect={setPlace}>
        <div className="trust-steps" data-testid="trust-panel">
          <p className="hint">{steps.hint}</p>
          <Snippet code={steps.code} />
        </div>
      </TabStrip>
    </section>
  );
}
