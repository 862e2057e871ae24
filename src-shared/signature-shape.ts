// What the shape of an X-Signature that matched nothing says is wrong with it, read from the
// redacted form Eventbench keeps (src-main/receiver/signature.ts: the digits are never kept, the
// shape is): the engine's 401 and the inspector's detail pane say the same.

/**
 * "it starts with "sha1="…" or "it is 64 hex digits…" for a redacted X-Signature whose shape is
 * the fault; undefined for 40 hex digits (simply the wrong ones) and shapes that say nothing.
 */
export function signatureShapeFault(redacted: string): string | undefined {
  const base64 = /^\[redacted: (28|44) characters of base64\]$/.exec(redacted);
  if (base64) return `it is ${base64[1]} characters of base64, as an ${base64[1] === '28' ? 'HMAC-SHA1' : 'HMAC-SHA256'} written in base64 is; Segment's X-Signature is the HMAC-SHA1 in hex, 40 digits`;
  const m = /^\[redacted: (?:"([^"]+)=" then )?(\d+) hex digits\]$/.exec(redacted);
  if (!m) return undefined;
  const [, prefix, digits] = m;
  if (digits === '64') return 'it is 64 hex digits, as an HMAC-SHA256 is; Segment signs with HMAC-SHA1, 40 hex digits';
  if (prefix !== undefined && digits === '40') return `it starts with "${prefix}=", and Segment's X-Signature is the 40 hex digits alone`;
  return undefined;
}

/**
 * How many X-Signature headers a kept shape stands for: several are kept joined
 * ("[redacted: 40 hex digits], [redacted: empty]"), as the recorded headers join them.
 */
export function signatureCount(redacted: string): number {
  return redacted.match(/\[redacted/g)?.length ?? 0;
}

/**
 * Why a request with several X-Signature headers is not signed (the engine's 401 and the
 * inspector say the same). Checking only the first let a good first one pass whatever followed
 * it; none of them can be told to be the sender's.
 */
export const SEVERAL_SIGNATURES = 'where Segment sends one: a request carrying different ones is not taken as signed, whichever of them matches';
