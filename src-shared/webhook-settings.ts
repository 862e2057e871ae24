// The webhooks kept in settings.json, read back. The file is the engine's own, but it can be
// edited by hand or damaged: an entry that cannot be taken as written is said, by its place and
// name, never dropped or changed silently (a secret that is not text left the webhook unchecked
// while "reject invalid" still looked on).
import type { StoredWebhook } from './api';
import { parseIsoTime } from './tracking-api/time';

export interface ReadWebhooks {
  webhooks: StoredWebhook[];
  /** One sentence per entry that was left out or taken otherwise than written. */
  problems: string[];
}

/** `nameFault`: what is wrong with a name the receiver's URL cannot carry, else undefined. */
export function readWebhookSettings(settings: unknown, nameFault: (name: string) => string | undefined): ReadWebhooks {
  const webhooks: StoredWebhook[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const raw = typeof settings === 'object' && settings !== null ? (settings as { webhooks?: unknown }).webhooks : undefined;
  if (raw === undefined) return { webhooks, problems };
  if (!Array.isArray(raw)) {
    problems.push(`"webhooks" must be a list, not ${describe(raw)}; no webhook is configured until they are saved again`);
    return { webhooks, problems };
  }
  raw.forEach((entry: unknown, i) => {
    const at = `webhooks[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${at}: must be an object, not ${describe(entry)}; left out`);
      return;
    }
    const { name, secret, rejectInvalid, secretChangedAt } = entry as Record<string, unknown>;
    if (typeof name !== 'string') {
      problems.push(`${at}: "name" must be text, not ${describe(name)}; left out`);
      return;
    }
    const named = `${at} (${JSON.stringify(name.slice(0, 80))})`;
    const fault = nameFault(name);
    if (fault !== undefined) {
      problems.push(`${named}: the name ${fault}; left out`);
      return;
    }
    // The receiver takes the first entry of a name: a later one is not a second webhook.
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push(`${named}: webhooks[${first}] has the same name, and is the one used; left out`);
      return;
    }
    seen.set(name, i);
    if (secret !== undefined && typeof secret !== 'string') {
      problems.push(`${named}: "secret" must be text, not ${describe(secret)}; the webhook has no secret (its signatures are not checked) until it is saved again`);
    }
    if (rejectInvalid !== undefined && typeof rejectInvalid !== 'boolean') {
      problems.push(`${named}: "rejectInvalid" must be true or false, not ${describe(rejectInvalid)}; taken as false until it is saved again`);
    }
    // When its secret was changed: only for the Inspector's hint, so a bad one loses the hint, never the webhook.
    const changedAt = typeof secretChangedAt === 'string' && parseIsoTime(secretChangedAt) !== undefined ? secretChangedAt : undefined;
    if (secretChangedAt !== undefined && changedAt === undefined) {
      problems.push(`${named}: "secretChangedAt" must be an ISO-8601 time (when its secret was changed), not ${describe(secretChangedAt)}; left out, so an invalid signature is not explained by the change until the secret is changed again`);
    }
    const hasSecret = typeof secret === 'string' && secret !== '';
    webhooks.push({ name, ...(hasSecret ? { secret } : {}), rejectInvalid: rejectInvalid === true, ...(hasSecret && changedAt !== undefined ? { secretChangedAt: changedAt } : {}) });
  });
  return { webhooks, problems };
}

/** A value as a warning shows it: short JSON, "an object" / "a list" for containers. */
function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  return JSON.stringify(value).slice(0, 60);
}
