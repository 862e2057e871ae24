// Holds every Delivery and reports each change. Deliveries are plain data the UI renders, so
// listeners always get a copy, never the live record.
import type { Delivery, DeliveryAttempt, DeliveryState, SendTarget } from '../../src-shared/api';
import type { Clock } from '../../src-shared/clock';

/** Older deliveries are forgotten beyond this many, so a long session cannot grow without bound. */
const MAX_KEPT = 1000;

export interface DeliveryTracker {
  create(init: { sendId: string; index: number; messageId: string; target: SendTarget; label?: string }): Delivery;
  startAttempt(id: string, attempt: Omit<DeliveryAttempt, 'at'>): void;
  /** Completes the latest attempt (status/response or error); optionally moves the state. */
  finishAttempt(id: string, result: Pick<DeliveryAttempt, 'status' | 'responseBody' | 'error'>, state?: DeliveryState): void;
  finish(id: string, state: 'delivered' | 'failed', patch?: { error?: string; capturedSeq?: number }): void;
  update(id: string, patch: Partial<Pick<Delivery, 'capturedSeq' | 'error'>>): void;
  get(id: string): Delivery | undefined;
  all(): Delivery[];
}

export function createDeliveryTracker(clock: Clock, onChange: (d: Delivery) => void): DeliveryTracker {
  const byId = new Map<string, Delivery>();
  const iso = () => new Date(clock.now()).toISOString();
  const emit = (d: Delivery) => onChange(structuredClone(d));

  const mustGet = (id: string): Delivery | undefined => byId.get(id);

  return {
    create({ sendId, index, messageId, target, label }) {
      const delivery: Delivery = {
        id: `${sendId}-${index + 1}`,
        sendId,
        index,
        messageId,
        target,
        ...(label ? { label } : {}),
        state: 'pending',
        attempts: [],
        startedAt: iso(),
      };
      byId.set(delivery.id, delivery);
      while (byId.size > MAX_KEPT) byId.delete(byId.keys().next().value as string);
      emit(delivery);
      return structuredClone(delivery);
    },
    startAttempt(id, attempt) {
      const d = mustGet(id);
      if (!d || d.finishedAt) return;
      d.attempts.push({ at: iso(), ...attempt });
      if (d.attempts.length > 1) d.state = 'retrying';
      emit(d);
    },
    finishAttempt(id, result, state) {
      const d = mustGet(id);
      if (!d || d.finishedAt) return;
      const last = d.attempts[d.attempts.length - 1];
      if (last) Object.assign(last, dropUndefined(result));
      if (state) d.state = state;
      emit(d);
    },
    finish(id, state, patch = {}) {
      const d = mustGet(id);
      if (!d || d.finishedAt) return;
      d.state = state;
      d.finishedAt = iso();
      Object.assign(d, dropUndefined(patch));
      emit(d);
    },
    update(id, patch) {
      const d = mustGet(id);
      if (!d) return;
      Object.assign(d, dropUndefined(patch));
      emit(d);
    },
    get: (id) => {
      const d = byId.get(id);
      return d && structuredClone(d);
    },
    all: () => [...byId.values()].map((d) => structuredClone(d)),
  };
}

function dropUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
