// CapturedMessage -> the compact row the inspector lists.
import type { CapturedMessage, MessageSummary } from './capture';

export function maskWriteKey(key: string | undefined): string | undefined {
  if (!key) return undefined;
  if (key.length <= 6) return '•'.repeat(key.length);
  return `${key.slice(0, 3)}…${key.slice(-3)}`;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function displayName(m: CapturedMessage['message']): string {
  switch (m.type) {
    case 'track':
      return str(m.event) ?? '';
    case 'page':
    case 'screen':
      return str(m.name) ?? str((m.properties as Record<string, unknown> | undefined)?.name) ?? '';
    case 'group':
      return str(m.groupId) ?? '';
    case 'alias':
      return str(m.previousId) ?? '';
    case 'identify':
      return str((m.traits as Record<string, unknown> | undefined)?.email) ?? '';
    default:
      return str(m.event) ?? '';
  }
}

export function toSummary(c: CapturedMessage): MessageSummary {
  const profiles = new Set<string>();
  let errorCount = 0;
  let warningCount = 0;
  for (const f of c.findings) {
    if (f.severity === 'error') errorCount++;
    else if (f.severity === 'warning') warningCount++;
    else continue;
    profiles.add(f.profile);
  }
  return {
    seq: c.seq,
    receivedAt: c.receivedAt,
    type: str(c.message.type) ?? '?',
    name: displayName(c.message),
    userId: str(c.message.userId),
    anonymousId: str(c.message.anonymousId),
    origin: c.origin.kind,
    endpoint: c.origin.endpoint,
    writeKeyMasked: c.origin.kind === 'tracking' ? maskWriteKey(c.origin.writeKey) : undefined,
    webhook: c.origin.kind === 'webhook' ? c.origin.webhook : undefined,
    signature: c.origin.kind === 'webhook' ? c.origin.signature.status : undefined,
    dropCodes: c.dropReasons.map((r) => r.code),
    findingProfiles: [...profiles],
    errorCount,
    warningCount,
  };
}
