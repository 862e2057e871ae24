// One validator: a message and the profiles to check it against -> findings.
// Profiles are compiled once at module load; validate() only reads the message.
import type { JsonObject } from '../capture';
import { PRODUKTLY } from '../catalogs/produktly';
import { PROVESOURCE } from '../catalogs/provesource';
import type { Finding, ProfileId } from './finding';
import { checkFreshsuccess } from './freshsuccess-rules';
import { checkSegment } from './segment-rules';
import { checkSource, compileSource, type CompiledSource } from './source-rules';
import { withNearKeyHints } from './field-check';
import { checkDamagedText, mayHoldDamagedText } from './text-rules';
import { checkDuplicateKeys } from './duplicate-keys';

export const ALL_PROFILES: readonly ProfileId[] = ['segment', 'provesource', 'produktly', 'freshsuccess'];

export interface ValidateOptions {
  /**
   * 'explicit': the user chose these profiles (composer): every rule applies, unknown event names
   * get a "did you mean" finding. 'auto' (receiver): source catalogs report only on messages that
   * look like theirs (a known or near-miss event name), so unrelated traffic stays quiet;
   * Freshsuccess reports only on track/identify/group messages (then fully).
   * Default: 'explicit'.
   */
  mode?: 'explicit' | 'auto';
  /**
   * Receipt time for a message that carries no receivedAt (the composer's, before it is sent):
   * destination rules judge the message as Segment would deliver it at that time.
   */
  receivedAt?: string;
  /**
   * The message's JSON text (or a text that holds it, such as its log line), when the caller has
   * it: the damaged-text check (text-rules.ts) then walks the message only when the text may
   * hold some. Findings are the same with or without it.
   */
  text?: string;
  /**
   * The message's own JSON text as stored (its capture log slice) or typed (the composer's editor),
   * for the one check the parsed message cannot answer: a key written twice in one object
   * (duplicate-keys.ts), a Segment-spec warning. Absent: not checked. Hot paths pass it only when
   * mayRepeatKeys says the text may write a key twice; the findings are the same either way.
   */
  keysText?: string;
}

const PROVESOURCE_COMPILED = compileSource(PROVESOURCE);
const PRODUKTLY_COMPILED = compileSource(PRODUKTLY);

/** A source catalog, compiled (for checks that need only the event name, see workspace.ts). */
export function compiledSourceOf(profile: ProfileId): CompiledSource | undefined {
  return profile === 'provesource' ? PROVESOURCE_COMPILED : profile === 'produktly' ? PRODUKTLY_COMPILED : undefined;
}

export function validate(message: JsonObject, profiles: readonly ProfileId[] = ALL_PROFILES, options: ValidateOptions = {}): Finding[] {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return [{ severity: 'error', path: '', rule: 'segment.message.object', message: 'A Segment message must be a JSON object.', profile: 'segment' }];
  }
  const explicit = options.mode !== 'auto';
  const out: Finding[] = [];
  for (let i = 0; i < profiles.length; i++) {
    switch (profiles[i]) {
      case 'segment':
        checkSegment(message, out);
        if (options.text === undefined || mayHoldDamagedText(options.text)) checkDamagedText(message, out);
        if (options.keysText !== undefined) checkDuplicateKeys(options.keysText, out);
        break;
      case 'provesource':
        checkSource(PROVESOURCE_COMPILED, message, explicit, out);
        break;
      case 'produktly':
        checkSource(PRODUKTLY_COMPILED, message, explicit, out);
        break;
      case 'freshsuccess':
        checkFreshsuccess(message, explicit, out, options.receivedAt);
        break;
      default:
        throw new Error(`validate: unknown profile "${String(profiles[i])}"; known profiles: ${ALL_PROFILES.join(', ')}`);
    }
  }
  return out;
}
const AUTO: ValidateOptions = { mode: 'auto' };

/**
 * The findings every captured message carries: all profiles, auto mode. A pure function of the
 * message, so the capture log does not store them; they are recomputed whenever a line is read.
 */
export function receiverFindings(message: JsonObject, text?: string, keysText?: string): Finding[] {
  return validate(message, ALL_PROFILES, text === undefined && keysText === undefined ? AUTO : { mode: 'auto', text, keysText });
}

/**
 * receiverFindings for counting only (ingest's tallies): the same rules and severities, without
 * the "did you mean" hints that only change a sentence (they cost a scan of the keys per missing
 * field). The detail pane reads receiverFindings, hints included.
 */
export function ingestFindings(message: JsonObject, text?: string, keysText?: string): Finding[] {
  return withNearKeyHints(false, () => validate(message, ALL_PROFILES, text === undefined && keysText === undefined ? AUTO : { mode: 'auto', text, keysText }));
}

/**
 * Which profiles apply to a message and how: every partner in auto mode while the workspace is
 * empty, else the message's source's catalog and its connected destinations, every rule on
 * (see src-shared/workspace.ts).
 */
export interface CheckPlan {
  profiles: readonly ProfileId[];
  mode: 'auto' | 'explicit';
}

export const EVERY_PARTNER_PLAN: CheckPlan = Object.freeze({ profiles: ALL_PROFILES, mode: 'auto' });

/** The findings of a message under a plan; the receiver's own (receiverFindings) for EVERY_PARTNER_PLAN. */
export function findingsFor(message: JsonObject, plan: CheckPlan, receivedAt?: string, keysText?: string): Finding[] {
  return validate(message, plan.profiles, { mode: plan.mode, receivedAt, keysText });
}

export { createAccountTracker, type AccountTracker } from './account-tracker';
