// The webhooks the send panel offers: the workspace's webhook sources (each a webhook name of this
// receiver) first, in the workspace's order, then the receiver's other configured webhooks
// (Webhooks tab). The first is the default target; /webhook/product-fruits only when none is
// configured. A webhook configured with a shared secret is signed with it by the engine when the
// panel's secret is left empty (as a scenario's webhook send is).
import type { WebhookView } from '../../../src-shared/api';
import type { WorkspaceSource } from '../../../src-shared/workspace';

export interface WebhookChoice {
  /** The webhook name: POST /webhook/<name>. */
  name: string;
  url: string;
  /** A shared secret is configured for it (the engine signs with it). */
  hasSecret: boolean;
  /** The workspace source that names it, if any. */
  sourceName?: string;
}

export const FALLBACK_WEBHOOK = 'product-fruits';

export function webhookUrl(receiverUrl: string, name: string): string {
  return `${receiverUrl.replace(/\/+$/, '')}/webhook/${encodeURIComponent(name)}`;
}

/** `preferSource`: the workspace source the composer sends as; its webhook, when it has one, comes first. */
export function webhookChoices(sources: readonly WorkspaceSource[], configured: readonly WebhookView[], receiverUrl: string, preferSource?: string): WebhookChoice[] {
  const out: WebhookChoice[] = [];
  const seen = new Set<string>();
  const ordered = [...sources.filter((s) => s.id === preferSource), ...sources.filter((s) => s.id !== preferSource)];
  for (const s of ordered) {
    if (s.webhook === undefined || seen.has(s.webhook)) continue;
    seen.add(s.webhook);
    const hook = configured.find((w) => w.name === s.webhook);
    out.push({ name: s.webhook, url: hook?.url ?? webhookUrl(receiverUrl, s.webhook), hasSecret: hook?.hasSecret ?? false, sourceName: s.name });
  }
  for (const w of configured) {
    if (seen.has(w.name)) continue;
    seen.add(w.name);
    out.push({ name: w.name, url: w.url, hasSecret: w.hasSecret });
  }
  return out;
}

/** The URL the Webhook target starts with: the first configured webhook, else /webhook/product-fruits. */
export function defaultWebhookUrl(choices: readonly WebhookChoice[], receiverUrl: string | undefined): string {
  if (choices.length > 0) return choices[0].url;
  return receiverUrl ? webhookUrl(receiverUrl, FALLBACK_WEBHOOK) : '';
}
