// Captured messages -> a scenario that sends them again with their relative timing on the
// simulation clock, ending with an expectation of what happened to them.
import { Document, isScalar, visit, type ScalarTag } from 'yaml';
import type { CapturedMessage, JsonObject } from '../capture';
import { exactMessageOf, exactText, isExactNumber } from '../exact-json';
import { parseIsoTime } from '../tracking-api/time';
import type { MatchingForScenario, SavedDecision } from '../matching/for-scenario';
import type { StartingUser, UserRef } from '../matching/types';
import type { ExpectSpec, StepSpec } from './types';

/**
 * The message as a client would send it now: without what the receiver added (receivedAt) and
 * without its sentAt, the moment of the first sending (copied from the batch into each stored
 * message), which whatever sends it again sets afresh (the sender's analytics-node, a scenario's
 * batch). Sent again later with the old sentAt, it got a clock-skew note for the time since the
 * capture, and Segment would have moved its timestamp to the moment of the replay. `exact`: read
 * from the stored text when it has one (CapturedMessage.messageJson), a number JSON.parse would
 * round kept as a marker of its digits (src-shared/exact-json.ts), for senders that write it back.
 */
export function asSent(c: CapturedMessage, keepMessageId: boolean, exact = false): JsonObject {
  const m: JsonObject = { ...(exact ? exactMessageOf(c) : c.message) };
  delete m.receivedAt;
  delete m.sentAt;
  if (c.messageIdAssigned || !keepMessageId) delete m.messageId;
  return m;
}

/** The file a scenario named so is saved as: its name in lower-case ASCII words joined by "-". */
export function scenarioFileName(name: string): string {
  return `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'captured'}.scenario.yaml`;
}

/** A user as a scenario's inline `users` step writes it: id, username, email, then its properties. */
function inlineUser(u: StartingUser): JsonObject {
  const out: JsonObject = { id: u.id };
  if (u.username !== undefined) out.username = u.username;
  if (u.email !== undefined) out.email = u.email;
  if (Object.keys(u.properties).length > 0) out.properties = u.properties as JsonObject;
  return out;
}

const who = (u: UserRef) => `${u.id} (${[u.username !== undefined ? `username ${u.username}` : '', u.email !== undefined ? `email ${u.email}` : ''].filter(Boolean).join(', ')})`;

/** "#12 matched-by-email: u-ada (...); the userId named u-bob (...), a conflict the email won". */
function decisionLine(seq: number, d: SavedDecision, settings: MatchingForScenario['settings']): string {
  let line = `#${seq} ${d.outcome}${d.user ? `: ${who(d.user)}` : ''}`;
  if (d.conflict && d.byEmail && d.byUsername) line += `; conflict: the email found ${d.byEmail.id}, the userId named ${d.byUsername.id}, and ${settings.conflict === 'email-wins' ? 'the email' : 'the userId'} won (${settings.conflict})`;
  return line;
}

/**
 * The expectation of a message's matching decision as it was made. The user is named by its id
 * when the scenario's own directory holds it (a created user's id comes from the seq it is
 * captured as, which differs in a replay), and by the username and email it had right after.
 */
function matchingExpectation(step: string, d: SavedDecision, directoryIds: ReadonlySet<string>): ExpectSpec {
  const spec: NonNullable<ExpectSpec['matching']> = { step, outcome: d.outcome, conflict: d.conflict };
  if (d.user) {
    const user: JsonObject = {};
    if (directoryIds.has(d.user.id)) user.id = d.user.id;
    if (d.user.username !== undefined) user.username = d.user.username;
    if (d.user.email !== undefined) user.email = d.user.email;
    spec.user = user;
  }
  return { matching: spec };
}

/**
 * `matching`: the Product Fruits matching of these captures (matching/for-scenario.ts). With it
 * the scenario is self-contained: it applies the settings, starts from the directory as it stood
 * before the first message, and expects each message's decision, the user it landed on included.
 */
export function capturesToScenario(captures: CapturedMessage[], name: string, matching?: MatchingForScenario): string {
  const sorted = [...captures].sort((a, b) => a.seq - b.seq);
  // messageIds are dropped (the runner gives fresh ones), except where two selected messages share
  // one: that is a duplicate the user is probably reproducing.
  const idCounts = new Map<string, number>();
  for (const c of sorted) if (typeof c.message.messageId === 'string' && !c.messageIdAssigned) idCounts.set(c.message.messageId, (idCounts.get(c.message.messageId) ?? 0) + 1);
  const webhooks = new Set<string>();
  const steps: StepSpec[] = [];
  const expects: ExpectSpec[] = [];
  const directoryIds = new Set(matching?.users.map((u) => u.id));
  if (matching && matching.users.length > 0) steps.push({ users: matching.users.map(inlineUser) });
  let last: number | undefined;
  sorted.forEach((c, i) => {
    const at = parseIsoTime(c.receivedAt);
    if (last !== undefined && at !== undefined && at > last) steps.push({ advance: `${Math.round(at - last)}ms` });
    if (at !== undefined) last = at;
    const keep = typeof c.message.messageId === 'string' && (idCounts.get(c.message.messageId) ?? 0) > 1;
    const id = `m${i + 1}`;
    const message = asSent(c, keep, true);
    if (c.origin.kind === 'webhook') {
      webhooks.add(c.origin.webhook);
      steps.push({ id, send: { via: 'webhook', webhook: c.origin.webhook, message } });
    } else steps.push({ id, send: { message } });
    // Right after its send: the user it landed on, before a later message changes that user.
    const decision = matching?.decisions.get(c.seq);
    if (decision) steps.push({ expect: matchingExpectation(id, decision, directoryIds) });
    const codes = c.dropReasons.map((d) => d.code);
    if (codes.length > 0) expects.push({ dropReasons: { step: id, codes } });
  });
  const firstMs = sorted.map((c) => parseIsoTime(c.receivedAt)).find((ms) => ms !== undefined);
  let description = `Saved from ${sorted.length} captured message${sorted.length === 1 ? '' : 's'} (seq ${sorted.map((c) => c.seq).join(', ')}), with their relative timing.`;
  if (matching && matching.unselected.length > 0) {
    const list = matching.unselected.slice(0, 10).map((q) => `#${q}`).join(', ') + (matching.unselected.length > 10 ? ` and ${matching.unselected.length - 10} more` : '');
    description = `Not in this file: ${list}, between the saved messages, changed the users directory; a run may decide otherwise (select them too and save again). ${description}`;
  }
  if (matching) {
    const n = matching.users.length;
    description += ` Product Fruits matching as captured, with the settings then in force and the users directory as it stood before #${sorted[0]?.seq} (${n} user${n === 1 ? '' : 's'}): ${sorted.filter((c) => matching.decisions.has(c.seq)).map((c) => decisionLine(c.seq, matching.decisions.get(c.seq)!, matching.settings)).join('. ')}.`;
  }
  const doc = {
    name,
    description,
    ...(firstMs !== undefined ? { start: new Date(firstMs).toISOString() } : {}),
    ...(matching ? { settings: { matching: { ...matching.settings } } } : {}),
    ...(webhooks.size > 0 ? { webhooks: [...webhooks].map((w) => ({ name: w })) } : {}),
    steps: [...steps, { expect: { messages: { count: sorted.length } } }, ...expects.map((e) => ({ expect: e }))],
  };
  const yaml = new Document(doc, { customTags: (tags) => [EXACT_NUMBER, ...tags] });
  // A key named "<<" (a client's property) is quoted: written bare, the reader takes it for a merge key.
  visit(yaml, {
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<') pair.key.type = 'QUOTE_DOUBLE';
    },
    // A byte-order mark a client sent: the yaml library writes it raw, which the scenario reader
    // refuses (invisible, it is taken for one pasted in by mistake); in double quotes it is escaped below.
    Scalar(_key, node) {
      if (typeof node.value === 'string' && node.value.includes('\uFEFF')) node.type = 'QUOTE_DOUBLE';
    },
  });
  // Every U+FEFF is now inside double quotes, where "\uFEFF" is its escape.
  return `# yaml-language-server: $schema=./scenario.schema.json\n${yaml.toString({ lineWidth: 0 }).replaceAll('\uFEFF', '\\uFEFF')}`;
}

/**
 * A number asSent kept as its digits (a marker) is written as those digits, bare: an integer past
 * 2^53 and a long decimal alike (the scenario parser reads them back as written). Put before the
 * string tag, which would otherwise take the marker for a string.
 */
const EXACT_NUMBER: ScalarTag = {
  tag: 'tag:yaml.org,2002:float',
  default: true,
  identify: isExactNumber,
  resolve: (text) => text,
  stringify: (item) => exactText(item.value as string),
};
