// One validator: a message and the profiles to check it against -> findings.
// STUB: signature fixed; implementation owned by the catalogs/validator work.
import type { JsonObject } from '../capture';
import type { Finding, ProfileId } from './finding';

export const ALL_PROFILES: readonly ProfileId[] = ['segment', 'provesource', 'produktly', 'freshsuccess'];

export interface ValidateOptions {
  /**
   * 'explicit': the user chose these profiles (composer): every rule applies, unknown event names
   * get a "did you mean" finding. 'auto' (receiver): source catalogs report only on messages that
   * look like theirs (a known or near-miss event name), so unrelated traffic stays quiet.
   */
  mode?: 'explicit' | 'auto';
}

export function validate(_message: JsonObject, _profiles: readonly ProfileId[] = ALL_PROFILES, _options: ValidateOptions = {}): Finding[] {
  return [];
}
