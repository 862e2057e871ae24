// What happened to each sent message, live from the engine's `sender.delivery` events: state,
// status, every attempt (request with Authorization redacted, response), and for local sends a
// link to the captured row.
import { useEffect, useRef, useState } from 'react';
import type { Delivery, DeliveryAttempt, SendTarget } from '../../../src-shared/api';
import { useAppStore, useEngineApi } from '../state';
import { Badge, Button, EmptyState, type BadgeTone } from '../ui';

const STATE_TONE: Record<Delivery['state'], BadgeTone> = { pending: 'neutral', retrying: 'warn', delivered: 'ok', failed: 'error' };
const MAX_SHOWN = 200;

export function targetLabel(t: SendTarget): string {
  switch (t.kind) {
    case 'local':
      return 'local receiver';
    case 'segment':
      return `Segment ${t.region.toUpperCase()}`;
    case 'custom':
      return t.host;
    case 'webhook':
      return t.url;
  }
}

/** Deliveries by id, newest first; updates are applied once per animation frame. */
function useDeliveries(): Delivery[] {
  const api = useEngineApi();
  const [list, setList] = useState<Delivery[]>([]);
  const byId = useRef(new Map<string, Delivery>());
  useEffect(() => {
    let frame = 0;
    const flush = () => {
      frame = 0;
      const all = [...byId.current.values()].sort((a, b) => (a.startedAt === b.startedAt ? b.index - a.index : a.startedAt < b.startedAt ? 1 : -1));
      setList(all.slice(0, MAX_SHOWN));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(flush);
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.name !== 'sender.delivery') return;
      byId.current.set(event.payload.id, event.payload);
      schedule();
    });
    api.call('sender.deliveries', undefined).then(
      (initial) => {
        for (const d of initial) if (!byId.current.has(d.id)) byId.current.set(d.id, d);
        schedule();
      },
      () => undefined,
    );
    return () => {
      unsubscribe();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [api]);
  return list;
}

export function DeliveriesList() {
  const deliveries = useDeliveries();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div className="deliveries" aria-label="Deliveries">
      <div className="panel-head">
        <h3>Deliveries</h3>
        {deliveries.length > 0 && <span className="hint">{deliveries.length}</span>}
      </div>
      {deliveries.length === 0 ? (
        <EmptyState title="Nothing sent yet">Each message you send shows here with its requests, answers and retries.</EmptyState>
      ) : (
        <ul className="delivery-list">
          {deliveries.map((d) => (
            <DeliveryRow key={d.id} delivery={d} open={open === d.id} onToggle={() => setOpen(open === d.id ? null : d.id)} />
          ))}
        </ul>
      )}
    </div>
  );
}

function DeliveryRow({ delivery: d, open, onToggle }: { delivery: Delivery; open: boolean; onToggle(): void }) {
  const showMessage = useAppStore((s) => s.showMessage);
  const showSession = useAppStore((s) => s.showSession);
  const last = d.attempts[d.attempts.length - 1];
  return (
    <li className={`delivery delivery-${d.state}`} data-delivery={d.id}>
      <div className="delivery-summary">
        <button type="button" className="delivery-toggle" aria-expanded={open} onClick={onToggle}>
          <span className="caret">{open ? '▾' : '▸'}</span>
          <Badge tone={STATE_TONE[d.state]}>{d.state}</Badge>
          <span className="delivery-status">{last?.status ?? (last?.error ? 'error' : '—')}</span>
          {/* What, then where, a line each: on one line the target was cut ('track "Export Report" → lo…'). */}
          <span className="delivery-target" title={`${d.label ?? 'message'} → ${targetLabel(d.target)}`}>
            {d.label && <span className="delivery-what">{d.label} </span>}
            <span className="delivery-where">→ {targetLabel(d.target)}</span>
          </span>
          <span className="delivery-meta">
            {d.attempts.length > 1 ? `${d.attempts.length} attempts · ` : ''}
            {new Date(d.startedAt).toLocaleTimeString('en-GB', { hour12: false })}
          </span>
        </button>
      </div>
      {d.capturedSeq !== undefined && (
        <div className="delivery-actions">
          <span className="hint">Captured as row #{d.capturedSeq}</span>
          <span className="delivery-links">
            <Button size="sm" variant="ghost" onClick={() => showMessage(d.capturedSeq!)}>
              Show in inspector →
            </Button>
            {/* Where a sent message's session times out: nothing in the composer led to the Sessions tab. */}
            <Button size="sm" variant="ghost" onClick={() => showSession(d.capturedSeq!)} title="Open the Sessions tab at the session this message is in, to watch it time out on the simulation clock">
              Show its session →
            </Button>
          </span>
        </div>
      )}
      {open && (
        <div className="delivery-detail">
          <div className="kv">
            <span>messageId</span>
            <code>{d.messageId}</code>
          </div>
          {d.error && <div className="error-text">{d.error}</div>}
          {d.attempts.map((a, i) => (
            <AttemptView key={i} attempt={a} n={i + 1} />
          ))}
        </div>
      )}
    </li>
  );
}

function AttemptView({ attempt: a, n }: { attempt: DeliveryAttempt; n: number }) {
  return (
    <div className="attempt">
      <div className="attempt-head">
        <strong>Attempt {n}</strong>
        <span className="mono">POST {a.url}</span>
        {a.status !== undefined && <Badge tone={a.status < 300 ? 'ok' : a.status < 500 ? 'error' : 'warn'}>{a.status}</Badge>}
      </div>
      <details>
        <summary>Request headers</summary>
        <pre>{Object.entries(a.requestHeaders).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
      </details>
      <details>
        <summary>Request body</summary>
        <pre>{prettyJson(a.requestBody)}</pre>
      </details>
      {a.responseBody !== undefined && (
        <div className="attempt-response">
          <span className="hint">Response</span>
          <pre>{a.responseBody || '(empty)'}</pre>
        </div>
      )}
      {a.error && <div className="error-text">{a.error}</div>}
    </div>
  );
}

function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
