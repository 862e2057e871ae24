// What the Scenarios tab and the banner on the other tabs say about a scenario's changes to the
// app's own set-up: before Play (what the run changes, that the user's own is set aside first) and
// after (what of the user's is set aside, and what Restore mine does). Pure text, tested alone.
import type { MatchingSettings } from '../matching/types';
import { plural } from '../plural';
import { changesAnything, type ScenarioChanges } from './changes';
import type { SetAsideSummary } from './report';

const settingsText = (s: Partial<MatchingSettings>) =>
  Object.entries(s)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/** "a", "a and b", "a, b and c". */
export function andList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "1 webhook (pf)", "2 webhooks (pf, crm)". */
const webhooksText = (names: readonly string[]) => `${plural(names.length, 'webhook')} (${names.join(', ')})`;

/** Before Play: what the run changes, and what of the user's is set aside first; null when it changes nothing. */
export function beforePlayText(changes: ScenarioChanges, setAside: SetAsideSummary | null): string | null {
  if (!changesAnything(changes)) return null;
  const what: string[] = [];
  if (changes.matching) {
    const users = [changes.inlineUsers > 0 ? plural(changes.inlineUsers, 'inline user') : '', ...changes.userFiles.map((f) => `the users of ${f}`)].filter(Boolean).join(' and ');
    what.push(`matching starts from ${users ? `an empty directory plus ${users}` : 'an empty directory'}, with ${changes.matchingSettings ? `its settings (${settingsText(changes.matchingSettings)}${Object.keys(changes.matchingSettings).length < 4 ? '; the rest default' : ''})` : 'the default settings'}`);
  }
  if (changes.timeoutMs !== undefined) what.push(`the session timeout is ${minutes(changes.timeoutMs)}`);
  const hooks = changes.webhooks.length;
  if (hooks > 0) what.push(`its ${webhooksText(changes.webhooks)} ${hooks === 1 ? 'takes the place of yours of that name' : 'take the place of yours of those names'}, secrets included`);
  const own = [...(changes.matching ? ['users directory', 'matching settings'] : []), ...(changes.timeoutMs !== undefined ? ['session timeout'] : []), ...(hooks > 0 ? [hooks === 1 ? 'webhook of that name' : 'webhooks of those names'] : [])];
  const kept = setAside
    ? `Your own are already set aside (since “${setAside.scenario}” played) and stay so.`
    : `Your own ${andList(own)} are set aside first, as eventbench run starts from a fresh data dir: Restore mine puts them back after the run.`;
  return `${what.join('; ')}. ${kept}`;
}

export interface SetAsideTexts {
  /** The whole story, on the Scenarios tab (and the app banner's tooltip). */
  full: string;
  /** The app banner's line, in two parts: the bold start and the rest. */
  short: { lead: string; rest: string };
  /**
   * The Scenarios tab's line, in two parts, the whole story (`full`) one click away: what of the
   * user's is set aside, by name only (the full text gave all four matching settings' values, six
   * lines at a 1000 px window).
   */
  summary: { lead: string; rest: string };
  /** What Restore mine does, for its tooltip. */
  restore: string;
}

/** After a play: what of the user's own set-up is set aside, and what Restore mine brings back (and removes). */
export function setAsideTexts(s: SetAsideSummary): SetAsideTexts {
  const ownWebhooks = s.webhooks ?? [];
  const added = s.addedWebhooks ?? [];
  const inUseWebhooks = [...ownWebhooks, ...added];
  const own = [
    ...(s.users !== undefined ? [`users directory (${plural(s.users, 'user')})`] : []),
    ...(s.matching ? [`matching settings (${settingsText(s.matching)})`] : []),
    ...(s.timeoutMs !== undefined ? [`session timeout (${minutes(s.timeoutMs)})`] : []),
    ...(ownWebhooks.length > 0 ? [webhooksText(ownWebhooks)] : []),
  ];
  const consequences = [
    ...(s.users !== undefined || s.matching ? ['matching now uses the scenario’s, so the Matching tab and the inspector show its decisions'] : []),
    ...(s.timeoutMs !== undefined && s.users === undefined && !s.matching ? ['sessions now time out after the scenario’s timeout'] : []),
    ...(inUseWebhooks.length > 0 ? [`${andList(inUseWebhooks.map((n) => `/webhook/${n}`))} ${inUseWebhooks.length === 1 ? 'uses' : 'use'} the scenario’s secret and settings`] : []),
  ];
  const removes = added.length > 0 ? `${added.length === 1 ? 'the webhook' : 'the webhooks'} ${added.join(', ')}, which you did not have` : '';
  const multiple = own.length > 1 || (own.length === 1 && ownWebhooks.length > 1);
  const full =
    own.length > 0
      ? `Your own ${andList(own)} ${multiple ? 'are' : 'is'} set aside since “${s.scenario}” played: ${consequences.join('; ')}.${removes ? ` Restore mine also removes ${removes}.` : ''}`
      : `“${s.scenario}” added ${webhooksText(added)}, which you did not have: ${consequences.join('; ')}. Restore mine removes ${added.length === 1 ? 'it' : 'them'}.`;
  const inUse = [...(s.users !== undefined ? ['users directory'] : []), ...(s.matching ? ['matching settings'] : []), ...(s.timeoutMs !== undefined ? ['session timeout'] : []), ...(inUseWebhooks.length > 0 ? [`${inUseWebhooks.length === 1 ? 'webhook' : 'webhooks'} ${andList(inUseWebhooks)}`] : [])];
  const short = {
    lead: `The app uses the ${andList(inUse)} of “${s.scenario}”:`,
    rest: own.length > 0 ? 'your own are set aside until you restore them.' : `Restore mine removes ${added.length === 1 ? 'it' : 'them'}.`,
  };
  const names = (hooks: readonly string[]) => `${hooks.length === 1 ? 'webhook' : 'webhooks'} ${andList(hooks)}`;
  const ownNames = [...(s.users !== undefined ? ['users directory'] : []), ...(s.matching ? ['matching settings'] : []), ...(s.timeoutMs !== undefined ? ['session timeout'] : []), ...(ownWebhooks.length > 0 ? [names(ownWebhooks)] : [])];
  const summary =
    own.length > 0
      ? { lead: 'Set aside:', rest: `your ${andList(ownNames)}${added.length > 0 ? `; added: ${names(added)}` : ''}.` }
      : { lead: 'Added by a scenario:', rest: `${names(added)}, which you did not have.` };
  const putBack = [...(s.users !== undefined ? ['directory'] : []), ...(s.matching ? ['matching settings'] : []), ...(s.timeoutMs !== undefined ? ['session timeout'] : []), ...(ownWebhooks.length > 0 ? [ownWebhooks.length === 1 ? 'webhook' : 'webhooks'] : [])];
  const restore = [putBack.length > 0 ? `Put your own ${andList(putBack)} back` : '', removes ? `remove ${removes}` : ''].filter(Boolean).join(', and ') + (s.users !== undefined || s.matching ? ' (the decisions are derived again from them)' : '');
  return { full, short, summary, restore: restore.charAt(0).toUpperCase() + restore.slice(1) };
}
