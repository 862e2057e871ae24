// The webhook name in what follows /webhook/ in a request's path, as a person types the URL into
// Segment's Webhook destination: one trailing slash left off (as the Tracking API takes
// /v1/import/), and percent-encoding read as UTF-8 (Segment's client sends "café" as caf%C3%A9;
// p%66 is pf). Escapes that are not UTF-8 ("caf%E9", Latin-1; "%C0%AF", an overlong "/") are
// named: the name was refused as holding "%", which says nothing of what is wrong.

export interface WebhookPathName {
  /** The name: decoded, or as sent when its percent-encoding cannot be read. */
  name: string;
  /** Set when escapes in the path are not UTF-8: the first such sequence, in words. */
  encodingFault?: string;
}

export function webhookPathName(segment: string): WebhookPathName {
  const trimmed = segment.endsWith('/') && !segment.endsWith('//') ? segment.slice(0, -1) : segment;
  if (!trimmed.includes('%')) return { name: trimmed };
  try {
    return { name: decodeURIComponent(trimmed) };
  } catch {
    // Not UTF-8, or not percent-encoding at all ("p%zz", named as sent: it holds "%").
    const bad = firstInvalidUtf8Escapes(trimmed);
    return bad === undefined ? { name: trimmed } : { name: trimmed, encodingFault: describeInvalidEscapes(bad) };
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** How many bytes a UTF-8 sequence led by this byte has; 0 for a byte that leads none. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0; // A continuation byte, an overlong lead (C0, C1) or past Unicode (F5–FF).
}

/** The first escapes ("%E9", "%C0%AF") that do not read as a UTF-8 character, as sent. */
function firstInvalidUtf8Escapes(text: string): string[] | undefined {
  for (const run of text.matchAll(/(?:%[0-9A-Fa-f]{2})+/g)) {
    const escapes = run[0].match(/%[0-9A-Fa-f]{2}/g) ?? [];
    const bytes = escapes.map((e) => Number.parseInt(e.slice(1), 16));
    let i = 0;
    while (i < bytes.length) {
      const length = sequenceLength(bytes[i]);
      // The lead and the continuation bytes that follow it (a stray or bad lead takes its own along).
      let end = i + 1;
      while (end < bytes.length && end - i < (length || 4) && bytes[end] >= 0x80 && bytes[end] <= 0xbf) end++;
      let valid = length > 0 && end - i === length;
      if (valid && length > 1) {
        try {
          UTF8.decode(new Uint8Array(bytes.slice(i, end)));
        } catch {
          valid = false; // An overlong form or a surrogate (ED A0 80).
        }
      }
      if (!valid) return escapes.slice(i, end);
      i = end;
    }
  }
  return undefined;
}

function describeInvalidEscapes(escapes: string[]): string {
  const byte = Number.parseInt(escapes[0].slice(1), 16);
  // One byte of Latin-1 (é as %E9): say how UTF-8 writes that character.
  const latin1 = escapes.length === 1 && byte >= 0xa0 ? `: "${String.fromCharCode(byte)}" is ${encodeURIComponent(String.fromCharCode(byte))}` : '';
  return `"${escapes.join('')}" is not UTF-8 (a URL carries each character as its UTF-8 bytes${latin1})`;
}
