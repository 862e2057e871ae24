// The selected message: a readable summary, what Segment would drop, findings per profile,
// the raw JSON and the headers. Everything is text; nothing from the payload becomes markup.
import { EdgeSpaced } from './EdgeSpaced';
import { plural } from '../../../src-shared/plural';
import { useEffect, useState, type ReactNode } from 'react';
import type { ForwardOutcome } from '../../../src-shared/api';
import type { CapturedMessage, SignatureCheck } from '../../../src-shared/capture';
import { deliveredForm } from '../../../src-shared/delivered';
import { exactMessageOf, stringifyExact } from '../../../src-shared/exact-json';
import { displayName, maskWriteKey, str } from '../../../src-shared/summary';
import { EMPTY_WORKSPACE, identityOfOrigin, planFor } from '../../../src-shared/workspace';
import { BODY_ENCODING_ADVICE, bodyEncodingHeadline, type BodyEncodingProblem } from '../../../src-shared/tracking-api/utf8';
import { useAppStore, useEngineApi } from '../state';
import { Badge, Button, CopyButton, EmptyState, JsonView } from '../ui';
import { curlCommand } from './curl';
import { FindingsSection } from './FindingsSection';
import { describeSignature } from './format';
import { isRedelivery, redeliveryText, signaturePart } from './problems';
import { signatureHints } from '../../../src-shared/signature-hint';
import { clientMessageIdSentence } from '../../../src-shared/tracking-api/client-message-id';
import { MatchingOutcome } from '../matching/MatchingOutcome';

export function DetailPane() {
  const selectedSeq = useAppStore((s) => s.selectedSeq);
  const detail = useAppStore((s) => s.detail);
  const status = useAppStore((s) => s.detailStatus);
  const error = useAppStore((s) => s.detailError);
  const receiverUrl = useAppStore((s) => s.info?.receiverUrl ?? '');
  const selectMessage = useAppStore((s) => s.selectMessage);
  const focusProfile = useAppStore((s) => s.filters.profile);
  const workspace = useAppStore((s) => s.workspaceView?.workspace ?? EMPTY_WORKSPACE);

  if (selectedSeq === null) {
    return (
      <aside className="detail" aria-label="Message detail">
        <EmptyState title="No message selected">Click a row, or use ↑ ↓ to move through the list.</EmptyState>
      </aside>
    );
  }
  if (status === 'error' || status === 'missing') {
    return (
      <aside className="detail" aria-label="Message detail">
        <EmptyState title={status === 'missing' ? `Message #${selectedSeq} is gone` : 'Could not load the message'}>
          {status === 'missing' ? 'The capture log no longer has it (cleared?).' : error}
        </EmptyState>
      </aside>
    );
  }
  if (!detail || detail.seq !== selectedSeq) {
    return (
      <aside className="detail" aria-label="Message detail" aria-busy="true">
        <div className="detail-loading">Loading #{selectedSeq}…</div>
      </aside>
    );
  }
  const m = detail.message;
  // What the pane shows and copies: the message read from its stored text when it holds a number
  // JSON.parse rounds (an id past 2^53), so those digits are the client's. Findings read `m`.
  const shown = exactMessageOf(detail);
  const origin = detail.origin;
  const plan = planFor(workspace, identityOfOrigin(origin));
  // A webhook event that came twice was sent twice by Segment: a redelivery, not a drop reason.
  const drops = detail.dropReasons.filter((r) => !isRedelivery(origin.kind, r.code));
  const redelivered = drops.length < detail.dropReasons.length;
  // Named from `shown`: a groupId, previousId or userId past 2^53 reads as the client's digits.
  const title = displayName(shown) || (shown.type === 'identify' ? str(shown.userId) ?? str(shown.anonymousId) : undefined);
  return (
    <aside className="detail" aria-label="Message detail">
      <div className="detail-head">
        <div className="detail-title">
          <span className={`type-pill type-${str(m.type) ?? 'unknown'}`}>{str(m.type) ?? 'no type'}</span>
          <h2 title={title} dir="auto">{title || <span className="faint">{unnamedHeading(str(m.type))}</span>}</h2>
          <span className="faint mono">#{detail.seq}</span>
        </div>
        <div className="detail-actions">
          <CopyButton text={() => stringifyExact(shown, 2)} label="Copy JSON" />
          <CopyButton text={() => curlCommand(detail, receiverUrl, { freshMessageId: () => crypto.randomUUID() })} label="Copy as cURL" title="A command that posts this message again, with a new messageId (so it is not a duplicate)" />
          <Button size="sm" variant="ghost" onClick={() => selectMessage(null)} aria-label="Close detail">
            ✕
          </Button>
        </div>
      </div>
      {/* Focusable, so a click in it (or Tab) lets ↑/↓ scroll it: they moved the list's selection instead. */}
      <div className="detail-body" tabIndex={0}>
        <CallSummary c={detail} m={shown} />
        <MatchingOutcome seq={detail.seq} />
        <ForwardOutcomeRow seq={detail.seq} />
        {drops.length > 0 && (
          <section className="drop-box" aria-label="Drop reasons">
            <strong>Segment would drop this:</strong>
            <ul>
              {drops.map((r, i) => (
                <li key={i}>
                  {r.message}
                  {r.path && <code className="path">{r.path}</code>}
                </li>
              ))}
            </ul>
            {origin.kind === 'tracking' && <div className="hint">The Tracking API still answers 200; Segment only reports these in its debugger.</div>}
          </section>
        )}
        {redelivered && (
          <section className="redelivery-box" aria-label="Redelivery">
            {redeliveryText(typeof m.messageId === 'string' ? m.messageId : undefined)}.
          </section>
        )}
        <FindingsSection findings={detail.findings} focusProfile={focusProfile} plan={plan} message={shown} />
        {origin.kind === 'tracking' && plan.profiles.includes('freshsuccess') && (m.type === 'track' || m.type === 'identify' || m.type === 'group') && (
          <DeliveredSection message={shown} />
        )}
        <section className="detail-section">
          <h3>Payload</h3>
          <JsonView value={shown} label="Payload JSON" />
        </section>
        <section className="detail-section">
          <h3>Headers</h3>
          <HeadersTable headers={detail.headers} />
        </section>
      </div>
    </aside>
  );
}

const FORWARD_TONE = { forwarded: 'ok', pending: 'neutral', retrying: 'warn', failed: 'error' } as const;

/** Where forwarding stands for this message, when its source forwards (live: forward.changed). */
function ForwardOutcomeRow({ seq }: { seq: number }) {
  const api = useEngineApi();
  const [outcome, setOutcome] = useState<ForwardOutcome | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => api.call('forward.outcomes', { seqs: [seq] }).then((o) => live && setOutcome(o[0] ?? null), () => undefined);
    void load();
    const off = api.subscribe((e) => {
      if (e.name === 'forward.changed' || e.name === 'workspace.changed') void load();
    });
    return () => {
      live = false;
      off();
    };
  }, [api, seq]);
  if (!outcome) return null;
  return (
    <section className="forward-outcome" aria-label="Forwarding">
      <Badge tone={FORWARD_TONE[outcome.state]}>{outcome.state}</Badge> <span>to {outcome.to}</span>
      {/* A line of its own: after a "·" it wrapped at 1000 px into a line that began with the dot. */}
      {outcome.detail && <span className="hint forward-detail">{outcome.detail}</span>}
    </section>
  );
}

/** The message as Segment delivers it to Freshsuccess, with what Segment added or changed marked. */
function DeliveredSection({ message }: { message: CapturedMessage['message'] }) {
  const d = deliveredForm(message);
  return (
    <section className="detail-section" aria-label="What Freshsuccess receives">
      <details className="delivered">
        <summary>
          <h3>What Freshsuccess receives</h3>
          <span className="hint">{d.changes.length === 0 ? 'the message as sent' : `${plural(d.changes.length, 'field')} set by Segment`}</span>
        </summary>
        {d.changes.length > 0 && (
          <ul className="delivered-changes">
            {d.changes.map((c) => (
              <li key={c.path}>
                <code className="path">{c.path}</code> {c.path in d.message ? <code className="mono">{stringifyExact(d.message[c.path])}</code> : null} <span className="faint">{c.why}</span>
              </li>
            ))}
          </ul>
        )}
        <JsonView value={d.message} label="Delivered JSON" />
      </details>
    </section>
  );
}

/** What the title says when the field that names the call is missing. */
const UNNAMED: Record<string, string> = {
  track: '(no event name)',
  page: '(no page name)',
  screen: '(no screen name)',
  group: '(no groupId)',
  alias: '(no previousId)',
};

/** Own keys only: a type of "__proto__" read Object.prototype, which React threw on (the page went blank). */
function unnamedHeading(type: string | undefined): string {
  return type !== undefined && Object.hasOwn(UNNAMED, type) ? UNNAMED[type] : '(unnamed)';
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** `m`: the message as shown (exactMessageOf: ids past 2^53 as the client's digits). */
function CallSummary({ c, m }: { c: CapturedMessage; m: CapturedMessage['message'] }) {
  const traits = (m.traits ?? (m.context as Record<string, unknown> | undefined)?.traits) as
    | Record<string, unknown>
    | undefined;
  const email = str(traits?.email);
  const o = c.origin;
  return (
    <dl className="summary-grid">
      <Row label="Who">
        {/* Whitespace at either end shows, as in the list (EdgeSpaced). */}
        {str(m.userId) ? <span className="mono">userId <bdi><EdgeSpaced text={str(m.userId)!} /></bdi></span> : <span className="faint">no userId</span>}
        {str(m.anonymousId) && <span className="mono"> · anonymousId <bdi><EdgeSpaced text={str(m.anonymousId)!} /></bdi></span>}
        {email && <span className="mono"> · <bdi><EdgeSpaced text={email} /></bdi></span>}
      </Row>
      {str(m.groupId) && <Row label="Group">{<bdi className="mono">{str(m.groupId)}</bdi>}</Row>}
      {str(m.previousId) && <Row label="Previous id">{<bdi className="mono">{str(m.previousId)}</bdi>}</Row>}
      <Row label="Received">
        <span className="mono">{c.receivedAt}</span>
      </Row>
      {str(m.timestamp) && (
        <Row label="Timestamp">
          <span className="mono">{str(m.timestamp)}</span>
        </Row>
      )}
      {str(m.originalTimestamp) && (
        <Row label="Original ts">
          <span className="mono">{str(m.originalTimestamp)}</span>
        </Row>
      )}
      {str(m.sentAt) && (
        <Row label="Sent at">
          <span className="mono">{str(m.sentAt)}</span>
        </Row>
      )}
      <Row label="messageId">
        <span className="mono">{str(m.messageId) ?? '—'}</span>{' '}
        {c.messageIdAssigned && <Badge tone="info">assigned by Eventbench</Badge>}
        {/* What the customer's code sent in its place: the stored message holds only the assigned id. */}
        {c.messageIdAssigned && Object.hasOwn(c, 'clientMessageId') && (
          <div className="client-message-id" data-testid="client-message-id">
            {clientMessageIdSentence(c.clientMessageId, undefined, c.clientMessageIdJson)}
          </div>
        )}
      </Row>
      <Row label="Endpoint">
        {/* A tracking pixel is an <img src>: a GET. */}
        <span className="mono">
          {o.endpoint.startsWith('/v1/pixel/') ? 'GET' : 'POST'} {o.endpoint}
        </span>
      </Row>
      {o.kind === 'tracking' && (
        <Row label="Write key">
          {o.writeKey ? (
            <>
              <span className="mono">{maskWriteKey(o.writeKey)}</span>{' '}
              <span className="faint">({o.writeKeySource === 'basic' ? 'Basic auth' : 'body writeKey'})</span>
              {o.writeKeyFingerprint && (
                <span className="faint" title="The first 12 hex digits of the key's SHA-256: the same key, the same fingerprint. The key itself is not kept.">
                  {' '}
                  · fingerprint <span className="mono">{o.writeKeyFingerprint}</span>
                </span>
              )}
            </>
          ) : o.authWarning || o.writeKeyWarning ? (
            <span className="faint">{o.writeKeyWarning ? 'none taken' : 'none sent'}</span>
          ) : (
            // The write key is what tells Segment the source: without one, none takes the message.
            <div className="auth-warning" aria-label="No write key">
              <Badge tone="warn">none sent</Badge> Taken here, but Segment would not know which source it is for, so no source would take
              it. Send the write key as Basic auth (the user name, an empty password) or as <span className="mono">writeKey</span> in the
              body.
            </div>
          )}
          {o.authWarning && (
            <div className="auth-warning" aria-label="Authorization problem">
              <Badge tone="warn">Authorization header ignored</Badge> {o.authWarning.charAt(0).toUpperCase() + o.authWarning.slice(1)}.{' '}
              {o.writeKeySource === 'body' ? 'The write key was taken from the body instead.' : o.writeKeyWarning ? 'Nor was the body\'s writeKey usable:' : 'No writeKey in the body either.'}
            </div>
          )}
          {o.writeKeyWarning && (
            <div className="auth-warning" aria-label="Write key problem">
              <Badge tone="warn">writeKey ignored</Badge> {o.writeKeyWarning.charAt(0).toUpperCase() + o.writeKeyWarning.slice(1)}.
            </div>
          )}
        </Row>
      )}
      {o.encoding && (
        <Row label="Encoding">
          <BodyEncoding problem={o.encoding} />
        </Row>
      )}
      {o.kind === 'webhook' && (
        <>
          <Row label="Webhook">
            <span className="mono">{o.webhook}</span>
          </Row>
          <Row label="Signature">
            <SignatureBadge check={o.signature} />{' '}
            <KeepHeaderNames text={describeSignature(o.signature)} />
            <SignatureHints check={o.signature} receivedAt={c.receivedAt} webhook={o.webhook} />
          </Row>
        </>
      )}
    </dl>
  );
}

/**
 * What the webhook's settings now say of an invalid signature (a secret pasted with a space, one
 * changed since the sender was given it), as the receiver's answer said it; derived, not stored.
 */
function SignatureHints({ check, receivedAt, webhook }: { check: SignatureCheck; receivedAt: string; webhook: string }) {
  const config = useAppStore((s) => s.webhooks.find((w) => w.name === webhook));
  const hints = signatureHints(check, receivedAt, config);
  if (hints.length === 0) return null;
  return (
    <>
      {hints.map((hint) => (
        <div key={hint} className="auth-warning" aria-label="Signature hint">
          <KeepHeaderNames text={hint} />
        </div>
      ))}
    </>
  );
}

/** "X-Signature" on one line: the sentence broke it at its hyphen ("…had no X-" / "Signature header"). */
function KeepHeaderNames({ text }: { text: string }) {
  const pieces = text.split('X-Signature');
  return (
    <>
      {pieces.map((piece, i) => (
        <span key={i}>
          {i > 0 && <span className="header-name">X-Signature</span>}
          {piece}
        </span>
      ))}
    </>
  );
}

/** The row's words for the check ("not checked", "signed"), where it showed the API's status ("no-secret", "valid"). */
function SignatureBadge({ check }: { check: SignatureCheck }) {
  const part = signaturePart(check.status, check.status === 'no-secret' && !!check.received);
  return (
    <Badge tone={part.tone} title={`${part.title} (status "${check.status}" in the API)`}>
      {part.label}
    </Badge>
  );
}

/** Where a body that was not UTF-8 could not be read: a headline, then each place on its own line. */
function BodyEncoding({ problem }: { problem: BodyEncodingProblem }) {
  const headline = bodyEncodingHeadline(problem);
  const more = problem.sequences - problem.places.length;
  return (
    <div className="auth-warning body-encoding" aria-label="Body encoding problem">
      <Badge tone="warn">Body not UTF-8</Badge> {headline.charAt(0).toUpperCase() + headline.slice(1)}:
      <ul>
        {problem.places.map((place) => (
          <li key={place.offset}>
            byte {place.offset.toLocaleString('en-US')}: <span className="mono">{place.bytes}</span> ({place.reading}) after <span className="mono">{place.before}</span>
          </li>
        ))}
        {more > 0 && <li>and {more.toLocaleString('en-US')} more</li>}
      </ul>
      {BODY_ENCODING_ADVICE}.
    </div>
  );
}

function HeadersTable({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <div className="faint">No headers recorded.</div>;
  return (
    <table className="headers-table">
      <tbody>
        {entries.map(([k, v]) => (
          <tr key={k}>
            <th className="mono">{k}</th>
            <td className="mono">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
