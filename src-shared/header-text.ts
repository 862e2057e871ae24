// A request header's value as its client wrote it, for the record and the screen.

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Node reads header bytes as Latin-1, one character a byte, so a User-Agent a client sent in
 * UTF-8 (`Café-App/1.0 ✓`) was recorded and shown as `CafÃ©-App/1.0 â` and two invisible
 * characters. Bytes that are valid UTF-8 are read as UTF-8; any others (a value that really is
 * Latin-1, `Caf\xe9`) stay one character a byte, as before.
 */
export function headerText(latin1: string): string {
  if (!/[\x80-\xff]/.test(latin1) || /[^\x00-\xff]/.test(latin1)) return latin1;
  const bytes = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) bytes[i] = latin1.charCodeAt(i);
  try {
    return UTF8.decode(bytes);
  } catch {
    return latin1;
  }
}
