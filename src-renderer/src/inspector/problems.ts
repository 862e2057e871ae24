// What the Problems column says about a row, in words, loudest first. Pure: unit-tested without a DOM.
// Delivery problems (Segment would drop it, a bad webhook signature) and Segment-spec findings are
// loud; partner-profile findings are quiet while no workspace is configured (every message is then
// checked against every partner, and their rules flag ordinary traffic), loud once one is.
import { plural } from '../../../src-shared/plural';
import type { DropCode, MessageSummary } from '../../../src-shared/capture';
import { DROP_LABELS, profileLabel } from './format';

/** Few words per drop reason, for the row; the full sentence is in the tooltip. */
export const DROP_SHORT: Record<DropCode, string> = {
  'missing-identity': 'no identity',
  'missing-event': 'no event',
  'missing-group-id': 'no groupId',
  'missing-previous-id': 'no previousId',
  'unknown-type': 'unknown type',
  'duplicate-message-id': 'duplicate',
  'message-id-too-long': 'long messageId',
};

/**
 * Why a webhook event that came twice is no message Segment would drop: Segment sent it again.
 * `messageId`: named in the detail pane; the row's tooltip says "this messageId".
 */
export function redeliveryText(messageId?: string): string {
  return (
    `Delivered again: this webhook already received ${messageId === undefined ? 'this messageId' : `messageId ${JSON.stringify(messageId)}`} within the last 24 hours. ` +
    'Segment delivers an event again when its delivery is answered with a 5xx or not within 5 seconds, so take each messageId once'
  );
}

/** A webhook capture's duplicate messageId is a redelivery (Segment sent it), not a drop reason. */
export function isRedelivery(origin: MessageSummary['origin'], code: DropCode): boolean {
  return origin === 'webhook' && code === 'duplicate-message-id';
}

/** A subset of the Badge tones (kept here so this file stays free of React). */
export type ProblemTone = 'neutral' | 'ok' | 'warn' | 'error';

export interface ProblemPart {
  kind: 'drop' | 'redelivery' | 'signature' | 'spec' | 'partner';
  label: string;
  /** Tooltip: the full story behind the label. */
  title: string;
  tone: ProblemTone;
}

/** "2 errors · 3 warnings", "1 error", "1 warning"; '' when both are 0. */
export function countText(errors: number, warnings: number): string {
  const parts: string[] = [];
  if (errors > 0) parts.push(plural(errors, 'error'));
  if (warnings > 0) parts.push(plural(warnings, 'warning'));
  return parts.join(' · ');
}

const SIGNATURE: Record<NonNullable<MessageSummary['signature']>, Omit<ProblemPart, 'kind'>> = {
  valid: { label: 'signed', title: 'X-Signature is valid', tone: 'ok' },
  invalid: { label: 'bad signature', title: 'X-Signature does not match the shared secret', tone: 'error' },
  missing: { label: 'no signature', title: 'A secret is set but the request had no X-Signature header', tone: 'error' },
  'no-secret': { label: 'unsigned', title: 'The request had no X-Signature header (and no secret is set for this webhook)', tone: 'neutral' },
};

/** A 'no-secret' row whose X-Signature came: it was signed, just not checked. */
const UNCHECKED: Omit<ProblemPart, 'kind'> = {
  label: 'not checked',
  title: "Signature not checked: an X-Signature came, but no secret is set for this webhook to check it against; set the webhook's secret in the Webhooks tab to check it",
  tone: 'neutral',
};

/**
 * The words for a webhook signature check, the same in the row and in the detail pane (the pane's
 * badge showed the API's status, "no-secret", beside a row that said "not checked").
 */
export function signaturePart(status: NonNullable<MessageSummary['signature']>, unchecked: boolean): Omit<ProblemPart, 'kind'> {
  return status === 'no-secret' && unchecked ? UNCHECKED : SIGNATURE[status];
}

interface ProfileCount {
  profile: string;
  errors: number;
  warnings: number;
}

/** Per-profile counts; rows without findingCounts only have totals, shown against all profiles. */
function profileCounts(row: MessageSummary): { counts: ProfileCount[]; exact: boolean } {
  const c = row.findingCounts;
  if (c && c.length === row.findingProfiles.length * 2) {
    return { counts: row.findingProfiles.map((profile, i) => ({ profile, errors: c[2 * i], warnings: c[2 * i + 1] })), exact: true };
  }
  return { counts: [], exact: false };
}

/**
 * `partnersApply`: a workspace is configured, so every partner finding on the row is one of its
 * own source's checks and is shown as loud as Segment's; without one they stay quiet.
 */
export function problemParts(row: MessageSummary, partnersApply = false): ProblemPart[] {
  return loudestFirst(partsInKindOrder(row, partnersApply));
}

function partsInKindOrder(row: MessageSummary, partnersApply: boolean): ProblemPart[] {
  const parts: ProblemPart[] = [];
  const dropCodes = row.dropCodes.filter((c) => !isRedelivery(row.origin, c));
  if (dropCodes.length > 0) {
    const more = dropCodes.length > 1 ? ` +${dropCodes.length - 1}` : '';
    parts.push({
      kind: 'drop',
      label: `would drop: ${DROP_SHORT[dropCodes[0]] ?? dropCodes[0]}${more}`,
      title: `Segment would drop this: ${dropCodes.map((c) => DROP_LABELS[c] ?? c).join('; ')}`,
      tone: 'error',
    });
  }
  if (dropCodes.length < row.dropCodes.length) parts.push({ kind: 'redelivery', label: 'redelivered', title: redeliveryText(), tone: 'warn' });
  if (row.signature) parts.push({ kind: 'signature', ...signaturePart(row.signature, row.signatureUnchecked === true) });
  if (row.findingProfiles.length === 0) return parts;

  const { counts, exact } = profileCounts(row);
  if (!exact) {
    // Totals only: one quiet part naming every profile.
    const names = row.findingProfiles.map(profileLabel).join(', ');
    parts.push({ kind: 'partner', label: `${countText(row.errorCount, row.warningCount)} · ${names}`, title: `Validator findings from ${names}`, tone: 'neutral' });
    return parts;
  }
  const spec = counts.find((c) => c.profile === 'segment');
  const drop = parts.find((p) => p.kind === 'drop');
  if (spec && spec.errors + spec.warnings > 0 && drop) {
    // Segment's spec errors are mostly the drop reasons again: one badge, both in its tooltip.
    drop.title += `\nSegment spec: ${countText(spec.errors, spec.warnings)}`;
  } else if (spec && spec.errors + spec.warnings > 0) {
    parts.push({
      kind: 'spec',
      label: `spec: ${countText(spec.errors, spec.warnings)}`,
      title: `Segment spec: ${countText(spec.errors, spec.warnings)}`,
      tone: spec.errors > 0 ? 'error' : 'warn',
    });
  }
  const partners = counts.filter((c) => c.profile !== 'segment' && c.errors + c.warnings > 0);
  if (partners.length > 0) {
    const errors = partners.reduce((n, c) => n + c.errors, 0);
    const warnings = partners.reduce((n, c) => n + c.warnings, 0);
    const names = partners.map((c) => profileLabel(c.profile));
    // Quiet: each partner with its own counts, one with errors first ("Freshsuccess: 1 error;
    // ProveSource: 1 warning"). The names all led and the counts came last, so the cell at 1400 px
    // with the detail open read "ProveSource, Freshsuccess" with no count, not even which one erred.
    const quiet = [...partners.filter((c) => c.errors > 0), ...partners.filter((c) => c.errors === 0)]
      .map((c) => `${profileLabel(c.profile)}: ${countText(c.errors, c.warnings)}`)
      .join('; ');
    parts.push({
      kind: 'partner',
      // Loud (a workspace source's own checks), the counts lead: they are what the colour is about.
      // Led by the names and cut to its first, a red "ProveSource," stood for Freshsuccess' error.
      label: partnersApply ? `${countText(errors, warnings)}: ${names.join(', ')}` : quiet,
      title: partners.map((c) => `${profileLabel(c.profile)}: ${countText(c.errors, c.warnings)}`).join('\n'),
      tone: partnersApply ? (errors > 0 ? 'error' : 'warn') : 'neutral',
    });
  }
  return parts;
}

const LOUDNESS: Record<ProblemTone, number> = { error: 0, warn: 1, neutral: 2, ok: 2 };

/**
 * Errors before warnings, the order otherwise kept: the row shows the badges that fit and hides the
 * rest, and "spec: 2 warnings" filled a 1000 px cell while a workspace source's "1 error" was hidden.
 */
function loudestFirst(parts: ProblemPart[]): ProblemPart[] {
  return parts.map((part, i) => ({ part, i })).sort((a, b) => LOUDNESS[a.part.tone] - LOUDNESS[b.part.tone] || a.i - b.i).map((p) => p.part);
}

/**
 * A quiet partner note in the pieces it may be cut between, each kept whole: a name, then ": 1 error",
 * " · 3 warnings", then the next partner's "; ProveSource", ": 1 warning" (a name with its comma in
 * the totals-only note). The row shows the pieces that fit and hides the rest (the tooltip has them
 * all): cut with an ellipsis, it read "ProveSource, Freshsuccess: 1 er…" and "ProveSource, Freshsucc…".
 */
export function quietPieces(label: string): string[] {
  return label.split(/(?=: | · |; |(?<=,) )/);
}
