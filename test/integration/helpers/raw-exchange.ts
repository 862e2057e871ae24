// A client that writes bytes as they are (no HTTP library to fix them up) and reads the server's
// whole answer: for requests no library would send (CONNECT to the receiver, no Host header).
import { connect as tcpConnect } from 'node:net';

/** Writes `bytes` to the server at `url` and reads everything until the server closes the connection. */
export function rawExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = tcpConnect(Number(port), hostname, () => s.write(bytes));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.once('error', reject);
    s.once('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
