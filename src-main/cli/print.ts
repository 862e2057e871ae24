// `eventbench serve --print json|pretty`: every captured message on stdout as it arrives, in
// capture order: NDJSON for `| jq`, or one line a person can read.
import type { EngineApi } from '../../src-shared/api';
import { bodyEncodingHeadline } from '../../src-shared/tracking-api/utf8';
import type { CapturedMessage } from '../../src-shared/capture';
import { exactIdsOf, str } from '../../src-shared/summary';
import { stringifyWithExactMessages } from '../../src-shared/exact-json';

const TTY = process.stdout.isTTY === true && !process.env.NO_COLOR;
const paint = (code: string, s: string) => (TTY ? `\x1b[${code}m${s}\x1b[0m` : s);

export function prettyLine(c: CapturedMessage): string {
  // Ids as the client wrote them: a PHP int userId past 2^53 read from the message's text.
  const m = exactIdsOf(c.message, () => c.messageJson);
  const time = c.receivedAt.slice(11, 23);
  const type = String(m.type ?? '?');
  const name = str(m.event) ?? str(m.name) ?? str(m.groupId) ?? ''; // ids may be numbers (analytics-python sends group_id as given)
  // A null id is no id: analytics-python sends `"anonymousId": null` beside a userId (and the reverse).
  const id = (label: string, v: unknown) => (v === undefined || v === null ? '' : `${label}=${str(v) ?? String(v)}`);
  const who = [id('user', m.userId), id('anon', m.anonymousId)].filter(Boolean).join(' ') || 'no identity';
  const origin = c.origin.kind === 'webhook' ? `webhook ${c.origin.webhook} (${c.origin.signature.status})` : c.origin.endpoint;
  const drops = c.dropReasons.length > 0 ? paint('31', `  Segment would drop: ${c.dropReasons.map((d) => d.code).join(', ')}`) : '';
  const serious = c.findings.filter((f) => f.severity !== 'info');
  const findings = serious.length > 0 ? paint('33', `  ${serious.length} finding${serious.length === 1 ? '' : 's'}: ${serious.slice(0, 2).map((f) => `${f.profile} ${f.path}: ${f.message}`).join(' | ')}${serious.length > 2 ? ' …' : ''}`) : '';
  const encoding = c.origin.encoding ? paint('33', `  ${bodyEncodingHeadline(c.origin.encoding).replace(/^./, (f) => f.toUpperCase())} (body not UTF-8)`) : '';
  return `${paint('2', time)} #${c.seq} ${paint('36', type.padEnd(8))} ${name ? `"${name}" ` : ''}${who}  ${paint('2', origin)}${drops}${encoding}${findings}`;
}

/** Subscribes and writes each new capture; returns an unsubscribe. */
export function printCaptures(engine: EngineApi, mode: 'json' | 'pretty', write: (line: string) => void): () => void {
  let chain = Promise.resolve();
  return engine.subscribe((e) => {
    if (e.name !== 'messages.added') return;
    const seqs = e.payload.map((s) => s.seq);
    // One after another, so lines keep capture order even when reads overlap.
    chain = chain.then(async () => {
      for (const seq of seqs) {
        const c = await engine.call('messages.get', { seq });
        // json: the message with the client's digits (read from its text), not JavaScript's rounding.
        if (c) write(mode === 'json' ? stringifyWithExactMessages(c) : prettyLine(c));
      }
    }).catch((err: Error) => {
      process.stderr.write(`eventbench: --print: ${err.message}\n`);
    });
  });
}
