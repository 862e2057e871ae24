import type { StoreApi } from 'zustand/vanilla';
import type { AppState, SliceDeps, WebhooksSlice } from '../types';

type Set = StoreApi<AppState>['setState'];
type Get = StoreApi<AppState>['getState'];

export function createWebhooksSlice(set: Set, get: Get, deps: SliceDeps): WebhooksSlice {
  return {
    webhooks: [],
    webhooksLoaded: false,

    async loadWebhooks() {
      const webhooks = await deps.api.call('webhooks.list', undefined);
      set({ webhooks, webhooksLoaded: true });
    },

    async saveWebhook(config) {
      const saved = await deps.api.call('webhooks.save', config);
      const others = get().webhooks.filter((w) => w.name !== saved.name);
      set({ webhooks: [...others, saved].sort((a, b) => a.name.localeCompare(b.name)) });
      return saved;
    },

    async deleteWebhook(name) {
      await deps.api.call('webhooks.delete', { name });
      set({ webhooks: get().webhooks.filter((w) => w.name !== name) });
    },
  };
}
