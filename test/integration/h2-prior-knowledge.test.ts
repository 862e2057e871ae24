// HTTP/2 with prior knowledge on the plain port (curl --http2-prior-knowledge, Node's
// http2.connect('http://…'), Go's h2c transports): the receiver speaks HTTP/1.1 there, and answered
// the connection preface with an HTTP/1.1 400 naming llhttp's "HPE_PAUSED_H2_UPGRADE: Pause on
// PRI/Upgrade", bytes an HTTP/2 client cannot read (curl: "Empty reply from server"; Node: a
// protocol error). Now it answers in HTTP/2: a GOAWAY with HTTP_1_1_REQUIRED and the reason as its
// debug data, and the Connect tab lists it.
import { connect } from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientActivity } from '../../src-shared/api';
import { startTestEngine, type TestEngine } from './helpers/engine';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

describe('HTTP/2 prior knowledge on the plain port', () => {
  it('is answered with a GOAWAY an HTTP/2 client reads: HTTP_1_1_REQUIRED, saying to send HTTP/1.1; nothing captured; listed', async () => {
    const session = connect(t.engine.url);
    const goaway = new Promise<{ code: number; debug: string }>((resolve) => {
      session.once('goaway', (code: number, _last: number, data?: Buffer) => resolve({ code, debug: data?.toString('utf8') ?? '' }));
      // Closed without one (what the HTTP/1.1 400 came to): no code to read.
      session.once('close', () => resolve({ code: -1, debug: '' }));
    });
    session.on('error', () => undefined);
    const stream = session.request({ ':method': 'POST', ':path': '/v1/track', 'content-type': 'application/json' });
    stream.on('error', () => undefined);
    stream.end(JSON.stringify({ userId: 'h2', event: 'Prior Knowledge' }));
    const got = await goaway;
    session.destroy();
    expect(got.code).toBe(13); // HTTP_1_1_REQUIRED
    expect(got.debug).toBe('this receiver speaks HTTP/1.1 on its plain port, not HTTP/2 (a client with prior knowledge, such as curl --http2-prior-knowledge): send HTTP/1.1');
    expect(await (await fetch(`${t.engine.url}/api/messages`)).json()).toEqual([]);
    const activity = (await t.engine.call('connect.activity', undefined)) as ClientActivity[];
    expect(activity.at(-1)).toMatchObject({ kind: 'refused', from: '127.0.0.1', reason: got.debug });
    // The receiver is still up for HTTP/1.1.
    expect((await fetch(`${t.engine.url}/v1/track`, { method: 'POST', body: JSON.stringify({ userId: 'h1', event: 'After' }) })).status).toBe(200);
  });
});
