// The automation API (QA scripts, CI), the WebSocket transport and the static UI server.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EngineEvent, ServerFrame } from '../../src-shared/api';
import { startTestEngine, postJson, TEST_INGEST_MODE, type TestEngine } from './helpers/engine';

let t: TestEngine;
let staticDir: string;
beforeAll(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'eventbench-static-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>EB</title><script type="module" src="./assets/app.js"></script>');
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(staticDir, 'assets', 'app.css'), 'body{}');
  t = await startTestEngine({ staticDir });
});
afterAll(async () => {
  await t.dispose();
  await rm(staticDir, { recursive: true, force: true });
});

async function seed(): Promise<void> {
  await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
  await postJson(`${t.engine.url}/v1/batch`, {
    batch: [
      { type: 'track', userId: 'alice', anonymousId: 'a-1', event: 'Tour Start', properties: { tour_id: 'T-42' } },
      { type: 'identify', userId: 'alice', traits: { email: 'alice@example.com' } },
      { type: 'track', anonymousId: 'a-2', event: 'Notification Clicked', properties: { notificationId: 'n' } },
      { type: 'track', event: 'Nobody' },
    ],
  });
  await postJson(`${t.engine.url}/webhook/hook`, { type: 'track', userId: 'bob', event: 'Tour Start' });
}

const get = async (query: string) => {
  const res = await fetch(`${t.engine.url}/api/messages${query}`);
  return { status: res.status, body: (await res.json()) as any };
};
const names = async (query: string) => (await get(query)).body.map((m: any) => m.message.event ?? m.message.traits?.email);

describe('automation API', () => {
  it('reports health', async () => {
    const res = await fetch(`${t.engine.url}/api/health`);
    expect(res.status).toBe(200);
    // ingest: this file runs in both vitest projects, in-thread and with the ingest worker thread.
    expect(await res.json()).toMatchObject({ status: 'ok', receiverUrl: t.engine.url, messageCount: expect.any(Number), ingest: TEST_INGEST_MODE });
  });

  it('finds a JSON fragment however either side spaced it, and keeps spaces inside strings exact', async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    // One client sends compact JSON, another spaced out (as typed in a terminal).
    await postJson(`${t.engine.url}/v1/track`, '{"userId":"u1","event":"Compact","properties":{"plan":"pro","tier":"pro plus"}}');
    await postJson(`${t.engine.url}/v1/track`, '{ "userId": "u2", "event": "Spaced", "properties": { "plan" : "pro", "tier": "pro  plus" } }');
    const search = (text: string) => names(`?text=${encodeURIComponent(text)}`);
    expect(await search('"plan":"pro"')).toEqual(['Compact', 'Spaced']);
    expect(await search('"plan": "pro"')).toEqual(['Compact', 'Spaced']);
    expect(await search('"PLAN" :\n "Pro"')).toEqual(['Compact', 'Spaced']); // any case, any spacing
    expect(await search('plan": "pro')).toEqual(['Compact', 'Spaced']); // cut from inside a string
    // Inside strings, whitespace is content: two spaces are not one.
    expect(await search('"pro plus"')).toEqual(['Compact']);
    expect(await search('"pro  plus"')).toEqual(['Spaced']);
    // Plain words are matched as typed.
    expect(await search('pro plus')).toEqual(['Compact']);
    // Through the engine command too (the inspector's search box).
    expect((await t.engine.call('messages.search', { text: '"plan": "pro"' })).length).toBe(2);
  });

  it('filters messages by every documented field', async () => {
    await seed();
    expect(await names('')).toEqual(['Tour Start', 'alice@example.com', 'Notification Clicked', 'Nobody', 'Tour Start']);
    expect(await names('?type=identify')).toEqual(['alice@example.com']);
    expect(await names('?event=Tour%20Start')).toEqual(['Tour Start', 'Tour Start']);
    expect(await names('?userId=alice')).toEqual(['Tour Start', 'alice@example.com']);
    expect(await names('?anonymousId=a-2')).toEqual(['Notification Clicked']);
    expect(await names('?endpoint=/webhook/hook')).toEqual(['Tour Start']);
    expect(await names('?endpoint=batch&event=Tour%20Start')).toEqual(['Tour Start']);
    expect(await names('?text=t-42')).toEqual(['Tour Start']);
    expect(await names('?hasProblems=true&event=Nobody')).toEqual(['Nobody']);
    const clean = (await get('?hasProblems=false')).body as any[];
    const flagged = (await get('?hasProblems=true')).body as any[];
    expect(clean.length + flagged.length).toBe(5);
    for (const m of clean) {
      expect(m.dropReasons).toEqual([]);
      expect(m.findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([]);
    }
    expect(await names('?limit=2')).toEqual(['Nobody', 'Tour Start']);
    const segmentFlagged = await names('?profile=segment');
    expect(segmentFlagged).toContain('Nobody');
  });

  it('names a bad filter in a 400', async () => {
    expect(await get('?colour=red')).toMatchObject({ status: 400, body: { error: expect.stringContaining('unknown filter "colour"') } });
    expect((await get('?limit=-1')).status).toBe(400);
    expect((await get('?hasProblems=maybe')).body.error).toMatch(/hasProblems/);
    expect((await get('?profile=nope')).body.error).toMatch(/profile must be one of/);
    // Named twice: refused, not silently one of the two.
    expect(await get('?type=track&type=identify')).toMatchObject({ status: 400, body: { error: 'type is given more than once; give it once (filters combine with AND, one value each)' } });
    const sessions = await fetch(`${t.engine.url}/api/sessions?userId=a&userId=b`);
    expect(sessions.status).toBe(400);
    expect(((await sessions.json()) as { error: string }).error).toBe('userId is given more than once; give it once (filters combine with AND, one value each)');
  });

  it('refuses a filter whose %-escapes are not UTF-8 (a Latin-1 script), naming it; the UTF-8 escape finds the message', async () => {
    await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    await postJson(`${t.engine.url}/v1/track`, { userId: 'José', event: 'Accented' });
    // "José" escaped as Latin-1: read as "Jos\uFFFD", it matched nothing and answered [].
    expect(await get('?userId=Jos%E9')).toEqual({
      status: 400,
      body: { error: 'userId "Jos%E9" has %-escapes that are not UTF-8 (%E9): the query string is read as UTF-8, so escape each character\'s UTF-8 bytes ("é" is %C3%A9), as encodeURIComponent and curl --data-urlencode do' },
    });
    expect(await names('?userId=Jos%C3%A9')).toEqual(['Accented']);
    // A "%" that starts no escape is the character itself, as before.
    expect((await get('?text=100%')).status).toBe(200);
    const sessions = await fetch(`${t.engine.url}/api/sessions?userId=Jos%E9`);
    expect(sessions.status).toBe(400);
    expect(((await sessions.json()) as { error: string }).error).toMatch(/^userId "Jos%E9" has %-escapes that are not UTF-8/);
  });

  // A JSON body nested deeper than any message: POST /api/clock answered "Maximum call stack size
  // exceeded" (its error message stringified the value), and a users import a 500 "internal error".
  it('refuses a JSON body nested deeper than a message may be, saying how deep', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const clock = await fetch(`${t.engine.url}/api/clock`, { method: 'POST', body: `{"action":"set","to":${deep}}` });
    expect(clock.status).toBe(400);
    expect(await clock.json()).toEqual({ error: 'the body nests objects and arrays 10,001 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)' });
    const users = await fetch(`${t.engine.url}/api/users/import`, { method: 'POST', body: `[{"id":"x","email":"a@b","p":${deep}}]` });
    expect(users.status).toBe(200);
    expect(await users.json()).toEqual({ imported: 0, errors: [{ line: 1, message: 'the JSON nests objects and arrays 10,002 levels deep; Eventbench accepts at most 256 (deeper JSON cannot be shown or sent on again)' }] });
  });

  it('resets with DELETE /api/messages and imports NDJSON over HTTP', async () => {
    await seed();
    const del = await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE' });
    expect(await del.json()).toEqual({ cleared: 5 });
    expect((await get('')).body).toEqual([]);
    const imp = await fetch(`${t.engine.url}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ type: 'track', userId: 'imp', event: 'Imported' })}\nnope\n`,
    });
    expect(await imp.json()).toEqual({ imported: 1, errors: [{ line: 2, message: expect.stringMatching(/not valid JSON/) }] });
    expect(await names('')).toEqual(['Imported']);
    expect((await fetch(`${t.engine.url}/api/nothing`)).status).toBe(404);
    expect((await fetch(`${t.engine.url}/api/health`, { method: 'POST' })).status).toBe(405);
  });

  // `wget --spider` and `curl -I`, common readiness checks in CI, ask with HEAD: a GET route must
  // answer it as GET does, without the body (it was a 405, so the check never passed).
  it('answers HEAD on every GET route as GET, without a body; elsewhere the 405 names HEAD and what is allowed', async () => {
    for (const path of ['/api/health', '/api/messages', '/api/export', '/api/clock', '/api/workspace', '/api/sessions', '/api/users']) {
      const head = await fetch(`${t.engine.url}${path}`, { method: 'HEAD' });
      expect([path, head.status]).toEqual([path, 200]);
      expect(head.headers.get('content-type')).toMatch(/^application\/(json|x-ndjson)/);
      expect(await head.text()).toBe('');
    }
    const head = await fetch(`${t.engine.url}/api/health`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(await (await fetch(`${t.engine.url}/api/health`)).text())));
    const onPost = await fetch(`${t.engine.url}/api/import`, { method: 'HEAD' });
    expect(onPost.status).toBe(405);
    expect(onPost.headers.get('allow')).toBe('POST');
    const get = await fetch(`${t.engine.url}/api/health`, { method: 'PUT' });
    expect(((await get.json()) as { error: string }).error).toBe('PUT is not allowed on /api/health; use GET or HEAD');
    expect(get.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses API calls from other origins and unknown Host names', async () => {
    const cross = await fetch(`${t.engine.url}/api/messages`, { method: 'DELETE', headers: { origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.engine.url}/api/health`, { headers: { host: 'rebound.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });
});

describe('WebSocket transport', () => {
  it('round-trips commands by id and pushes engine events', async () => {
    const ws = new WebSocket(`${t.engine.url.replace('http', 'ws')}/ws`);
    const frames: ServerFrame[] = [];
    const waiters = new Set<() => void>();
    ws.on('message', (d) => {
      frames.push(JSON.parse(String(d)));
      for (const w of [...waiters]) w();
    });
    /** Resolves with the first frame found, looking again on each frame that arrives. */
    const waitFor = <T>(find: () => T | undefined) =>
      new Promise<T>((resolve) => {
        const check = () => {
          const v = find();
          if (v === undefined) return;
          waiters.delete(check);
          resolve(v);
        };
        waiters.add(check);
        check();
      });
    await new Promise((resolve, reject) => ws.on('open', resolve).on('error', reject));
    ws.send(JSON.stringify({ id: 7, command: 'engine.info', arg: null }));
    const info = await waitFor(() => frames.find((f) => 'id' in f && f.id === 7));
    expect(info).toMatchObject({ id: 7, ok: true, result: { receiverUrl: t.engine.url, shell: 'test' } });

    ws.send(JSON.stringify({ id: 8, command: 'no.such', arg: null }));
    expect(await waitFor(() => frames.find((f) => 'id' in f && f.id === 8))).toMatchObject({ ok: false, error: { where: 'command' } });
    ws.send(JSON.stringify({ id: 9, command: 'messages.get', arg: { seq: 'x' } }));
    expect(await waitFor(() => frames.find((f) => 'id' in f && f.id === 9))).toMatchObject({ ok: false, error: { where: 'seq' } });

    await postJson(`${t.engine.url}/v1/track`, { userId: 'ws', event: 'Pushed' });
    const pushed = await waitFor(() =>
      frames.find((f): f is { event: EngineEvent } => 'event' in f && f.event.name === 'messages.added' && JSON.stringify(f.event.payload).includes('Pushed')),
    );
    // One push may carry rows captured just before (by earlier tests on this engine): pick ours.
    const row = (pushed.event.payload as { seq: number; name: string; userId?: string }[]).filter((r) => r.name === 'Pushed');
    expect(row).toEqual([expect.objectContaining({ name: 'Pushed', userId: 'ws' })]);
    ws.send(JSON.stringify({ id: 10, command: 'messages.search', arg: { text: 'PUSHED' } }));
    const search = await waitFor(() => frames.find((f) => 'id' in f && f.id === 10));
    expect(search).toMatchObject({ ok: true, result: [row[0].seq] });
    ws.close();
  });

  it('refuses a WebSocket from another origin', async () => {
    const ws = new WebSocket(`${t.engine.url.replace('http', 'ws')}/ws`, { headers: { origin: 'https://evil.example' } });
    const err = await new Promise<Error>((resolve) => ws.on('error', resolve));
    expect(err.message).toMatch(/403/);
  });
});

describe('static UI', () => {
  it('serves the built UI with content types and a CSP, and no traversal', async () => {
    const index = await fetch(`${t.engine.url}/`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = index.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`ws://${new URL(t.engine.url).host}`);
    expect(await index.text()).toContain('<title>EB</title>');
    expect((await fetch(`${t.engine.url}/assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${t.engine.url}/assets/app.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await fetch(`${t.engine.url}/assets/missing.js`)).status).toBe(404);
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fsecret.txt']) {
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        // Raw path: a URL object would normalize the dot segments away before sending.
        const { hostname, port } = new URL(t.engine.url);
        const req = request({ hostname, port, path }, (r) => {
          let body = '';
          r.on('data', (c) => (body += c));
          r.on('end', () => resolve({ status: r.statusCode!, body }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(res.body, path).not.toContain('root:');
      expect(res.status, path).toBe(404);
    }
  });
});

// JSON that does not parse, sent to the API by a script: the answer said what JSON.parse said
// (`Unexpected token '﻿', "﻿{"type":""... is not valid JSON`, the byte-order mark invisible in
// it; a position in a pretty-printed file), where the receiver names the line, column and text.
describe('JSON the API cannot parse is named where it went wrong', () => {
  it('POST /api/import: a line that starts with a byte-order mark (two files joined, each saved with one), a line padded with NULs', async () => {
    const line = (userId: string) => JSON.stringify({ type: 'track', userId, event: 'Joined' });
    const body = Buffer.concat([Buffer.from(`\ufeff${line('j-1')}\n\ufeff${line('j-2')}\n${line('j-3')}\u0000\u0000\n`, 'utf8')]);
    const res = await fetch(`${t.engine.url}/api/import`, { method: 'POST', body });
    const answer = (await res.json()) as { imported: number; errors: { line: number; message: string }[] };
    expect(answer.imported).toBe(1);
    expect(answer.errors).toEqual([
      { line: 2, message: expect.stringMatching(/^not valid JSON at column 1: unexpected "\\ufeff" \(a byte-order mark, invisible: two files joined, each saved with one, or one pasted in; .*\) where a value was expected, near `\\ufeff\{"type":"track","us`…$/) },
      { line: 3, message: 'not valid JSON at column 49: unexpected "\\u0000" after the end of the JSON value, near …`3","event":"Joined"}\\u0000\\u0000`' },
    ]);
  });

  it('PUT /api/workspace, PUT /api/sessions/settings and PUT /api/matching/settings: the line and column, or the encoding', async () => {
    const workspace = '{\n  "sources": [\n    { "id": "a", "name": "A", "kind": "custom", "destinations": [], }\n  ]\n}\n';
    const ws = await fetch(`${t.engine.url}/api/workspace`, { method: 'PUT', body: workspace });
    expect(ws.status).toBe(400);
    expect(((await ws.json()) as { error: string }).error).toBe(
      "the body is not valid JSON at line 3, column 67 (position 83): trailing comma before '}', near …`, \"destinations\": [], }\\n  ]\\n}\\n`",
    );
    const sessions = await fetch(`${t.engine.url}/api/sessions/settings`, { method: 'PUT', body: Buffer.from('\ufeff{"timeoutMs":60000}', 'utf16le') });
    expect(((await sessions.json()) as { error: string }).error).toBe(
      'the body is not valid JSON: the body is UTF-16 (little-endian, with a byte-order mark), not UTF-8; JSON must be sent as UTF-8 (RFC 8259): encode it as UTF-8, without a byte-order mark',
    );
    const matching = await fetch(`${t.engine.url}/api/matching/settings`, { method: 'PUT', body: '{"conflict": "email-wins",}' });
    expect(((await matching.json()) as { error: string }).error).toBe("the body is not valid JSON at line 1, column 26 (position 25): trailing comma before '}', near …`flict\": \"email-wins\",}`");
  });
});

// JSON.parse reads 1e400 as Infinity, and the errors wrote it back as JSON's null, a value the
// script never sent.
describe('a number past a double\'s range in a settings body', () => {
  it('PUT /api/sessions/settings and POST /api/clock show it as the number it was, not as null', async () => {
    const sessions = await fetch(`${t.engine.url}/api/sessions/settings`, { method: 'PUT', body: '{"timeoutMs":1e400}' });
    expect(sessions.status).toBe(400);
    expect(await sessions.json()).toEqual({ error: 'timeoutMs must be a whole number of milliseconds, not a number too large to hold (it reads as Infinity)', where: 'timeoutMs' });
    const clock = await fetch(`${t.engine.url}/api/clock`, { method: 'POST', body: '{"action":"advance","ms":-1e400}' });
    expect(await clock.json()).toEqual({ error: 'ms must be 0 or more, not a number too large to hold (it reads as -Infinity): advance moves the clock forward; to move it back, use {"action":"set","to":…} with an ISO-8601 moment such as "2026-01-01T00:00:00Z" (or epoch ms)', where: 'ms' });
  });
});
