// Keeping secrets out of everything the sender records: deliveries go to the UI, to exports and
// to logs, so a write key or a webhook secret must never appear in them in clear.
import type { SendTarget } from '../../src-shared/api';

export const REDACTED = '[redacted]';

/** "ab…yz" for display; short keys are fully hidden. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return '•'.repeat(Math.max(secret.length, 4));
  return `${secret.slice(0, 2)}…${secret.slice(-2)}`;
}

/** Below this length a secret is hidden only where it stands alone (see scrubText). */
const SHORT_SECRET = 8;
const wordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/** The text with each occurrence of `secret` not inside a word (letters, digits, _) replaced. */
function scrubStandalone(text: string, secret: string): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
    if (at < from || wordChar(text[at - 1]) || wordChar(text[at + secret.length])) continue;
    out += text.slice(from, at) + REDACTED;
    from = at + secret.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Replaces each secret (and its Basic-auth base64 form) in a text. A secret shorter than 8
 * characters is replaced only where it stands alone: a webhook secret `s` replaced everywhere made
 * a target's `{"success":true}` read `{"[redacted]ucce[redacted][redacted]":true}`, and hid nothing
 * a reader could not guess; where it stands alone (`"secret":"s"`, `?key=s&`) it is still hidden.
 */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    out = secret.length < SHORT_SECRET ? scrubStandalone(out, secret) : out.split(secret).join(REDACTED);
    const basic = Buffer.from(`${secret}:`).toString('base64');
    out = out.split(basic).join(REDACTED);
  }
  return out;
}

/** Request headers as shown to the user: Authorization redacted, secrets scrubbed. */
export function redactHeaders(headers: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization') {
      const scheme = value.split(' ')[0];
      out[name] = scheme && scheme !== value ? `${scheme} ${REDACTED}` : REDACTED;
    } else {
      out[name] = scrubText(value, secrets);
    }
  }
  return out;
}

/** analytics-node puts the write key in the batch body too: replace it before recording. */
export function redactBatchBody(body: string, secrets: readonly string[]): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (parsed && typeof parsed === 'object' && 'writeKey' in parsed) parsed.writeKey = REDACTED;
    return scrubText(JSON.stringify(parsed), secrets);
  } catch {
    return scrubText(body, secrets);
  }
}

/** A URL without user:password, safe to record. */
export function stripUrlCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * A URL's user:password taken out: fetch refuses a URL that holds them (and its error repeats the
 * URL, password and all), so they go in an Authorization: Basic header instead, as curl sends them.
 */
export function splitUrlCredentials(url: string): { url: string; authorization?: string; secrets: string[] } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, secrets: [] };
  }
  if (!parsed.username && !parsed.password) return { url, secrets: [] };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  const pair = `${user}:${password}`;
  return {
    url: stripUrlCredentials(url),
    authorization: `Basic ${Buffer.from(pair).toString('base64')}`,
    // The password (raw and as typed, percent-encoded) and the encoded pair stay out of what is recorded.
    secrets: [password, parsed.password, Buffer.from(pair).toString('base64')].filter((s) => s.length > 0),
  };
}

/** The target as recorded in a delivery: no write key, no webhook secret. */
export function publicTarget(target: SendTarget): SendTarget {
  switch (target.kind) {
    case 'local':
      return { kind: 'local' };
    case 'segment':
      return { kind: 'segment', region: target.region };
    case 'custom':
      return { kind: 'custom', host: stripUrlCredentials(target.host) };
    case 'webhook':
      return { kind: 'webhook', url: stripUrlCredentials(target.url) };
  }
}

/** An error's text, its cause's too; a failure to reach the host is said in words first. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? cause.message : cause ? String(cause) : '';
    const text = causeText && !err.message.includes(causeText) ? `${err.message} (${causeText})` : err.message;
    const words = unreachableInWords(cause ?? err);
    return words ? `${words}; ${text}` : text;
  }
  return String(err);
}

interface NetError {
  code?: unknown;
  hostname?: unknown;
  address?: unknown;
  port?: unknown;
}

/** Why a connection was not made (Node's and undici's codes), naming the host where the error does. */
function unreachableInWords(cause: unknown): string | undefined {
  if (typeof cause !== 'object' || cause === null) return undefined;
  const e = cause as NetError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code === undefined) return undefined;
  const host = typeof e.hostname === 'string' ? e.hostname : typeof e.address === 'string' ? (typeof e.port === 'number' ? `${e.address}:${e.port}` : e.address) : undefined;
  const where = host ?? 'the host';
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where} could not be reached: its name does not resolve (offline, or DNS blocks it)`;
    case 'ECONNREFUSED':
      return `${where} refused the connection (nothing listens there)`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `${where} did not answer in time`;
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
    case 'ENETDOWN':
      return `${where} could not be reached: the network is unreachable`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `the connection to ${where} was cut`;
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) return `${host ? `${host}'s` : "the host's"} TLS certificate is not trusted (a proxy in the way?)`;
  return undefined;
}
