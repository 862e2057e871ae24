// The HTTPS receiver's certificates. Segment's mobile libraries (analytics-swift, analytics-kotlin)
// always post over https://, and analytics-ruby forces TLS on: a plain-HTTP receiver made them
// rewrite their upload URL in code. Eventbench makes its own certificate authority once per data
// dir (the user trusts it once: a simulator, a device, NODE_EXTRA_CA_CERTS) and a server
// certificate it signs, for the names a client on this machine, an emulator or the LAN uses.
// Generated with @peculiar/x509 over node:crypto's WebCrypto (Node has no certificate writer).
import { webcrypto, X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { readDataFile } from '../store/json-file';
import { networkInterfaces, hostname } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as never);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** The authority lasts ten years: trusted once, it should not need trusting again. */
const CA_DAYS = 3650;
/** Apple's clients refuse server certificates valid for more than 825 days, counted from notBefore to notAfter. */
const SERVER_DAYS = 825;
/** A server certificate this close to its end is made again at start-up. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
export const CA_NAME = 'Eventbench local CA';

export interface LocalTls {
  /** The authority's certificate (PEM): what a client trusts. */
  caPem: string;
  /** SHA-256 fingerprint of the authority, "AB:CD:…", as certificate viewers show it. */
  caSha256: string;
  /** The server certificate (PEM) and its private key (PKCS#8 PEM). */
  certPem: string;
  keyPem: string;
  /** Names and addresses the server certificate holds. */
  names: string[];
  /** Until when the server certificate is valid (ISO). */
  validUntil: string;
  /** What was made or replaced at this start, and why (for the log). */
  notes: string[];
}

/**
 * The names a client reaches this receiver by: loopback, Android's emulator alias for the host
 * (10.0.2.2), this machine's host name, its LAN addresses, and the bound host if it is specific.
 */
export function receiverNames(boundHost: string): string[] {
  const names = new Set<string>(['localhost', '127.0.0.1', '::1', '10.0.2.2']);
  // A host name is a DNS name only when it is spelled as one ("Ann's Mac" is not): others are left out.
  const host = hostname().toLowerCase();
  if (isDnsName(host)) {
    names.add(host);
    if (!host.includes('.')) names.add(`${host}.local`);
  }
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (!a.internal && a.family === 'IPv4') names.add(a.address);
  }
  const bound = boundHost.replace(/^\[|\]$/g, '').toLowerCase();
  if (bound !== '0.0.0.0' && bound !== '::' && (isIpAddress(bound) || isDnsName(bound))) names.add(bound);
  return [...names];
}

function isDnsName(name: string): boolean {
  return name.length > 0 && name.length <= 253 && /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(name);
}

function isIpAddress(name: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(name) || name.includes(':');
}

function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

async function exportKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function importSigningKey(pem: string): Promise<CryptoKey> {
  // node:crypto checks the PEM first, so a damaged file is named as such, not as an ASN.1 error.
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
}

function serialNumber(): string {
  return serialFromRandom(webcrypto.getRandomValues(new Uint8Array(16)));
}

/**
 * A positive 16-byte serial from 16 random bytes: the first byte in 0x01..0x7f. Below 0x80 keeps
 * it positive; above 0 keeps it 16 bytes (DER drops a leading zero byte, and one certificate in
 * 128 had a 15-byte serial).
 */
export function serialFromRandom(random: Uint8Array): string {
  const bytes = Uint8Array.from(random);
  bytes[0] = 0x01 + (bytes[0] % 0x7f);
  return Buffer.from(bytes).toString('hex');
}

async function makeAuthority(now: number): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=${CA_NAME} (${hostname() || 'this machine'}), O=Eventbench`,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + CA_DAYS * DAY_MS),
    keys: keys as never,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

async function makeServerCertificate(ca: { certPem: string; key: CryptoKey }, names: string[], now: number): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const caCert = new x509.X509Certificate(ca.certPem);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: 'CN=Eventbench receiver, O=Eventbench',
    issuer: caCert.subject,
    notBefore: new Date(now - DAY_MS),
    // From notBefore, not from now: a day back plus 825 days from now was 826, which iOS refuses.
    notAfter: new Date(now - DAY_MS + SERVER_DAYS * DAY_MS),
    signingKey: ca.key as never,
    publicKey: keys.publicKey as never,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((n) => ({ type: isIpAddress(n) ? ('ip' as const) : ('dns' as const), value: n }))),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

/** Writes through a temporary file, so a crash never leaves half a key; keys are 0600. */
async function writeSecure(path: string, text: string, secret: boolean): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text, { mode: secret ? 0o600 : 0o644 });
  if (secret) await chmod(tmp, 0o600);
  await rename(tmp, path);
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return (await readDataFile(path)).toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** A name as compared: lower case; an IPv6 address in its short form (Node prints SANs in full). */
function canonicalName(name: string): string {
  if (!name.includes(':')) return name.toLowerCase();
  try {
    return new URL(`http://[${name}]/`).hostname.slice(1, -1);
  } catch {
    return name.toLowerCase();
  }
}

/** SAN entries of a certificate, canonical ("DNS:localhost" -> "localhost", "IP Address:0:0:0:0:0:0:0:1" -> "::1"). */
function namesOf(cert: X509Certificate): Set<string> {
  const out = new Set<string>();
  for (const part of (cert.subjectAltName ?? '').split(', ')) {
    const m = /^(?:DNS|IP Address):(.+)$/.exec(part);
    if (m) out.add(canonicalName(m[1]));
  }
  return out;
}

/**
 * Loads the data dir's authority and server certificate (`tls/`), making what is missing,
 * damaged, expiring, or short of a name in `names`. A damaged authority is made again (its old
 * trust is then lost: the note says so); the capture log and settings are never touched.
 */
export async function ensureLocalTls(dataDir: string, names: readonly string[], now = Date.now()): Promise<LocalTls> {
  const dir = join(dataDir, 'tls');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths = { ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca-key.pem'), cert: join(dir, 'server.pem'), key: join(dir, 'server-key.pem') };
  const notes: string[] = [];

  let caPem = await readText(paths.ca);
  let caKeyPem = await readText(paths.caKey);
  let caKey: CryptoKey | undefined;
  if (caPem !== undefined && caKeyPem !== undefined) {
    try {
      const cert = new X509Certificate(caPem);
      caKey = await importSigningKey(caKeyPem);
      if (!cert.checkPrivateKey(createPrivateKey(caKeyPem))) throw new Error('the key is not the certificate’s');
      if (Date.parse(cert.validTo) < now) throw new Error(`it expired on ${new Date(cert.validTo).toISOString()}`);
    } catch (e) {
      notes.push(`tls/ca.pem could not be used (${(e as Error).message}): a new certificate authority was made; clients that trusted the old one must trust the new one`);
      caKey = undefined;
    }
  } else if (caPem !== undefined || caKeyPem !== undefined) {
    notes.push(`tls/${caPem === undefined ? 'ca.pem' : 'ca-key.pem'} is missing: a new certificate authority was made; clients that trusted the old one must trust the new one`);
  }
  let newAuthority = false;
  if (caKey === undefined) {
    const made = await makeAuthority(now);
    caPem = made.certPem;
    caKeyPem = made.keyPem;
    caKey = await importSigningKey(caKeyPem);
    await writeSecure(paths.caKey, caKeyPem, true);
    await writeSecure(paths.ca, caPem, false);
    newAuthority = true;
  }

  let certPem = await readText(paths.cert);
  let keyPem = await readText(paths.key);
  let reason: string | undefined = newAuthority ? undefined : certPem === undefined || keyPem === undefined ? 'none was kept' : undefined;
  if (!newAuthority && reason === undefined) {
    try {
      const cert = new X509Certificate(certPem!);
      if (!cert.checkIssued(new X509Certificate(caPem!)) || !cert.verify(new X509Certificate(caPem!).publicKey)) reason = 'it was not signed by tls/ca.pem';
      else if (!cert.checkPrivateKey(createPrivateKey(keyPem!))) reason = 'tls/server-key.pem is not its key';
      else if (Date.parse(cert.validTo) - now < RENEW_BEFORE_MS) reason = `it ends on ${new Date(cert.validTo).toISOString().slice(0, 10)}`;
      else if (Date.parse(cert.validTo) - Date.parse(cert.validFrom) > SERVER_DAYS * DAY_MS) {
        reason = `it is valid for ${Math.ceil((Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / DAY_MS)} days, more than the ${SERVER_DAYS} Apple’s clients accept`;
      }
      else {
        const held = namesOf(cert);
        const lacking = names.filter((n) => !held.has(canonicalName(n)));
        if (lacking.length > 0) reason = `it lacked ${lacking.join(', ')}`;
      }
    } catch (e) {
      reason = `it could not be read (${(e as Error).message})`;
    }
  }
  if (newAuthority || reason !== undefined) {
    const made = await makeServerCertificate({ certPem: caPem!, key: caKey }, [...names], now);
    certPem = made.certPem;
    keyPem = made.keyPem;
    await writeSecure(paths.key, keyPem, true);
    await writeSecure(paths.cert, certPem, false);
    if (reason !== undefined && reason !== 'none was kept') notes.push(`tls/server.pem was made again: ${reason}`);
  }
  const server = new X509Certificate(certPem!);
  return {
    caPem: caPem!,
    caSha256: fingerprint(caPem!),
    certPem: certPem!,
    keyPem: keyPem!,
    names: [...namesOf(server)],
    validUntil: new Date(server.validTo).toISOString(),
    notes,
  };
}
