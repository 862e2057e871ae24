// The webhook form's draft against the webhook as the engine has it, which can change while the
// form is open (another window, a scenario, the automation client): pure, so it is tested alone.
// The UI never learns a secret, only whether one is set, so a secret is never compared or shown.
import type { WebhookConfig, WebhookView } from '../../../src-shared/api';

export type SecretMode = 'keep' | 'set' | 'clear';

/** What the form holds: the secret field's choice and text, and "reject invalid". */
export interface WebhookDraft {
  secretMode: SecretMode;
  secret: string;
  rejectInvalid: boolean;
}

/** A webhook's values as the UI knows them. */
export type WebhookValues = Pick<WebhookView, 'name' | 'hasSecret' | 'rejectInvalid'>;

/** What the user changed in the form, against the values it is measured from. */
export interface DraftEdits {
  /** 'set': a new secret typed; 'clear': Remove chosen on a webhook that has one. */
  secret?: 'set' | 'clear';
  rejectInvalid?: boolean;
}

export const REJECT_INVALID_LABEL = 'Answer 401 to requests with a missing or invalid signature';

/** The untouched form for a webhook (or for a new one). */
export function draftFrom(w: WebhookValues | null): WebhookDraft {
  return { secretMode: w?.hasSecret ? 'keep' : 'set', secret: '', rejectInvalid: w?.rejectInvalid ?? false };
}

export const sameValues = (a: WebhookValues, b: WebhookValues): boolean =>
  a.name === b.name && a.hasSecret === b.hasSecret && a.rejectInvalid === b.rejectInvalid;

/** The fields the user edited: "Change" with nothing typed, or a box ticked and unticked, is no edit. */
export function draftEdits(base: WebhookValues, d: WebhookDraft): DraftEdits {
  const edits: DraftEdits = {};
  if (d.secretMode === 'set' && d.secret !== '') edits.secret = 'set';
  else if (d.secretMode === 'clear' && base.hasSecret) edits.secret = 'clear';
  if (d.rejectInvalid !== base.rejectInvalid) edits.rejectInvalid = d.rejectInvalid;
  return edits;
}

export const hasEdits = (e: DraftEdits): boolean => e.secret !== undefined || e.rejectInvalid !== undefined;

/**
 * The draft measured against `current` instead of `base`: the user's edits stay, every field the
 * user did not edit takes `current`'s value (a secret set elsewhere is kept, not cleared by Save;
 * "reject invalid" changed elsewhere is not changed back).
 */
export function rebaseDraft(base: WebhookValues, current: WebhookValues, d: WebhookDraft): WebhookDraft {
  const edits = draftEdits(base, d);
  let secretMode: SecretMode;
  let secret = '';
  if (edits.secret === 'set') {
    secretMode = 'set';
    secret = d.secret;
  } else if (edits.secret === 'clear') {
    // Removing a secret the webhook no longer has is nothing to do.
    secretMode = current.hasSecret ? 'clear' : 'set';
  } else if (base.hasSecret === current.hasSecret) {
    secretMode = d.secretMode; // "Change" chosen with nothing typed yet stays chosen
    secret = d.secret;
  } else {
    secretMode = current.hasSecret ? 'keep' : 'set';
  }
  return { secretMode, secret, rejectInvalid: edits.rejectInvalid ?? current.rejectInvalid };
}

/**
 * The form after the engine's webhook moved from `base` to `current`: the draft rebased onto it,
 * and `since`, the values the user's edits were made against (for the "changed elsewhere" notice),
 * kept while edits remain. Null when nothing changed.
 */
export function followChange(
  base: WebhookValues,
  current: WebhookValues,
  d: WebhookDraft,
  since: WebhookValues | null,
): { base: WebhookValues; draft: WebhookDraft; since: WebhookValues | null } | null {
  if (sameValues(base, current)) return null;
  const draft = rebaseDraft(base, current, d);
  const edited = hasEdits(draftEdits(current, draft));
  const from = since ?? base;
  return { base: current, draft, since: edited && !sameValues(from, current) ? from : null };
}

/** What changed between two versions of a webhook, one sentence each (a secret is only "set" or "none"). */
export function webhookChanges(before: WebhookValues, after: WebhookValues): string[] {
  const out: string[] = [];
  if (before.name !== after.name) out.push(`Name: "${after.name}", was "${before.name}".`);
  if (before.hasSecret !== after.hasSecret) out.push(after.hasSecret ? 'Shared secret: set, was none.' : 'Shared secret: removed (none now), was set.');
  if (before.rejectInvalid !== after.rejectInvalid) out.push(`${REJECT_INVALID_LABEL}: ${after.rejectInvalid ? 'on' : 'off'}, was ${after.rejectInvalid ? 'off' : 'on'}.`);
  return out;
}

/**
 * What Save sends. A secret or "reject invalid" the user did not edit is kept as the engine has it
 * (it may have been changed elsewhere: the form cannot know); `asNew` (a new webhook, or Save as new of one
 * deleted elsewhere) has no secret to keep, and must not replace one of that name.
 */
export function savePayload(
  name: string,
  base: WebhookValues | null,
  d: WebhookDraft,
  asNew: boolean,
): WebhookConfig & { keepSecret: boolean; keepRejectInvalid: boolean; expect: 'existing' | 'new' } {
  const edits = base && !asNew ? draftEdits(base, d) : {};
  const secret = d.secretMode === 'set' && d.secret !== '' ? d.secret : undefined;
  // `expect`: the engine refuses an edit of a webhook deleted meanwhile, and a new one over one added meanwhile.
  // "Reject invalid" likewise: a Save that changed only the secret wrote back the box as this
  // form last heard it, turning off a change made in another window it had not heard of yet.
  return {
    name,
    rejectInvalid: d.rejectInvalid,
    keepSecret: !asNew && edits.secret === undefined,
    keepRejectInvalid: !asNew && edits.rejectInvalid === undefined,
    secret,
    expect: asNew ? 'new' : 'existing',
  };
}
