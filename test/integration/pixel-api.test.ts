// Segment's Tracking Pixel API: `GET /v1/pixel/<call>?data=<base64 JSON>` from an <img> in an email
// or a page that cannot POST, answered with a 1x1 GIF whatever happens. Its `data` may also be the
// JSON itself (base64 is optional), or the message given as query parameters, dotted paths for
// nested ones (`properties.subject=…`). It was a 404 `unknown-path`, so an email-open pixel pointed
// at Eventbench was lost. Over real HTTP on loopback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKeyFingerprint } from '../../src-main/store/write-key';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

type Row = { origin: Record<string, unknown>; message: Record<string, unknown> };
async function captured(event: string): Promise<Row[]> {
  return (await (await fetch(`${t.engine.url}/api/messages?event=${encodeURIComponent(event)}`)).json()) as Row[];
}

async function pixel(path: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(`${t.engine.url}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
}

const isGif = (bytes: Buffer) => bytes.subarray(0, 6).toString('latin1') === 'GIF89a';

describe('the Tracking Pixel API', () => {
  it("Segment's own example: data as base64 without padding, answered with a GIF and captured with its write key masked", async () => {
    // The payload of Segment's "Email Opened" example, encoded as its docs show (no trailing "=").
    const payload = { writeKey: 'wk_pixel_SECRET_1', userId: 'user_123', event: 'Email Opened', properties: { subject: 'The Electric Daily', email: 'jane.kim@example.com' } };
    const data = Buffer.from(JSON.stringify(payload)).toString('base64').replace(/=+$/, '');
    const res = await pixel(`/v1/pixel/track?data=${data}`);
    expect(res.status).toBe(200);
    expect(res.type).toBe('image/gif');
    expect(isGif(res.bytes)).toBe(true);
    const [row] = await captured('Email Opened');
    expect(row.origin).toMatchObject({ kind: 'tracking', endpoint: '/v1/pixel/track', writeKeySource: 'body', writeKeyFingerprint: writeKeyFingerprint('wk_pixel_SECRET_1') });
    expect(row.message).toMatchObject({ type: 'track', userId: 'user_123', event: 'Email Opened', properties: payload.properties });
    expect(row.message).not.toHaveProperty('writeKey');
  });

  it('data as URL-safe base64, and as the JSON itself', async () => {
    const payload = { writeKey: 'k', anonymousId: 'a-1', name: 'Pricing ÿ?>', properties: { path: '/pricing?x=1' } };
    const urlSafe = Buffer.from(JSON.stringify(payload)).toString('base64url');
    expect(urlSafe).toMatch(/[-_]/); // the test holds characters only URL-safe base64 has
    expect((await pixel(`/v1/pixel/page?data=${urlSafe}`)).status).toBe(200);
    const plain = { ...payload, name: 'Pricing plain' };
    expect((await pixel(`/v1/pixel/page?data=${encodeURIComponent(JSON.stringify(plain))}`)).status).toBe(200);
    const rows = (await (await fetch(`${t.engine.url}/api/messages?type=page`)).json()) as Row[];
    expect(rows.map((r) => [r.message.name, r.message.properties, r.origin.endpoint])).toEqual([
      ['Pricing ÿ?>', { path: '/pricing?x=1' }, '/v1/pixel/page'],
      ['Pricing plain', { path: '/pricing?x=1' }, '/v1/pixel/page'],
    ]);
  });

  it('the message as query parameters, dotted names for nested fields (Segment’s unencoded form)', async () => {
    const res = await pixel('/v1/pixel/track?userId=user_123&event=Email%20Clicked&properties.subject=The%20Electric%20Daily&properties.link.url=https%3A%2F%2Fx.test&writeKey=k');
    expect(res.status).toBe(200);
    const [row] = await captured('Email Clicked');
    expect(row.message).toMatchObject({ type: 'track', userId: 'user_123', event: 'Email Clicked', properties: { subject: 'The Electric Daily', link: { url: 'https://x.test' } } });
    expect(row.origin.writeKeySource).toBe('body');
  });

  it('data that cannot be read is still a GIF (as at Segment), and the Connect tab’s activity says why', async () => {
    const res = await pixel('/v1/pixel/track?data=%%%not-base64');
    expect(res.status).toBe(200);
    expect(isGif(res.bytes)).toBe(true);
    const activity = await t.engine.call('connect.activity', undefined);
    const last = activity.at(-1)!;
    expect(last).toMatchObject({ kind: 'refused', endpoint: '/v1/pixel/track' });
    expect(last.reason).toBe('the pixel\'s data parameter is neither base64 nor JSON: "%%%not-base64"');
    // %-escapes that are not UTF-8: quoted as sent, not as the U+FFFD they read as.
    await pixel('/v1/pixel/track?data=%E9%E9');
    expect((await t.engine.call('connect.activity', undefined)).at(-1)!.reason).toBe('the pixel\'s data parameter is neither base64 nor JSON: "%E9%E9"');
    // JSON saved as Latin-1 ("Café" with E9), then base64: it is base64, of text that is not UTF-8.
    const latin1 = Buffer.from('{"writeKey":"k","userId":"u","event":"Caf\xe9"}', 'latin1').toString('base64');
    expect(isGif((await pixel(`/v1/pixel/track?data=${encodeURIComponent(latin1)}`)).bytes)).toBe(true);
    expect((await t.engine.call('connect.activity', undefined)).at(-1)!.reason).toBe(
      `the pixel's data parameter is base64, but what it decodes to is not UTF-8 text (JSON saved in Latin-1 or Windows-1252?): encode the JSON as UTF-8, then as base64: "${latin1}"`,
    );
  });

  it('HEAD (a readiness check, curl -I) answers as GET does and captures nothing', async () => {
    const data = Buffer.from(JSON.stringify({ writeKey: 'k', userId: 'u', event: 'Head Only' })).toString('base64');
    const res = await fetch(`${t.engine.url}/v1/pixel/track?data=${data}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(await captured('Head Only')).toEqual([]);
  });

  it('a pixel for a call Segment has none for is a 404 naming the ones it has', async () => {
    const res = await fetch(`${t.engine.url}/v1/pixel/batch?data=e30`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe(
      'unknown Tracking API path /v1/pixel/batch; the pixel paths are /v1/pixel/identify, group, alias, page, screen and track',
    );
  });
});
