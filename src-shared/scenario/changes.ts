// What playing a scenario in the app changes of the app's own engine, besides the messages it
// sends: the Product Fruits matching (its settings, its users steps), the session timeout and the
// webhooks it configures (names, shared secrets, "reject invalid").
// `eventbench run` gives each file a fresh data dir; the app sets the user's own aside instead
// (src-main/replay/set-aside.ts), and the Scenarios tab says so before Play.
import type { MatchingSettings } from '../matching/types';
import type { Scenario } from './types';

export interface ScenarioChanges {
  /** The scenario decides matching (settings.matching, or a users step): the run starts from an empty directory and the default settings, as on a fresh engine. */
  matching: boolean;
  /** Its settings.matching (the rest are the defaults). */
  matchingSettings?: Partial<MatchingSettings>;
  /** Users its inline users steps add. */
  inlineUsers: number;
  /** The files its users steps read. */
  userFiles: string[];
  /** Its settings.sessions.timeoutMs. */
  timeoutMs?: number;
  /** The names of the webhooks its `webhooks` section configures: they replace the app's own of those names. */
  webhooks: string[];
}

export function scenarioChanges(s: Pick<Scenario, 'settings' | 'steps' | 'webhooks'>): ScenarioChanges {
  let inlineUsers = 0;
  const userFiles: string[] = [];
  for (const step of s.steps) {
    if (step.kind !== 'users') continue;
    if (Array.isArray(step.users)) inlineUsers += step.users.length;
    else userFiles.push(step.users.file);
  }
  const matching = s.settings.matching !== undefined || inlineUsers > 0 || userFiles.length > 0;
  return {
    matching,
    ...(s.settings.matching !== undefined ? { matchingSettings: { ...s.settings.matching } } : {}),
    inlineUsers,
    userFiles,
    ...(s.settings.sessions?.timeoutMs !== undefined ? { timeoutMs: s.settings.sessions.timeoutMs } : {}),
    webhooks: s.webhooks.map((w) => w.name),
  };
}

/** Whether playing it changes anything of the app's own set-up. */
export const changesAnything = (c: ScenarioChanges): boolean => c.matching || c.timeoutMs !== undefined || c.webhooks.length > 0;
