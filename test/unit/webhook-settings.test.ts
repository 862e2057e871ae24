// settings.json's webhooks read back: when a webhook's secret was changed (secretChangedAt, only the
// time) is kept with it; a value that is no time is said and left out, never losing the webhook.
import { describe, expect, it } from 'vitest';
import { readWebhookSettings } from '../../src-shared/webhook-settings';

const read = (webhooks: unknown) => readWebhookSettings({ webhooks }, () => undefined);

describe('readWebhookSettings: secretChangedAt', () => {
  it('is read with the webhook', () => {
    expect(read([{ name: 'pf', secret: 's', rejectInvalid: true, secretChangedAt: '2026-12-08T00:10:00.000Z' }])).toEqual({
      webhooks: [{ name: 'pf', secret: 's', rejectInvalid: true, secretChangedAt: '2026-12-08T00:10:00.000Z' }],
      problems: [],
    });
  });

  it('a file without it (written before it was kept) reads as before', () => {
    expect(read([{ name: 'pf', secret: 's', rejectInvalid: false }]).webhooks).toEqual([{ name: 'pf', secret: 's', rejectInvalid: false }]);
  });

  it.each([[12], ['yesterday'], ['12'], [null]])('%j is said, with its place, and left out; the webhook is kept', (value) => {
    const r = read([{ name: 'pf', secret: 's', rejectInvalid: false, secretChangedAt: value }]);
    expect(r.webhooks).toEqual([{ name: 'pf', secret: 's', rejectInvalid: false }]);
    expect(r.problems).toEqual([
      `webhooks[0] ("pf"): "secretChangedAt" must be an ISO-8601 time (when its secret was changed), not ${JSON.stringify(value)}; left out, so an invalid signature is not explained by the change until the secret is changed again`,
    ]);
  });

  it('is not kept for a webhook without a secret (nothing to have changed)', () => {
    expect(read([{ name: 'pf', rejectInvalid: false, secretChangedAt: '2026-12-08T00:10:00.000Z' }]).webhooks).toEqual([{ name: 'pf', rejectInvalid: false }]);
  });
});
