// The HTTPS receiver's certificates (src-main/receiver/tls.ts) as files in a temp dir: what the
// authority and the server certificate hold (read back with node:crypto and @peculiar/x509), the
// key files' modes, each damaged or missing file and its note word for word, the renewal edges,
// and the names receiverNames() gives for a host name and interfaces of our choosing.
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, webcrypto } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

const os = vi.hoisted(() => ({ host: 'devbox', interfaces: {} as Record<string, unknown[] | undefined> }));
vi.mock('node:os', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:os')>();
  return { ...real, hostname: () => os.host, networkInterfaces: () => os.interfaces };
});

const { ensureLocalTls, receiverNames, CA_NAME, serialFromRandom } = await import('../../../src-main/receiver/tls');

x509.cryptoProvider.set(webcrypto as never);
const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const CA_NOTE = (why: string) => `tls/ca.pem could not be used (${why}): a new certificate authority was made; clients that trusted the old one must trust the new one`;
const MISSING_NOTE = (file: string) => `tls/${file} is missing: a new certificate authority was made; clients that trusted the old one must trust the new one`;

let root: string;
let n = 0;
beforeEach(() => {
  os.host = 'devbox';
  os.interfaces = {};
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});
async function freshDir(): Promise<string> {
  root ??= await mkdtemp(join(tmpdir(), 'eventbench-tls-'));
  const dir = join(root, `d${++n}`);
  await mkdir(dir);
  return dir;
}
const file = (dir: string, name: string) => join(dir, 'tls', name);
const read = (dir: string, name: string) => readFile(file(dir, name), 'utf8');
const NAMES = ['localhost', '127.0.0.1', '::1', 'devbox.local', '192.168.10.20'];

function ext<T extends x509.Extension>(cert: x509.X509Certificate, type: new (raw: ArrayBuffer) => T): T {
  const e = cert.getExtension(type);
  if (!e) throw new Error(`no ${type.name}`);
  return e;
}

/** A certificate with the authority's subject as issuer (and no key identifier), signed by another key. */
async function forgedServerCert(caPem: string, names: string[], now: number): Promise<string> {
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const ca = new x509.X509Certificate(caPem);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '01',
    subject: 'CN=Eventbench receiver',
    issuer: ca.subject,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 400 * DAY_MS),
    signingKey: keys.privateKey as never,
    publicKey: keys.publicKey as never,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [new x509.SubjectAlternativeNameExtension(names.map((v) => ({ type: /^[\d.]+$|:/.test(v) ? ('ip' as const) : ('dns' as const), value: v })))],
  });
  return cert.toString('pem');
}

describe('ensureLocalTls: what it makes', () => {
  it('an authority: a CA (critical, path length 0), keyCertSign and cRLSign, named after the host, ten years from a day back', async () => {
    const dir = await freshDir();
    const tls = await ensureLocalTls(dir, NAMES, NOW);
    expect(tls.notes).toEqual([]);
    expect(await read(dir, 'ca.pem')).toBe(tls.caPem);
    const ca = new X509Certificate(tls.caPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe(`CN=${CA_NAME} (devbox)\nO=Eventbench`);
    expect(ca.issuer).toBe(ca.subject);
    expect(ca.checkPrivateKey(createPrivateKey(await read(dir, 'ca-key.pem')))).toBe(true);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(Date.parse(ca.validFrom)).toBe(NOW - DAY_MS);
    expect(Date.parse(ca.validTo)).toBe(NOW + 3650 * DAY_MS);
    expect(tls.caSha256).toBe(ca.fingerprint256);
    const p = new x509.X509Certificate(tls.caPem);
    const bc = ext(p, x509.BasicConstraintsExtension);
    expect([bc.ca, bc.pathLength, bc.critical]).toEqual([true, 0, true]);
    const ku = ext(p, x509.KeyUsagesExtension);
    expect([ku.usages, ku.critical]).toEqual([x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true]);
    expect(p.getExtension(x509.SubjectKeyIdentifierExtension)).not.toBeNull();
  });

  it('names the authority after "this machine" when the host has no name', async () => {
    os.host = '';
    const tls = await ensureLocalTls(await freshDir(), ['localhost'], NOW);
    expect(new X509Certificate(tls.caPem).subject).toBe(`CN=${CA_NAME} (this machine)\nO=Eventbench`);
  });

  it('a server certificate: not a CA, digitalSignature, serverAuth, DNS and IP names, signed by the authority, from a day back for 825 days in all (Apple’s limit counts from notBefore)', async () => {
    const dir = await freshDir();
    const tls = await ensureLocalTls(dir, [...NAMES, 'host1.2.3.4', '1.2.3.4.example'], NOW);
    expect(await read(dir, 'server.pem')).toBe(tls.certPem);
    expect(await read(dir, 'server-key.pem')).toBe(tls.keyPem);
    const cert = new X509Certificate(tls.certPem);
    const ca = new X509Certificate(tls.caPem);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toBe('CN=Eventbench receiver\nO=Eventbench');
    expect(cert.issuer).toBe(ca.subject);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(tls.keyPem))).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, DNS:devbox.local, IP Address:192.168.10.20, DNS:host1.2.3.4, DNS:1.2.3.4.example');
    expect(tls.names).toEqual([...NAMES, 'host1.2.3.4', '1.2.3.4.example']);
    expect(Date.parse(cert.validFrom)).toBe(NOW - DAY_MS);
    // Apple: "a validity period of 825 days or fewer (as expressed in the NotBefore and NotAfter
    // fields)"; 825 days from now, after a day back, is 826 and iOS refuses the certificate.
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(825 * DAY_MS);
    expect(Date.parse(cert.validTo)).toBe(NOW + 824 * DAY_MS);
    expect(tls.validUntil).toBe(new Date(NOW + 824 * DAY_MS).toISOString());
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    const p = new x509.X509Certificate(tls.certPem);
    const bc = ext(p, x509.BasicConstraintsExtension);
    expect([bc.ca, bc.critical]).toEqual([false, true]);
    const ku = ext(p, x509.KeyUsagesExtension);
    expect([ku.usages, ku.critical]).toEqual([x509.KeyUsageFlags.digitalSignature, true]);
    expect(ext(p, x509.AuthorityKeyIdentifierExtension).keyId).toBe(ext(new x509.X509Certificate(tls.caPem), x509.SubjectKeyIdentifierExtension).keyId);
  });

  it('a serial is 16 bytes, positive, whatever the random first byte (0x00 made a 15-byte serial)', () => {
    for (const first of [0x00, 0x01, 0x7f, 0x80, 0xff]) {
      const random = new Uint8Array(16).fill(0xab);
      random[0] = first;
      const hex = serialFromRandom(random);
      expect(hex).toMatch(/^[0-9a-f]{32}$/);
      expect(parseInt(hex.slice(0, 2), 16)).toBeGreaterThanOrEqual(0x01);
      expect(parseInt(hex.slice(0, 2), 16)).toBeLessThan(0x80);
      expect(hex.slice(2)).toBe('ab'.repeat(15));
    }
  });

  it('gives each certificate a positive 16-byte random serial', async () => {
    const serials: string[] = [];
    for (let i = 0; i < 3; i++) {
      const tls = await ensureLocalTls(await freshDir(), ['localhost'], NOW);
      serials.push(new X509Certificate(tls.caPem).serialNumber, new X509Certificate(tls.certPem).serialNumber);
    }
    for (const s of serials) {
      expect(s).toMatch(/^[0-9A-F]{32}$/);
      expect(parseInt(s.slice(0, 2), 16)).toBeLessThan(0x80);
    }
    // The top bit is cleared, the others stay random.
    expect(new Set(serials.map((s) => s.slice(0, 2))).size).toBeGreaterThan(1);
    expect(new Set(serials).size).toBe(serials.length);
  });

  it('keeps the keys 0600 and the certificates 0644, whatever the umask and a temporary file left by a crash', async () => {
    const dir = await freshDir();
    await mkdir(join(dir, 'tls'));
    // A leftover temporary file: writeFile's mode does not apply to a file that exists.
    await writeFile(`${file(dir, 'server-key.pem')}.tmp-${process.pid}`, 'old', { mode: 0o644 });
    // umask 0: a certificate written without a mode would be 0666. A worker thread (Stryker's
    // runner) cannot set the umask: there the process's own (022) stands.
    const old = isMainThread ? process.umask(0) : undefined;
    try {
      await ensureLocalTls(dir, ['localhost'], NOW);
    } finally {
      if (old !== undefined) process.umask(old);
    }
    const mode = async (name: string) => (await stat(file(dir, name))).mode & 0o777;
    expect(await mode('ca-key.pem')).toBe(0o600);
    expect(await mode('server-key.pem')).toBe(0o600);
    expect(await mode('ca.pem')).toBe(0o644);
    expect(await mode('server.pem')).toBe(0o644);
  });
});

describe('ensureLocalTls: what it keeps, and what it makes again', () => {
  async function made(names = NAMES): Promise<{ dir: string; first: Awaited<ReturnType<typeof ensureLocalTls>> }> {
    const dir = await freshDir();
    const first = await ensureLocalTls(dir, names, NOW);
    expect(first.notes).toEqual([]);
    return { dir, first };
  }

  it('keeps both on a second start, IPv6 names compared in their short form', async () => {
    const { dir, first } = await made();
    const again = await ensureLocalTls(dir, [...NAMES, '0:0:0:0:0:0:0:1', 'LOCALHOST'], NOW + DAY_MS);
    expect(again).toEqual(first);
    expect(again.names).toContain('::1');
  });

  it('makes the authority again when ca.pem is missing, or ca-key.pem is, and the server certificate with it, with one note', async () => {
    for (const [gone, other] of [
      ['ca.pem', 'ca-key.pem'],
      ['ca-key.pem', 'ca.pem'],
    ]) {
      const { dir, first } = await made();
      const kept = await read(dir, other);
      await rm(file(dir, gone));
      const again = await ensureLocalTls(dir, NAMES, NOW);
      expect(again.notes).toEqual([MISSING_NOTE(gone)]);
      expect(again.caPem).not.toBe(first.caPem);
      expect(await read(dir, other)).not.toBe(kept);
      expect(await read(dir, gone)).toMatch(/^-----BEGIN /);
      expect(new X509Certificate(again.certPem).checkIssued(new X509Certificate(again.caPem))).toBe(true);
    }
  });

  it('makes the authority again when its key is not the certificate’s', async () => {
    const { dir, first } = await made();
    const other = await made();
    await writeFile(file(dir, 'ca-key.pem'), await read(other.dir, 'ca-key.pem'));
    const again = await ensureLocalTls(dir, NAMES, NOW);
    expect(again.notes).toEqual([CA_NOTE('the key is not the certificate’s')]);
    expect(again.caSha256).not.toBe(first.caSha256);
    expect(again.caSha256).not.toBe(other.first.caSha256);
    expect(new X509Certificate(again.certPem).verify(new X509Certificate(again.caPem).publicKey)).toBe(true);
  });

  it('makes the authority again once it has expired, not at the very second it ends', async () => {
    const { dir, first } = await made();
    const end = Date.parse(new X509Certificate(first.caPem).validTo);
    const atEnd = await ensureLocalTls(dir, NAMES, end);
    expect(atEnd.caPem).toBe(first.caPem);
    expect(atEnd.notes).toEqual([`tls/server.pem was made again: it ends on ${new Date(NOW + 824 * DAY_MS).toISOString().slice(0, 10)}`]);
    const after = await ensureLocalTls(dir, NAMES, end + 1000);
    expect(after.notes).toEqual([CA_NOTE(`it expired on ${new Date(end).toISOString()}`)]);
    expect(after.caPem).not.toBe(first.caPem);
  });

  it('makes the server certificate again, keeping the authority, when it is not signed by ca.pem', async () => {
    const { dir, first } = await made();
    const other = await made();
    await writeFile(file(dir, 'server.pem'), other.first.certPem);
    await writeFile(file(dir, 'server-key.pem'), other.first.keyPem);
    const again = await ensureLocalTls(dir, NAMES, NOW);
    expect(again.notes).toEqual(['tls/server.pem was made again: it was not signed by tls/ca.pem']);
    expect(again.caPem).toBe(first.caPem);
    expect(new X509Certificate(again.certPem).verify(new X509Certificate(first.caPem).publicKey)).toBe(true);
  });

  it('…and when it names ca.pem as its issuer but another key signed it', async () => {
    const { dir, first } = await made();
    const forged = await forgedServerCert(first.caPem, NAMES, NOW);
    expect(new X509Certificate(forged).checkIssued(new X509Certificate(first.caPem))).toBe(true);
    await writeFile(file(dir, 'server.pem'), forged);
    const again = await ensureLocalTls(dir, NAMES, NOW);
    expect(again.notes).toEqual(['tls/server.pem was made again: it was not signed by tls/ca.pem']);
    expect(again.certPem).not.toBe(forged);
  });

  it('makes the server certificate again when it is valid for more than 825 days (as earlier versions made it: 825 from a day back)', async () => {
    const { dir, first } = await made();
    const caKey = await webcrypto.subtle.importKey('pkcs8', x509.PemConverter.decode(await read(dir, 'ca-key.pem'))[0], { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const issue = async (days: number) =>
      (
        await x509.X509CertificateGenerator.create({
          serialNumber: '02',
          subject: 'CN=Eventbench receiver',
          issuer: new x509.X509Certificate(first.caPem).subject,
          notBefore: new Date(NOW - DAY_MS),
          notAfter: new Date(NOW - DAY_MS + days * DAY_MS),
          signingKey: caKey as never,
          publicKey: keys.publicKey as never,
          signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
          extensions: [new x509.SubjectAlternativeNameExtension(NAMES.map((v) => ({ type: /^[\d.]+$|:/.test(v) ? ('ip' as const) : ('dns' as const), value: v })))],
        })
      ).toString('pem');
    const keyPem = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
    await writeFile(file(dir, 'server-key.pem'), keyPem);
    const exactly = await issue(825);
    await writeFile(file(dir, 'server.pem'), exactly);
    expect((await ensureLocalTls(dir, NAMES, NOW)).certPem).toBe(exactly);
    await writeFile(file(dir, 'server.pem'), await issue(826));
    const again = await ensureLocalTls(dir, NAMES, NOW);
    expect(again.notes).toEqual(['tls/server.pem was made again: it is valid for 826 days, more than the 825 Apple’s clients accept']);
    const cert = new X509Certificate(again.certPem);
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(825 * DAY_MS);
    expect(again.caPem).toBe(first.caPem);
  });

  it('makes the server certificate again when server-key.pem is not its key', async () => {
    const { dir, first } = await made();
    const other = await made();
    await writeFile(file(dir, 'server-key.pem'), other.first.keyPem);
    const again = await ensureLocalTls(dir, NAMES, NOW);
    expect(again.notes).toEqual(['tls/server.pem was made again: tls/server-key.pem is not its key']);
    expect(again.caPem).toBe(first.caPem);
    expect(again.keyPem).not.toBe(other.first.keyPem);
    expect(new X509Certificate(again.certPem).checkPrivateKey(createPrivateKey(await read(dir, 'server-key.pem')))).toBe(true);
  });

  it('makes the server certificate again when it cannot be read, and says why', async () => {
    const { dir, first } = await made();
    await writeFile(file(dir, 'server.pem'), 'not a certificate');
    const again = await ensureLocalTls(dir, NAMES, NOW);
    expect(again.notes).toEqual([expect.stringMatching(/^tls\/server\.pem was made again: it could not be read \(.+\)$/)]);
    expect(again.caPem).toBe(first.caPem);
    expect(again.certPem).not.toBe(first.certPem);
  });

  it('makes it again without a note when server.pem or server-key.pem is missing', async () => {
    for (const gone of ['server.pem', 'server-key.pem']) {
      const { dir, first } = await made();
      await rm(file(dir, gone));
      const again = await ensureLocalTls(dir, NAMES, NOW);
      expect(again.notes).toEqual([]);
      expect(again.caPem).toBe(first.caPem);
      expect(again.certPem).not.toBe(first.certPem);
      expect(await read(dir, gone)).toBe(gone === 'server.pem' ? again.certPem : again.keyPem);
    }
  });

  it('makes the server certificate again within 30 days of its end, not 30 days and a second before', async () => {
    const { dir, first } = await made();
    const end = Date.parse(new X509Certificate(first.certPem).validTo);
    expect((await ensureLocalTls(dir, NAMES, end - 30 * DAY_MS)).certPem).toBe(first.certPem);
    expect((await ensureLocalTls(dir, NAMES, end - 31 * DAY_MS)).certPem).toBe(first.certPem);
    const renewed = await ensureLocalTls(dir, NAMES, end - 30 * DAY_MS + 1000);
    expect(renewed.notes).toEqual([`tls/server.pem was made again: it ends on ${new Date(end).toISOString().slice(0, 10)}`]);
    expect(renewed.caPem).toBe(first.caPem);
  });

  it('makes it again when it lacks names, listing them', async () => {
    const { dir } = await made(['localhost']);
    const again = await ensureLocalTls(dir, ['localhost', '::1', 'devbox.local'], NOW);
    expect(again.notes).toEqual(['tls/server.pem was made again: it lacked ::1, devbox.local']);
    expect(again.names).toEqual(['localhost', '::1', 'devbox.local']);
  });

  it('fails on a file it cannot read other than a missing one (a directory in its place), rather than overwrite it', async () => {
    const { dir } = await made();
    await rm(file(dir, 'server.pem'));
    await mkdir(file(dir, 'server.pem'));
    await expect(ensureLocalTls(dir, NAMES, NOW)).rejects.toMatchObject({ code: 'ENOTFILE', message: 'it is a folder, not a file: move it away' });
  });

  // A FIFO was read waiting for a writer that never came: the HTTPS receiver never started.
  it('fails on a FIFO in a file\'s place, rather than wait for a writer', async () => {
    const { dir } = await made();
    await rm(file(dir, 'server.pem'));
    execFileSync('mkfifo', [file(dir, 'server.pem')]);
    await expect(ensureLocalTls(dir, NAMES, NOW)).rejects.toMatchObject({ code: 'ENOTFILE', message: 'it is a FIFO, not a file: move it away' });
  });
});

describe('receiverNames', () => {
  const iface = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal, netmask: '', mac: '', cidr: null });

  it('adds the host name in lower case and its .local variant, and the LAN IPv4 addresses only', () => {
    os.host = 'DevBox';
    os.interfaces = {
      lo: [iface('127.0.0.1', 'IPv4', true), iface('::1', 'IPv6', true)],
      eth0: [iface('192.168.10.20', 'IPv4'), iface('fe80::1', 'IPv6')],
      docker0: [iface('172.17.0.1', 'IPv4')],
      tun0: undefined,
      internalOnly: [iface('10.9.9.9', 'IPv4', true)],
    };
    expect(receiverNames('0.0.0.0')).toEqual(['localhost', '127.0.0.1', '::1', '10.0.2.2', 'devbox', 'devbox.local', '192.168.10.20', '172.17.0.1']);
  });

  it('adds no .local to a host name with a dot, and no host name DNS cannot spell', () => {
    os.host = 'Box.Example.com';
    expect(receiverNames('::')).toEqual(['localhost', '127.0.0.1', '::1', '10.0.2.2', 'box.example.com']);
    os.host = "Ann's Mac";
    expect(receiverNames('0.0.0.0')).toEqual(['localhost', '127.0.0.1', '::1', '10.0.2.2']);
    os.host = '';
    expect(receiverNames('0.0.0.0')).toEqual(['localhost', '127.0.0.1', '::1', '10.0.2.2']);
  });

  it('takes one-letter labels, and names up to 253 characters with labels up to 63', () => {
    const base = ['localhost', '127.0.0.1', '::1', '10.0.2.2'];
    os.host = 'a.b.c';
    expect(receiverNames('x')).toEqual([...base, 'a.b.c', 'x']);
    os.host = 'h';
    expect(receiverNames('0.0.0.0')).toEqual([...base, 'h', 'h.local']);
    const l63 = 'a'.repeat(63);
    const n253 = [l63, l63, l63, 'b'.repeat(61)].join('.');
    expect(n253).toHaveLength(253);
    os.host = n253;
    expect(receiverNames('0.0.0.0')).toEqual([...base, n253]);
    os.host = `${n253}c`;
    expect(receiverNames('0.0.0.0')).toEqual(base);
    os.host = 'x';
    expect(receiverNames('a'.repeat(64))).toEqual([...base, 'x', 'x.local']);
    expect(receiverNames(`${'a'.repeat(64)}.example`)).toEqual([...base, 'x', 'x.local']);
  });

  it('adds a specific bound host without its brackets, never a wildcard or a malformed one', () => {
    os.host = '';
    const base = ['localhost', '127.0.0.1', '::1', '10.0.2.2'];
    expect(receiverNames('[fe80::1]')).toEqual([...base, 'fe80::1']);
    expect(receiverNames('[::]')).toEqual(base);
    expect(receiverNames('::')).toEqual(base);
    expect(receiverNames('0.0.0.0')).toEqual(base);
    expect(receiverNames('192.168.10.20')).toEqual([...base, '192.168.10.20']);
    expect(receiverNames('Dev-Box.Example')).toEqual([...base, 'dev-box.example']);
    expect(receiverNames('my[host')).toEqual(base);
    expect(receiverNames('my]host')).toEqual(base);
  });
});
