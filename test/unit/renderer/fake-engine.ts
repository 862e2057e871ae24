// An in-memory EngineApi for store tests: answers commands from arrays and lets the test push events.
import type { CommandArg, CommandName, CommandResult, EngineApi, EngineEvent, WebhookView } from '../../../src-shared/api';
import type { CapturedMessage, MessageSummary } from '../../../src-shared/capture';
import { encodeSummaries } from '../../../src-shared/summary-columns';

export { summary } from './summary-rows';

export function captured(s: MessageSummary): CapturedMessage {
  return {
    seq: s.seq,
    requestId: `req-${s.seq}`,
    receivedAt: s.receivedAt,
    origin: { kind: 'tracking', endpoint: s.endpoint, writeKey: 'secret-write-key', writeKeySource: 'basic' },
    headers: { 'content-type': 'application/json', authorization: '[redacted]' },
    message: { type: s.type, event: s.name, userId: s.userId, messageId: `m-${s.seq}`, receivedAt: s.receivedAt },
    messageIdAssigned: false,
    dropReasons: [],
    findings: [],
  };
}

export class FakeEngine implements EngineApi {
  rows: MessageSummary[] = [];
  webhooks: WebhookView[] = [];
  storeWarnings: string[] = [];
  calls: { name: CommandName; arg: unknown }[] = [];
  /** seqs answered by messages.search, keyed by text; default: none. */
  searchAnswers = new Map<string, number[]>();
  private listeners = new Set<(e: EngineEvent) => void>();

  async call<K extends CommandName>(name: K, arg: CommandArg<K>): Promise<CommandResult<K>> {
    this.calls.push({ name, arg });
    const result = this.answer(name, arg);
    return result as CommandResult<K>;
  }

  private answer(name: CommandName, arg: unknown): unknown {
    switch (name) {
      case 'engine.info':
        return {
          version: 'test',
          receiverUrl: 'http://127.0.0.1:9999',
          dataDir: '/tmp/x',
          shell: 'test',
          secretBackend: 'file',
          messageCount: this.rows.length,
          storeWarnings: this.storeWarnings,
        };
      case 'messages.list':
        return [...this.rows];
      case 'messages.page': {
        const q = (arg ?? {}) as { afterSeq?: number; limit?: number };
        const rows = this.rows.filter((r) => r.seq > (q.afterSeq ?? 0)).slice(0, q.limit ?? Infinity);
        return { columns: encodeSummaries(rows), total: this.rows.length, lastSeq: this.rows.at(-1)?.seq ?? 0 };
      }
      case 'messages.get': {
        const s = this.rows.find((r) => r.seq === (arg as { seq: number }).seq);
        return s ? captured(s) : null;
      }
      case 'messages.search':
        return this.searchAnswers.get((arg as { text: string }).text) ?? [];
      case 'messages.clear':
        this.rows = [];
        return undefined;
      case 'webhooks.list':
        return this.webhooks;
      case 'webhooks.save': {
        const c = arg as { name: string; secret?: string; rejectInvalid: boolean; keepSecret?: boolean };
        const view = { name: c.name, hasSecret: !!c.secret || !!c.keepSecret, rejectInvalid: c.rejectInvalid, url: `http://127.0.0.1:9999/webhook/${c.name}` };
        this.webhooks = [...this.webhooks.filter((w) => w.name !== c.name), view];
        return view;
      }
      case 'workspace.get':
        // No workspace: every partner is checked (the engine's own answer for an empty one).
        return { workspace: { sources: [] }, seen: [], destinations: [], note: 'Checking against every partner: connect your sources to narrow this.' } as never;
      case 'webhooks.delete':
        this.webhooks = this.webhooks.filter((w) => w.name !== (arg as { name: string }).name);
        return undefined;
      default:
        throw new Error(`FakeEngine: ${name} not implemented`);
    }
  }

  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  emit(event: EngineEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** Stores the rows and pushes them as the engine would. */
  add(rows: MessageSummary[]): void {
    this.rows.push(...rows);
    this.emit({ name: 'messages.added', payload: rows });
  }
}

/** A frame scheduler the test flushes by hand. */
export function manualFrames() {
  let pending: (() => void)[] = [];
  return {
    schedule: (cb: () => void) => void pending.push(cb),
    get count() {
      return pending.length;
    },
    flush() {
      const run = pending;
      pending = [];
      for (const cb of run) cb();
    },
  };
}
