// Where and how to send: local receiver (default), Segment US/EU with the stored write key, a
// custom host, or a webhook URL with an optional shared secret; copies, interval, fresh ids.
import { useEffect, useMemo, useState } from 'react';
import type { SecretStatus, SendRequest, SendTarget } from '../../../src-shared/api';
import type { JsonObject } from '../../../src-shared/capture';
import { useAppStore, useEngineApi } from '../state';
import { Button } from '../ui';
import { EMPTY_WORKSPACE } from '../../../src-shared/workspace';
import { shownValue } from '../../../src-shared/shown-value';
import { defaultWebhookUrl, webhookChoices } from './webhook-targets';

type Kind = SendTarget['kind'];
const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'local', label: 'Local' },
  { kind: 'segment', label: 'Segment' },
  { kind: 'custom', label: 'Custom' },
  { kind: 'webhook', label: 'Webhook' },
];

/** A whole number as typed in Times and Interval: digits, spaces around them allowed. */
const WHOLE = /^\s*\d+\s*$/;

export function backendText(status: SecretStatus): string {
  switch (status.backend) {
    case 'safeStorage':
      return 'Encrypted by the operating system (safeStorage).';
    case 'env':
      return 'From the EVENTBENCH_SEGMENT_WRITE_KEY environment variable (read-only).';
    case 'file':
      return 'Stored as plain text in a 0600 file (secrets.json in the data dir), readable only by you.';
  }
}

/**
 * `asSource`: the workspace source the composer sends as; local sends then carry its local key.
 * `messageJson`: the message's text when it may hold a number JSON.parse rounds (the engine sends its digits).
 */
export function SendPanel({ message, messageJson, disabledReason, asSource }: { message: JsonObject; messageJson?: string; disabledReason: string | null; asSource?: string }) {
  const api = useEngineApi();
  const receiverUrl = useAppStore((s) => s.info?.receiverUrl);
  const configuredWebhooks = useAppStore((s) => s.webhooks);
  const sources = useAppStore((s) => s.workspaceView?.workspace ?? EMPTY_WORKSPACE).sources;
  // The workspace's webhook sources, then the receiver's other webhooks; the first is the default.
  const webhooks = useMemo(() => webhookChoices(sources, configuredWebhooks, receiverUrl ?? '', asSource), [sources, configuredWebhooks, receiverUrl, asSource]);
  const [kind, setKind] = useState<Kind>('local');
  const [region, setRegion] = useState<'us' | 'eu'>('us');
  const [typedKey, setTypedKey] = useState('');
  const [host, setHost] = useState('');
  // null: not edited, so it follows the default (the first configured webhook).
  const [hookUrlEdited, setHookUrl] = useState<string | null>(null);
  const hookUrl = hookUrlEdited ?? defaultWebhookUrl(webhooks, receiverUrl);
  const hookPicked = webhooks.find((w) => w.url === hookUrl.trim());
  const [hookSecret, setHookSecret] = useState('');
  const [times, setTimes] = useState('1');
  const [interval, setIntervalText] = useState('1000');
  const [freshIds, setFreshIds] = useState(true);
  const [freshIdentities, setFreshIdentities] = useState(false);
  const [status, setStatus] = useState<SecretStatus | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // Stored or removed in another window: followed, not read once.
    const off = api.subscribe((e) => e.name === 'secrets.changed' && setStatus(e.payload));
    api.call('secrets.status', undefined).then(setStatus, () => setStatus(null));
    return off;
  }, [api]);
  // An error belongs to the send it came from: a reconnect (after "Not connected to the engine")
  // or another target makes it stale.
  const connected = useAppStore((s) => s.connection === 'connected');
  useEffect(() => {
    if (connected) setError(null);
  }, [connected]);
  useEffect(() => setError(null), [kind]);

  const saveKey = async (writeKey: string | null) => {
    setError(null);
    try {
      setStatus(await api.call('secrets.setWriteKey', { writeKey }));
      setTypedKey('');
    } catch (err) {
      setError((err as Error).message);
    }
  };

  const target = (): SendTarget => {
    switch (kind) {
      case 'local':
        return { kind: 'local', ...(asSource ? { asSource } : {}) };
      case 'segment':
        return { kind: 'segment', region, ...(typedKey.trim() ? { writeKey: typedKey.trim() } : {}) };
      case 'custom':
        return { kind: 'custom', host: host.trim(), ...(typedKey.trim() ? { writeKey: typedKey.trim() } : {}) };
      case 'webhook':
        return { kind: 'webhook', url: hookUrl.trim(), ...(hookSecret ? { secret: hookSecret } : {}) };
    }
  };

  // Digits only: Number() read "" and " " as 0, "1e3" as 1000 and "0x10" as 16, and a German
  // "1.000" (a thousand) as 1, each sent without a word.
  const copies = WHOLE.test(times) ? Number(times.trim()) : NaN;
  const send = async () => {
    setError(null);
    if (!Number.isInteger(copies) || copies < 1 || copies > 1000) return setError(`Times: a whole number from 1 to 1000, not ${shownValue(times)}.`);
    const intervalMs = WHOLE.test(interval) ? Number(interval.trim()) : NaN;
    if (copies > 1 && !Number.isFinite(intervalMs)) return setError(`Interval: a whole number of milliseconds, 0 or more, not ${shownValue(interval)}.`);
    const request: SendRequest = { target: target(), message, ...(messageJson !== undefined ? { messageJson } : {}), times: copies, intervalMs: copies > 1 ? intervalMs : 0, freshMessageIds: freshIds, freshIdentities };
    setBusy(true);
    try {
      await api.call('sender.send', request);
    } catch (err) {
      setError(withFieldLabel((err as Error).message));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="send-panel">
      <div className="panel-head">
        <h3>Send</h3>
      </div>
      {/* A radio group as WAI-ARIA has it: one Tab stop (the checked one), arrow keys choose. */}
      <div
        className="segmented"
        role="radiogroup"
        aria-label="Send to"
        onKeyDown={(e) => {
          const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
          if (!step) return;
          e.preventDefault();
          const next = KINDS[(KINDS.findIndex((k) => k.kind === kind) + step + KINDS.length) % KINDS.length].kind;
          setKind(next);
          e.currentTarget.querySelector<HTMLButtonElement>(`[data-kind="${next}"]`)?.focus();
        }}
      >
        {KINDS.map((k) => (
          <button key={k.kind} type="button" role="radio" data-kind={k.kind} aria-checked={kind === k.kind} tabIndex={kind === k.kind ? 0 : -1} className={kind === k.kind ? 'active' : ''} onClick={() => setKind(k.kind)}>
            {k.label}
          </button>
        ))}
      </div>

      {kind === 'local' && (
        <p className="hint">
          Through analytics-node to this app's receiver{receiverUrl ? <> at <code>{receiverUrl}</code></> : null}; the row appears in the inspector
          {asSource ? ", checked as the source it is sent as" : ''}.
        </p>
      )}

      {kind === 'segment' && (
        <label className="field">
          <span>Region</span>
          <select value={region} onChange={(e) => setRegion(e.target.value as 'us' | 'eu')} aria-label="Region">
            <option value="us">US · api.segment.io</option>
            <option value="eu">EU · events.eu1.segmentapis.com</option>
          </select>
        </label>
      )}
      {kind === 'custom' && (
        <label className="field">
          <span>Host</span>
          <input type="text" value={host} placeholder="https://segment-proxy.example.com" onChange={(e) => setHost(e.target.value)} aria-label="Custom host" />
        </label>
      )}
      {(kind === 'segment' || kind === 'custom') && (
        <div className="field">
          <span>Write key</span>
          {status?.hasWriteKey && (
            <div className="key-row">
              <code className="key-masked" aria-label="Stored write key">{status.writeKeyMasked}</code>
              {status.backend !== 'env' && (
                <Button size="sm" variant="ghost" onClick={() => void saveKey(null)}>
                  Remove
                </Button>
              )}
            </div>
          )}
          {status?.backend !== 'env' && (
            <div className="key-row">
              <input type="password" autoComplete="off" value={typedKey} placeholder={status?.hasWriteKey ? 'Use another key for this send' : 'Paste the source write key'} onChange={(e) => setTypedKey(e.target.value)} aria-label="Write key" />
              <Button size="sm" disabled={!typedKey.trim()} onClick={() => void saveKey(typedKey)}>
                Store
              </Button>
            </div>
          )}
          {status && <div className={`hint ${status.plainText ? 'key-plain' : ''}`}>{backendText(status)}</div>}
          {status?.warning && <div className="error-text">{status.warning}</div>}
        </div>
      )}
      {kind === 'webhook' && (
        <>
          <label className="field">
            <span>Webhook URL</span>
            <input
              type="text"
              value={hookUrl}
              list="configured-webhooks"
              placeholder={receiverUrl ? `${receiverUrl}/webhook/product-fruits` : 'https://example.com/hook'}
              onChange={(e) => setHookUrl(e.target.value)}
              aria-label="Webhook URL"
            />
            {/* The receiver's configured webhooks, to pick from (any other URL can be typed). */}
            <datalist id="configured-webhooks">
              {webhooks.map((w) => (
                <option key={w.name} value={w.url}>
                  {w.sourceName ? `${w.sourceName} · ${w.name}` : w.name}
                  {w.hasSecret ? ' (signed)' : ''}
                </option>
              ))}
            </datalist>
          </label>
          {webhooks.length > 0 && (
            <div className="hook-picks" aria-label="Configured webhooks">
              {webhooks.map((w) => (
                <button key={w.name} type="button" className="chip" onClick={() => setHookUrl(w.url)} aria-pressed={hookUrl === w.url} title={`${w.sourceName ? `Workspace source ${w.sourceName}: ` : ''}${w.url}${w.hasSecret ? ' (shared secret set)' : ''}`}>
                  {w.name}
                </button>
              ))}
            </div>
          )}
          <label className="field">
            <span>Shared secret (optional)</span>
            <input
              type="password"
              autoComplete="off"
              value={hookSecret}
              placeholder={hookPicked?.hasSecret ? `Empty: the secret set for ${hookPicked.name}` : undefined}
              onChange={(e) => setHookSecret(e.target.value)}
              aria-label="Shared secret"
              aria-describedby="hook-secret-hint"
            />
          </label>
          <p className="hint" id="hook-secret-hint">
            Posted as Segment's Webhook destination does; with a secret, signed in X-Signature (HMAC-SHA1).
            {hookPicked?.hasSecret && !hookSecret ? ` Left empty, it is signed with the secret set for ${hookPicked.name} in the Webhooks tab.` : ''}
          </p>
        </>
      )}

      <div className="send-options">
        <label className="field field-narrow">
          <span>Times</span>
          <input type="text" inputMode="numeric" value={times} onChange={(e) => setTimes(e.target.value)} aria-label="Times" />
        </label>
        <label className="field field-narrow">
          <span>Interval (ms)</span>
          <input type="text" inputMode="numeric" value={interval} disabled={copies <= 1} onChange={(e) => setIntervalText(e.target.value)} aria-label="Interval in milliseconds" />
        </label>
      </div>
      <div className="send-toggles">
        <label className="check">
          <input type="checkbox" checked={freshIds} onChange={(e) => setFreshIds(e.target.checked)} /> Fresh messageId per copy
        </label>
        <label className="check">
          <input type="checkbox" checked={freshIdentities} onChange={(e) => setFreshIdentities(e.target.checked)} /> Fresh identities
        </label>
      </div>
      {error && (
        <div className="error-text" role="alert">
          {error}
        </div>
      )}
      {/* While sending it is aria-disabled, not disabled: Chromium drops the focus of a button the
          moment it is disabled, and a keyboard user who pressed Enter lost their place. */}
      <Button variant="primary" className="send-button" disabled={!!disabledReason} aria-disabled={busy || undefined} title={disabledReason ?? undefined} onClick={() => void (busy || send())}>
        {busy ? 'Sending…' : copies > 1 ? `Send ${copies} copies` : 'Send'}
      </Button>
      {disabledReason && <div className="hint">{disabledReason}</div>}
    </div>
  );
}

/** The fields of a send target as this panel labels them. */
const TARGET_LABELS: Record<string, string> = { writeKey: 'Write key', host: 'Host', url: 'Webhook URL', region: 'Region', secret: 'Shared secret' };

/**
 * The engine names a bad target by its request field ("target.writeKey: …", as a scenario's
 * `via: sender` step needs it); here it is the field's label, as the panel's own checks say it
 * ("Times: …"). It showed "target.writeKey: no Segment write key given…".
 */
function withFieldLabel(message: string): string {
  const m = /^target\.([A-Za-z]+): /.exec(message);
  const label = m ? TARGET_LABELS[m[1]] : undefined;
  return m && label ? `${label}: ${message.slice(m[0].length)}` : message;
}
