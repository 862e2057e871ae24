// A trait past 2^53 through the real receiver into the user directory: an identify's
// traits.account_id and a track's context.traits.org sent as JSON numbers (a Java Long, a Go int64)
// are kept as the digits the client sent, in GET /api/users, the trace of GET /api/matching, the
// directory's export and what users.list hands the UI. JSON.parse reads 9007199254740993 as …992,
// which the directory kept ("set to 9007199254740992"). The bodies are posted as text: the digits
// are the point.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exactPropertiesOf, valueText } from '../../src-shared/matching/exact-values';
import { eventually, startTestEngine, type TestEngine } from './helpers/engine';

const BIG = '9007199254740993'; // 2^53 + 1
const ROUNDED = '9007199254740992'; // JSON.parse's reading of BIG
const ORG = '12345678901234567891';

let t: TestEngine;
beforeAll(async () => {
  t = await startTestEngine();
});
afterAll(() => t.dispose());

const auth = { authorization: `Basic ${Buffer.from('java_key_51c0:').toString('base64')}` };
async function post(path: string, body: string): Promise<void> {
  const res = await fetch(`${t.engine.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body });
  expect(res.status).toBe(200);
}
const getText = async (path: string) => {
  const res = await fetch(`${t.engine.url}${path}`);
  expect(res.status).toBe(200);
  return res.text();
};

describe('traits past 2^53 in the user directory', () => {
  it('posts an identify and a track as text, as analytics-java writes a Long', async () => {
    const put = await fetch(`${t.engine.url}/api/matching/settings`, { method: 'PUT', body: '{"scope":"webhook-and-tracking"}' });
    expect(put.status).toBe(200);
    await post('/v1/identify', `{"userId":"ada","messageId":"e-1","traits":{"email":"ada@example.com","account_id":${BIG},"plan":"pro"}}`);
    await post('/v1/track', `{"userId":"ada","event":"Tour Start","messageId":"e-2","context":{"traits":{"org":${ORG}}}}`);
    await eventually(t.engine, async () => ((await t.engine.call('matching.status', undefined)).decisions >= 2 ? true : undefined));
  });

  it('GET /api/users writes the digits sent', async () => {
    const text = await getText('/api/users');
    expect(text).toContain(`"account_id":${BIG}`);
    expect(text).toContain(`"org":${ORG}`);
    expect(text).not.toContain(ROUNDED);
    expect(text).not.toContain('propertiesJson');
    expect(text).not.toContain('\\u0000');
  });

  it('GET /api/matching: the trace says "set to 9007199254740993", and the change holds the digits', async () => {
    const text = await getText('/api/matching');
    expect(text).not.toContain(ROUNDED);
    expect(text).toContain(`"after":${BIG}`);
    const decisions = JSON.parse(text) as { messageId: string; steps: string[] }[];
    const identify = decisions.find((d) => d.messageId === 'e-1')!;
    expect(identify.steps.join('\n')).toContain(`properties.account_id set to \`${BIG}\``);
    const track = decisions.find((d) => d.messageId === 'e-2')!;
    expect(track.steps.join('\n')).toContain(`properties.org set to \`${ORG}\``);
  });

  it('users.list (what the UI reads) carries the digits as propertiesJson, and no marker', async () => {
    const { users } = await t.engine.call('users.list', {});
    expect(users).toHaveLength(1);
    // A structured clone (Electron's IPC) or JSON (the browser's WebSocket): either keeps the text.
    const sent = JSON.parse(JSON.stringify(users[0]));
    expect(JSON.stringify(sent)).not.toContain('\\u0000');
    const properties = exactPropertiesOf(sent);
    expect([valueText(properties.account_id), valueText(properties.org), properties.plan]).toEqual([BIG, ORG, 'pro']);
    const trace = await t.engine.call('matching.get', { seq: users[0].touchedBy[0] });
    expect(JSON.stringify(trace)).not.toContain('\\u0000');
    expect(trace!.changes.find((c) => c.field === 'properties.account_id')?.afterJson).toBe(BIG);
  });

  it('the export (JSON and CSV) writes the digits', async () => {
    const json = await t.engine.call('users.export', { format: 'json' });
    expect(json).toContain(`"account_id": ${BIG}`);
    expect(json).not.toContain(ROUNDED);
    const csv = await t.engine.call('users.export', { format: 'csv' });
    expect(csv.split('\n')[0]).toBe('id,username,email,account_id,org,plan');
    expect(csv.split('\n')[1]).toMatch(new RegExp(`,ada,ada@example\\.com,${BIG},${ORG},pro$`));
  });

  it('a search by the digits finds the user', async () => {
    const text = await getText(`/api/users?q=${BIG}`);
    expect((JSON.parse(text) as unknown[]).length).toBe(1);
    expect(JSON.parse(await getText(`/api/users?q=exact-`))).toEqual([]);
  });
  it("the what-if (what the UI reads) carries a changed user's digits as nowJson", async () => {
    // Ignoring case, BEA@example.com finds u-bea and sets its seats; exactly, it finds nobody (and no userId: unmatched).
    const imported = await fetch(`${t.engine.url}/api/users/import`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'id,username,email\nu-bea,bea,bea@example.com\n' });
    expect(imported.status).toBe(200);
    await post('/v1/identify', `{"anonymousId":"anon-bea","messageId":"e-3","traits":{"email":"BEA@example.com","seats":${BIG}}}`);
    await eventually(t.engine, async () => ((await t.engine.call('matching.status', undefined)).decisions >= 3 ? true : undefined));
    const whatIf = JSON.parse(JSON.stringify(await t.engine.call('matching.whatIf', { emailComparison: 'exact' })));
    expect(JSON.stringify(whatIf)).not.toContain('\\u0000');
    const bea = whatIf.comparison.users.changed.find((u: { id: string }) => u.id === 'u-bea');
    expect(bea.fields).toEqual([{ field: 'properties.seats', now: 9007199254740992, nowJson: BIG }]);
  });

});
