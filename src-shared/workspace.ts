// The workspace: which sources feed which destinations, as in Segment's own model. It decides
// which checks apply to a message: a source's catalog only to its own messages, a destination's
// rules only to messages of sources connected to it. With no source configured, every message is
// checked against every partner in auto mode (the receiver's long-standing behaviour).
//
// Findings stay derived: captures keep no workspace-dependent data. The index stores each
// message's auto-mode tally (workspace-free); effectiveTally turns it into the counts under the
// current workspace from the call type and event name alone, so a workspace change needs no
// re-read of the log and gives the same answer as a restart.
import type { CaptureOrigin, DropCode, SignatureCheck } from './capture';
import { maskWriteKey } from './summary';
import { shownValue } from './shown-value';
import { nearestName } from './scenario/near';
import type { FindingTally } from './summary';
import type { Finding, ProfileId } from './validate/finding';
import { sourceEventGate } from './validate/source-rules';
import { freshsuccessTypeFinding } from './validate/freshsuccess-rules';
import { ALL_PROFILES, compiledSourceOf, EVERY_PARTNER_PLAN, findingsFor, type CheckPlan } from './validate/validate';

export type SourceKind = 'provesource' | 'produktly' | 'custom';

export const SOURCE_KINDS: readonly { id: SourceKind; name: string }[] = [
  { id: 'provesource', name: 'ProveSource' },
  { id: 'produktly', name: 'Produktly' },
  { id: 'custom', name: 'Custom (no catalog)' },
];

/** Destinations Eventbench knows; any other name is accepted and listed, with no rules. */
export const KNOWN_DESTINATIONS: readonly { id: string; name: string; profile?: ProfileId; note: string }[] = [
  { id: 'freshsuccess', name: 'Freshsuccess', profile: 'freshsuccess', note: "Freshsuccess' requirements, on the message as Segment delivers it." },
  { id: 'productfruits', name: 'Product Fruits', note: 'Through a webhook; its user matching runs in the Matching tab.' },
];

/**
 * The id of the known destination a name means, whatever its case and spacing ("Freshsuccess",
 * "product fruits", "ProductFruits"); undefined for any other destination.
 */
export function knownDestinationId(name: string): string | undefined {
  const key = name.toLowerCase().replace(/[\s_-]+/g, '');
  return KNOWN_DESTINATIONS.find((k) => k.id === key || k.name.toLowerCase().replace(/\s+/g, '') === key)?.id;
}

export interface WorkspaceSource {
  id: string;
  name: string;
  kind: SourceKind;
  /** Tracking API source: its write key, masked as the receiver shows it ("abc…xyz"). */
  writeKey?: string;
  /** The key's fingerprint, when known (a full key was given, or a seen source picked): it wins over the masked form, which two keys may share. */
  writeKeyFingerprint?: string;
  /**
   * Set by the engine: the fingerprint of the key the composer's local sends "as" this source
   * carry (eventbench-local.<id>), so they are checked as this source's messages.
   */
  localKeyFingerprint?: string;
  /** Webhook source: the receiver's webhook name (traffic arriving as a destination sees it). */
  webhook?: string;
  /** Destination ids (KNOWN_DESTINATIONS) or other destinations by name. */
  destinations: string[];
  /**
   * Forward what this source sends to Segment (US or EU) or a Segment-compatible URL, in batches,
   * with its own write key (kept apart, in forwarding.json; never in the workspace).
   */
  forward?: { to: ForwardTarget };
}

/** 'us' (api.segment.io), 'eu' (events.eu1.segmentapis.com), or an http(s) base URL. */
export type ForwardTarget = 'us' | 'eu' | string;

export const FORWARD_HOSTS: Record<'us' | 'eu', string> = { us: 'https://api.segment.io', eu: 'https://events.eu1.segmentapis.com' };

/** The base URL a forward target posts to ({base}/v1/batch). */
export function forwardBase(to: ForwardTarget): string {
  return to === 'us' || to === 'eu' ? FORWARD_HOSTS[to] : to.replace(/\/+$/, '');
}

export interface Workspace {
  sources: WorkspaceSource[];
}

export const EMPTY_WORKSPACE: Workspace = Object.freeze({ sources: [] }) as Workspace;

export const EVERY_PARTNER_NOTE = 'Checking against every partner: connect your sources to narrow this.';

const MAX_SOURCES = 200;
const MAX_NAME = 120;

/** The fields a source is saved with; `localKeyFingerprint` is the engine's own (taken back as workspace.get answers it, and set again). */
const SOURCE_FIELDS = ['id', 'name', 'kind', 'writeKey', 'writeKeyFingerprint', 'webhook', 'destinations', 'forward'] as const;
const ENGINE_SET_FIELDS = ['localKeyFingerprint'];
/** A source's forward: where to, and its write key (kept apart, in forwarding.json). */
const FORWARD_FIELDS = ['to', 'writeKey'] as const;

/**
 * "<path>: <what> has no field "writekey" (did you mean "writeKey"?); it takes …" for each key of
 * `o` that is not one of `fields` (nor `alsoTaken`): such a key was dropped without a word.
 */
function unknownFieldErrors(o: object, at: string, what: string, fields: readonly string[], alsoTaken: readonly string[] = []): string[] {
  return Object.keys(o)
    .filter((key) => !fields.includes(key) && !alsoTaken.includes(key))
    .map((key) => {
      const meant = nearestName(key, fields);
      return `${at}${at === '' ? '' : '.'}${key}: ${what} has no field ${JSON.stringify(key)}${meant ? ` (did you mean ${JSON.stringify(meant)}?)` : ''}; it takes ${fields.join(', ')}`;
    });
}

/**
 * A workspace from untrusted JSON (the API, the file), or every error found, each naming where
 * ("sources[1].kind: …"). `fromClient` (a save): a field the workspace, a source or its forward
 * does not have is refused by its path ("sources[2].writekey: …"), not dropped; the file read at
 * start-up is not held to it (a field a later version adds does not throw its workspace away).
 */
export function parseWorkspace(value: unknown, fromClient = false): { ok: true; workspace: Workspace } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, errors: [`the workspace must be a JSON object with a "sources" array, such as {"sources": []}, not ${shownValue(value)}`] };
  const raw = (value as { sources?: unknown }).sources;
  if (fromClient) errors.push(...unknownFieldErrors(value, '', 'the workspace', ['sources']));
  if (!Array.isArray(raw)) return { ok: false, errors: [...errors, raw === undefined ? '"sources" must be an array; the workspace has none' : `"sources" must be an array, not ${shownValue(raw)}`] };
  if (raw.length > MAX_SOURCES) return { ok: false, errors: [`"sources" has ${raw.length} entries; at most ${MAX_SOURCES}`] };
  const sources: WorkspaceSource[] = [];
  const ids = new Set<string>();
  const keys = new Map<string, number>();
  raw.forEach((s, i) => {
    const at = `sources[${i}]`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      errors.push(`${at}: must be an object`);
      return;
    }
    const o = s as Record<string, unknown>;
    if (fromClient) errors.push(...unknownFieldErrors(o, at, 'a source', SOURCE_FIELDS, ENGINE_SET_FIELDS));
    if (fromClient && typeof o.forward === 'object' && o.forward !== null && !Array.isArray(o.forward)) errors.push(...unknownFieldErrors(o.forward, `${at}.forward`, 'forward', FORWARD_FIELDS));
    const name = typeof o.name === 'string' ? o.name.trim() : '';
    if (name === '' || name.length > MAX_NAME) errors.push(`${at}.name: must be a non-empty string of at most ${MAX_NAME} characters${typeof o.name !== 'string' ? `, not ${shownValue(o.name)}` : name.length > MAX_NAME ? `, not ${name.length}` : ''}`);
    const kind = o.kind ?? 'custom';
    if (!SOURCE_KINDS.some((k) => k.id === kind)) errors.push(`${at}.kind: must be one of ${SOURCE_KINDS.map((k) => k.id).join(', ')}, not ${JSON.stringify(kind)}`);
    const writeKey = typeof o.writeKey === 'string' && o.writeKey.trim() !== '' ? o.writeKey.trim() : undefined;
    const webhook = typeof o.webhook === 'string' && o.webhook.trim() !== '' ? o.webhook.trim() : undefined;
    if (o.writeKey !== undefined && typeof o.writeKey !== 'string') errors.push(`${at}.writeKey: must be a string, not ${shownValue(o.writeKey)}`);
    if (o.webhook !== undefined && typeof o.webhook !== 'string') errors.push(`${at}.webhook: must be a string, not ${shownValue(o.webhook)}`);
    // Neither: the error goes on the field the source has (the page's "Write key" or "Webhook"), so it shows beside it.
    if (writeKey !== undefined && webhook !== undefined) errors.push(`${at}: give exactly one of "writeKey" (a Tracking API source) or "webhook" (a webhook name)`);
    else if (writeKey === undefined && webhook === undefined) {
      errors.push(o.webhook !== undefined ? `${at}.webhook: required: the name of the webhook (as in /webhook/<name>)` : `${at}.writeKey: required: the source's write key (or "webhook", a webhook name, for a webhook source)`);
    }
    const localKeyFingerprint = typeof o.localKeyFingerprint === 'string' && /^[0-9a-f]{12}$/.test(o.localKeyFingerprint) ? o.localKeyFingerprint : undefined;
    const fingerprint = typeof o.writeKeyFingerprint === 'string' && /^[0-9a-f]{12}$/.test(o.writeKeyFingerprint) ? o.writeKeyFingerprint : undefined;
    if (o.writeKeyFingerprint !== undefined && fingerprint === undefined) errors.push(`${at}.writeKeyFingerprint: must be 12 lower-case hex digits (as the receiver shows it), not ${shownValue(o.writeKeyFingerprint)}`);
    const matchKey = writeKey !== undefined ? `writeKey ${fingerprint ?? writeKey}` : `webhook ${webhook}`;
    if (keys.has(matchKey)) errors.push(`${at}: the same ${matchKey} as sources[${keys.get(matchKey)}]`);
    else keys.set(matchKey, i);
    const destinations: string[] = [];
    if (o.destinations !== undefined && !Array.isArray(o.destinations)) errors.push(`${at}.destinations: must be an array of destination names, not ${shownValue(o.destinations)}`);
    else
      for (const [j, d] of ((o.destinations as unknown[]) ?? []).entries()) {
        if (typeof d !== 'string' || d.trim() === '' || d.length > MAX_NAME) errors.push(`${at}.destinations[${j}]: must be a non-empty string${typeof d === 'string' && d.trim() !== '' ? ` of at most ${MAX_NAME} characters` : ''}, not ${shownValue(d)}`);
        else {
          const name = knownDestinationId(d) ?? d.trim();
          if (!destinations.includes(name)) destinations.push(name);
        }
      }
    let forward: WorkspaceSource['forward'];
    if (o.forward !== undefined && o.forward !== null) {
      const to = (o.forward as { to?: unknown }).to;
      if (typeof o.forward !== 'object' || Array.isArray(o.forward)) {
        // A list or a bare "us" has no "to" to show: name the field's own shape (it read "not undefined").
        errors.push(`${at}.forward: must be an object such as {"to": "us"}, not ${shownValue(o.forward)}`);
      } else if (typeof to !== 'string' || !(to === 'us' || to === 'eu' || /^https?:\/\/[^\s/]+/.test(to))) {
        errors.push(`${at}.forward.to: must be "us", "eu" or an http(s) URL such as https://proxy.example.com, not ${shownValue(to)}`);
      } else if (/^https?:\/\/[^/?#]*@/.test(to)) {
        // fetch refuses such a URL, and its error repeats it, password and all, in the source's last error.
        errors.push(`${at}.forward.to: must not hold a user name or password (the forward write key authenticates); give the URL without "…@"`);
      } else forward = { to };
    }
    let id = typeof o.id === 'string' && o.id !== '' ? o.id : `source-${i + 1}`;
    while (ids.has(id)) id = `${id}-${i + 1}`;
    ids.add(id);
    sources.push({
      id,
      name,
      kind: kind as SourceKind,
      ...(writeKey !== undefined ? { writeKey } : {}),
      ...(writeKey !== undefined && fingerprint !== undefined ? { writeKeyFingerprint: fingerprint } : {}),
      ...(webhook !== undefined ? { webhook } : {}),
      destinations,
      ...(forward ? { forward } : {}),
      ...(localKeyFingerprint !== undefined ? { localKeyFingerprint } : {}),
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, workspace: { sources } };
}

/** What identifies a message's source: its masked write key, or the webhook it arrived at. */
export interface SourceIdentity {
  writeKeyMasked?: string;
  writeKeyFingerprint?: string;
  webhook?: string;
}

/** A captured message's origin as the workspace matches it (a webhook by name, else its write key). */
export function identityOfOrigin(origin: CaptureOrigin): SourceIdentity {
  return origin.kind === 'webhook' ? { webhook: origin.webhook } : { writeKeyMasked: maskWriteKey(origin.writeKey), writeKeyFingerprint: origin.writeKeyFingerprint };
}

export function sourceOf(workspace: Workspace, identity: SourceIdentity): WorkspaceSource | undefined {
  for (const s of workspace.sources) {
    if (s.localKeyFingerprint !== undefined && identity.writeKeyFingerprint === s.localKeyFingerprint) return s;
    if (s.webhook !== undefined) {
      if (s.webhook === identity.webhook) return s;
    } else if (s.writeKeyFingerprint !== undefined && identity.writeKeyFingerprint !== undefined) {
      if (s.writeKeyFingerprint === identity.writeKeyFingerprint) return s;
    } else if (s.writeKey !== undefined && s.writeKey === identity.writeKeyMasked) return s;
  }
  return undefined;
}

export interface MessagePlan extends CheckPlan {
  /** The workspace source the message belongs to, when configured. */
  source?: WorkspaceSource;
  /** One sentence for the detail pane: what is checked and why. */
  note: string;
}

const EVERY_PARTNER: MessagePlan = Object.freeze({ ...EVERY_PARTNER_PLAN, note: EVERY_PARTNER_NOTE });
const UNCONNECTED_NOTE = "This message's source is not in the workspace: only Segment's own spec is checked. Add the source in the Workspace tab to check it against its partners.";

/** The profiles that apply to one source (its catalog, Segment's spec, its connected destinations). */
export function profilesOfSource(source: WorkspaceSource): ProfileId[] {
  const profiles: ProfileId[] = ['segment'];
  if (source.kind !== 'custom') profiles.push(source.kind);
  for (const d of source.destinations) {
    const profile = KNOWN_DESTINATIONS.find((k) => k.id === d)?.profile;
    if (profile && !profiles.includes(profile)) profiles.push(profile);
  }
  return profiles;
}

export function planFor(workspace: Workspace, identity: SourceIdentity): MessagePlan {
  if (workspace.sources.length === 0) return EVERY_PARTNER;
  const source = sourceOf(workspace, identity);
  if (source === undefined) return { profiles: ['segment'], mode: 'explicit', note: UNCONNECTED_NOTE };
  const names = profilesOfSource(source)
    .filter((p) => p !== 'segment')
    .map((p) => (p === 'freshsuccess' ? 'Freshsuccess (as Segment delivers it)' : p === 'provesource' ? "ProveSource's catalog" : "Produktly's catalog"));
  return {
    profiles: profilesOfSource(source),
    mode: 'explicit',
    source,
    note: `Source "${source.name}": checked against Segment's spec${names.length ? `, ${names.join(', ')}` : ''}.`,
  };
}

/**
 * The one finding explicit mode adds over auto mode for a message with this call type and event
 * name (auto mode stays quiet on messages that are not the profile's own), or null.
 */
export function explicitOnlyFinding(profile: ProfileId, type: string, name: string): Finding | null {
  const source = compiledSourceOf(profile);
  if (source !== undefined) {
    const event = type === 'track' ? name : undefined;
    if (sourceEventGate(source, type, event, false) !== null) return null; // auto mode already checks it
    const gate = sourceEventGate(source, type, event, true);
    return gate !== null && 'finding' in gate ? gate.finding : null;
  }
  if (profile === 'freshsuccess' && type !== 'track' && type !== 'identify' && type !== 'group') {
    return freshsuccessTypeFinding(type);
  }
  return null;
}

const EFFECTIVE = new WeakMap<FindingTally, Map<string, FindingTally>>();
const MAX_EFFECTIVE_PER_TALLY = 4096;

/**
 * The finding counts under a plan, from the auto-mode tally over every profile and the message's
 * call type and event name (a track's name is its event). Equal to tallying
 * findingsFor(message, plan); memoized, so a list of a million rows costs a map lookup per row.
 */
export function effectiveTally(auto: FindingTally, type: string, name: string, plan: CheckPlan): FindingTally {
  if (plan.mode === 'auto' && plan.profiles.length === ALL_PROFILES.length) return auto;
  let memo = EFFECTIVE.get(auto);
  if (memo === undefined) EFFECTIVE.set(auto, (memo = new Map()));
  const key = `${plan.mode}\u0000${plan.profiles.join(',')}\u0000${type}\u0000${type === 'track' ? name : ''}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  const profiles: string[] = [];
  const counts: number[] = [];
  let errorCount = 0;
  let warningCount = 0;
  for (const p of plan.profiles) {
    const k = auto.profiles.indexOf(p);
    let errors = k >= 0 ? auto.counts[2 * k] : 0;
    let warnings = k >= 0 ? auto.counts[2 * k + 1] : 0;
    if (plan.mode === 'explicit') {
      const extra = explicitOnlyFinding(p, type, name);
      if (extra?.severity === 'error') errors++;
      else if (extra?.severity === 'warning') warnings++;
    }
    if (errors + warnings === 0) continue;
    profiles.push(p);
    counts.push(errors, warnings);
    errorCount += errors;
    warningCount += warnings;
  }
  const tally: FindingTally = Object.freeze({ profiles: Object.freeze(profiles) as string[], counts: Object.freeze(counts) as number[], errorCount, warningCount });
  if (memo.size >= MAX_EFFECTIVE_PER_TALLY) memo.clear();
  memo.set(key, tally);
  return tally;
}

/**
 * "Has problems", the one meaning used by the inspector, the API and the composer: Segment would
 * drop the message, a webhook's signature is missing or invalid, or a profile that applies to it
 * reports an error or a warning. Info findings are never problems.
 */
export function hasProblems(s: { dropCodes: readonly DropCode[]; signature?: SignatureCheck['status']; errorCount: number; warningCount: number }): boolean {
  return s.dropCodes.length > 0 || s.signature === 'invalid' || s.signature === 'missing' || s.errorCount > 0 || s.warningCount > 0;
}

export const HAS_PROBLEMS_MEANING =
  "Has problems: Segment would drop the message, a webhook's signature is missing or invalid, or a check that applies to its source (see Workspace) reports an error or a warning. Notes (info) are not problems.";

/**
 * The composer's findings: the checks the inspector will run on the message once captured (the
 * plan of the source it is sent as), plus every rule of the catalog being composed from. So a
 * message the composer calls clean is clean once captured; the composer may say more, never less.
 * `receivedAt`: "now", the receipt time destination rules judge the delivered form at.
 * `text`: the JSON text `message` was read from, when there is one (the raw editor's): a key
 * written twice there is warned of (Segment-spec, whatever the plan), as the inspector would.
 */
export function composeFindings(message: Record<string, unknown>, catalog: ProfileId, plan: CheckPlan, receivedAt: string, text?: string): Finding[] {
  const out = findingsFor(message, plan, receivedAt, text);
  if (plan.mode === 'explicit' && plan.profiles.includes(catalog)) return out;
  const seen = new Set(out.map((f) => `${f.profile}\u0000${f.rule}\u0000${f.path}`));
  for (const f of findingsFor(message, { profiles: catalog === 'segment' ? ['segment'] : [catalog, 'segment'], mode: 'explicit' }, receivedAt, text)) {
    if (!seen.has(`${f.profile}\u0000${f.rule}\u0000${f.path}`)) out.push(f);
  }
  return out;
}
