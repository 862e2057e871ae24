// The `matching.*` and `users.*` commands of src-shared/api.ts over a MatchingService. Every
// answer first catches the feed up, so it includes the latest captures.
import { plural } from '../../src-shared/plural';
import { listFault, messageNumberFault, missingTextField, optionalFieldFault, requiredFault, shownValue, wholeNumberFault, type FieldKind } from '../../src-shared/command-args';
import { defuseFormula } from '../../src-shared/spreadsheet-cell';
import type { CommandArg, CommandName, CommandResult, ImportResult } from '../../src-shared/api';
import type { DecisionDetail, DecisionQuery, UsersQuery } from '../../src-shared/matching/api-types';
import { changeForContract, changedUserForContract, userForContract, valueText } from '../../src-shared/matching/exact-values';
import { mayHoldLossyNumber, parseExact, stringifyExact } from '../../src-shared/exact-json';
import { parseSettingsPatch } from '../../src-shared/matching/settings';
import { MATCH_OUTCOMES, type DirectoryUser, type MatchOutcome, type StartingUser } from '../../src-shared/matching/types';
import type { MatchingService } from './matching-service';
import { ownProperty } from '../../src-shared/matching/extract';
import { CSV_PROPERTY_PREFIX, headerOnlyFault, parseUsersTableInSteps, previewUsers, suggestMapping, usersFromTable } from './users-import';

/** A bad argument: `where` names the field (the automation API answers 400 with the message). */
export class MatchingInputError extends Error {
  constructor(
    message: string,
    readonly where: string,
  ) {
    super(message);
  }
}

type MatchingCommandName = Extract<CommandName, `matching.${string}` | `users.${string}`>;
export type MatchingHandlers = { [K in MatchingCommandName]: (arg: CommandArg<K>) => Promise<CommandResult<K>> };

export interface MatchingCommandDeps {
  service: MatchingService;
  /** Resolves once the service has seen every capture stored so far. */
  catchUp(): Promise<void>;
  importProgress(done: number, total: number): void;
}

function checkDecisionQuery(q: DecisionQuery | void): DecisionQuery {
  const out: DecisionQuery = {};
  if (!q) return out;
  if (q.outcome !== undefined) {
    if (!MATCH_OUTCOMES.includes(q.outcome)) throw new MatchingInputError(`outcome must be one of ${MATCH_OUTCOMES.join(', ')}, not "${q.outcome}"`, 'outcome');
    out.outcome = q.outcome as MatchOutcome;
  }
  if (q.userId !== undefined) {
    // '' found no user and answered [] (as if the user had no decisions), where involving= is refused.
    if (typeof q.userId !== 'string' || q.userId === '') throw new MatchingInputError(`userId must be a directory user's id (text, not empty), not ${JSON.stringify(q.userId)}`, 'userId');
    out.userId = q.userId;
  }
  if (q.involving !== undefined) {
    if (typeof q.involving !== 'string' || q.involving === '') throw new MatchingInputError(`involving must be a directory user's id (text, not empty), not ${JSON.stringify(q.involving)}`, 'involving');
    out.involving = q.involving;
  }
  if (q.carried !== undefined) {
    if (typeof q.carried !== 'string' || q.carried.trim() === '') throw new MatchingInputError(`carried must be a userId or email a message carried (text, not empty), not ${JSON.stringify(q.carried)}`, 'carried');
    out.carried = q.carried;
  }
  // Each named with what it got; null is refused ({"afterSeq": null} is not "from the start").
  const fault = wholeNumberFault(q, 'seq', 1) ?? wholeNumberFault(q, 'afterSeq', 0, '0: from the start') ?? wholeNumberFault(q, 'limit', 1) ?? optionalFieldFault(q, { conflict: 'true or false' });
  if (fault) throw new MatchingInputError(fault.message, fault.where);
  if (q.seq !== undefined) out.seq = q.seq;
  if (q.afterSeq !== undefined) out.afterSeq = q.afterSeq;
  if (q.conflict !== undefined) out.conflict = q.conflict;
  if (q.limit !== undefined) out.limit = q.limit;
  return out;
}

/**
 * The `id` users.deleteStarting's argument must hold ({"id": "…"}), or an error saying what was
 * sent instead: without one, the answer was `no user with id "undefined"`.
 */
function idToDelete(arg: unknown): string {
  const fault = missingTextField(arg, 'id');
  if (fault === undefined) return (arg as { id: string }).id;
  throw new MatchingInputError(`users.deleteStarting needs the id of the starting user to delete, as {"id": "…"}; ${fault}`, 'id');
}

/** Throws the first optional field of the wrong type (optionalFieldFault), naming it and what it got. */
function checkFields(arg: object, fields: Record<string, FieldKind>, wherePrefix = ''): void {
  const fault = optionalFieldFault(arg, fields, wherePrefix);
  if (fault) throw new MatchingInputError(fault.message, fault.where);
}

/** Throws a check's refusal (requiredFault, messageNumberFault…), naming the field. */
function check(fault: { message: string; where: string } | undefined): void {
  if (fault) throw new MatchingInputError(fault.message, fault.where);
}

const isText = (v: unknown): v is string => typeof v === 'string';

/**
 * A starting user's properties from their JSON text (propertiesJson: the user editor's text), each
 * number a double cannot hold kept with its digits (parseExact), where the parsed `properties`
 * beside it hold …992 for 9007199254740993.
 */
function exactProperties(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = mayHoldLossyNumber(text) ? parseExact(text) : JSON.parse(text);
  } catch {
    // JSON.parse's own words, so a position is the text's (parseExact's is of the text with markers in it).
    throw new MatchingInputError(`user.propertiesJson must be a JSON object, not ${shownValue(text)}: ${jsonErrorOf(text)}`, 'user.propertiesJson');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new MatchingInputError(`user.propertiesJson must be a JSON object such as {"plan": "pro"}, not ${shownValue(text)}`, 'user.propertiesJson');
  return value as Record<string, unknown>;
}

function jsonErrorOf(text: string): string {
  try {
    JSON.parse(text);
    return 'not JSON';
  } catch (e) {
    return (e as Error).message;
  }
}

function checkStartingUser(u: StartingUser): StartingUser {
  if (!u || typeof u !== 'object') throw new MatchingInputError(`a user must be an object such as {"id": "…", "email": "…"}, not ${shownValue(u)}`, 'user');
  if (typeof u.id !== 'string' || u.id.trim() === '') throw new MatchingInputError('the user needs an id', 'user.id');
  checkFields(u, { username: 'text', email: 'text' }, 'user.');
  if (u.username === undefined && u.email === undefined) throw new MatchingInputError('the user needs a username or an email', 'user.username');
  // {"properties": 5} or [] was saved as no properties.
  checkFields(u, { properties: 'an object', propertiesJson: 'text' }, 'user.');
  const properties = u.propertiesJson !== undefined ? exactProperties(u.propertiesJson) : u.properties && typeof u.properties === 'object' && !Array.isArray(u.properties) ? u.properties : {};
  return { id: u.id, ...(u.username !== undefined ? { username: u.username } : {}), ...(u.email !== undefined ? { email: u.email } : {}), properties };
}

/**
 * A CSV cell the import reads back as `v`: absent is an empty cell, an empty text a quoted one
 * (""), anything not text its JSON; a cell a spreadsheet would run as a formula goes behind an
 * apostrophe (the import takes it off), and one with a comma, quote, line break or surrounding
 * space is quoted.
 */
const csvCell = (v: unknown): string => {
  if (v === undefined) return '';
  const s = defuseFormula(valueText(v));
  return s === '' || /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** A property's CSV column: its name, or `properties.<name>` where the name would be read as another column. */
const propertyColumn = (name: string): string => (['id', 'username', 'email'].includes(name) || name.startsWith(CSV_PROPERTY_PREFIX) ? CSV_PROPERTY_PREFIX + name : name);

/**
 * The live directory as JSON (one object per user: id, username, email, properties, and what
 * created and changed it, which the import leaves out) or CSV (id, username, email, then each
 * property: text, or a non-text value as its JSON). JSON, imported, gives back the same users; CSV
 * the same users with every property as text (a cell is text: 42 comes back as "42").
 */
export function exportUsers(users: readonly DirectoryUser[], format: 'json' | 'csv'): string {
  // stringifyExact: a property sent as 9007199254740993 is written as those digits (the engine keeps it as a marker).
  if (format === 'json') return stringifyExact(users.map((u) => ({ id: u.id, username: u.username, email: u.email, properties: u.properties, createdBy: u.createdBy, changedBy: u.touchedBy })), 2);
  const props = [...new Set(users.flatMap((u) => Object.keys(u.properties)))].sort();
  const lines = [['id', 'username', 'email', ...props.map(propertyColumn)].map(csvCell).join(',')];
  for (const u of users) lines.push([u.id, u.username, u.email, ...props.map((p) => ownProperty(u.properties, p))].map(csvCell).join(','));
  return lines.join('\n') + '\n';
}

/** A decision as the contract carries it: a change holding a number a double cannot hold also as its text (exact-values.ts). */
function decisionForContract(d: DecisionDetail): DecisionDetail {
  return { ...d, changes: d.changes.map(changeForContract) };
}

export function createMatchingHandlers({ service, catchUp, importProgress }: MatchingCommandDeps): MatchingHandlers {
  const fresh = async () => {
    await catchUp();
    return service;
  };
  return {
    'matching.status': async () => (await fresh()).status(),
    'matching.list': async (q) => {
      const s = await fresh();
      const { total, decisions } = s.query(checkDecisionQuery(q));
      return { total, rows: decisions.map((d) => s.row(d)) };
    },
    'matching.decisions': async (q) => {
      const s = await fresh();
      const { total, decisions } = s.query(checkDecisionQuery(q));
      return { total, decisions: decisions.map((d) => decisionForContract(s.explain(d))) };
    },
    'matching.get': async (arg) => {
      check(messageNumberFault(arg, 'seq'));
      const s = await fresh();
      const d = s.decision(arg.seq);
      return d ? decisionForContract(s.explain(d)) : null;
    },
    'matching.outcomes': async (arg) => {
      const fault = listFault(arg, 'seqs', 'a message number');
      if (fault) throw new MatchingInputError(fault.message, fault.where);
      const s = await fresh();
      return arg.seqs.map((seq) => {
        const d = s.decision(seq);
        return d ? s.row(d) : null;
      });
    },
    'matching.setSettings': async (patch) => {
      const parsed = parseSettingsPatch(patch);
      if (typeof parsed === 'string') throw new MatchingInputError(parsed, 'settings');
      return (await fresh()).setSettings(parsed);
    },
    'matching.whatIf': async (patch) => {
      const parsed = parseSettingsPatch(patch);
      if (typeof parsed === 'string') throw new MatchingInputError(parsed, 'settings');
      const result = (await fresh()).whatIf(parsed);
      const { users } = result.comparison;
      return { ...result, comparison: { ...result.comparison, users: { ...users, changed: users.changed.map(changedUserForContract) } } };
    },
    'matching.duplicates': async () => (await fresh()).duplicates(),
    'users.list': async (q: UsersQuery | void) => {
      const limitFault = wholeNumberFault(q, 'limit', 1);
      if (limitFault) throw new MatchingInputError(limitFault.message, limitFault.where);
      if (q?.sort !== undefined && !['id', 'username', 'email', 'changes'].includes(q.sort)) throw new MatchingInputError(`sort must be id, username, email or changes, not ${shownValue(q.sort)}`, 'sort');
      if (q) checkFields(q, { q: 'text', descending: 'true or false' });
      const { total, users } = (await fresh()).users(q ?? {});
      return { total, users: users.map(userForContract) };
    },
    // userForContract: a property held as a marker goes as its digits in propertiesJson (exact-values.ts).
    'users.starting': async () => service.startingUsers().map(userForContract),
    'users.saveStarting': async (arg) => {
      const user = checkStartingUser(arg);
      const list = [...service.startingUsers()];
      const i = list.findIndex((u) => u.id === user.id);
      if (i >= 0) list[i] = user;
      else list.push(user);
      await service.setStartingUsers(list);
      return userForContract(user);
    },
    'users.deleteStarting': async (arg) => {
      const id = idToDelete(arg);
      const list = service.startingUsers().filter((u) => u.id !== id);
      if (list.length === service.startingUsers().length) throw new MatchingInputError(`no user with id ${shownValue(id)} in the starting directory`, 'id');
      await service.setStartingUsers(list);
    },
    'users.previewImport': async (arg) => {
      check(requiredFault(arg, 'text', "the users file's text", isText));
      return previewUsers(arg.text);
    },
    'users.import': async (arg): Promise<ImportResult> => {
      check(requiredFault(arg, 'text', "the users file's text", isText));
      // {"replace": "no"} replaced the whole starting directory.
      checkFields(arg, { replace: 'true or false', mapping: 'an object' });
      const table = await parseUsersTableInSteps(arg.text, importProgress);
      const existing = arg.replace ? [] : service.startingUsers();
      const mapping = arg.mapping ?? suggestMapping(table.columns, table.format);
      // One line naming nothing the rule reads ("1234") is no users file: refused, whether adding or replacing.
      const notUsers = headerOnlyFault(table, mapping);
      if (notUsers !== undefined) throw new MatchingInputError(notUsers, 'text');
      let result;
      try {
        result = usersFromTable(table, mapping, new Set(existing.map((u) => u.id)), existing);
      } catch (e) {
        throw new MatchingInputError((e as Error).message, 'mapping');
      }
      // A replace whose file gave no user, only errors (not JSON, the wrong shape, no header, every
      // row bad), emptied the whole directory and answered 200 with the errors: what was there is
      // kept, and the refusal says why nothing was imported. (A header with no rows still replaces.)
      if (arg.replace && result.users.length === 0 && result.errors.length > 0) {
        const kept = service.startingUsers().length;
        const shown = result.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`);
        const more = result.errors.length - shown.length;
        throw new MatchingInputError(
          `nothing was imported, so the starting directory was not replaced (it keeps its ${plural(kept, 'user')}): ${shown.join('; ')}${more > 0 ? `; and ${plural(more, 'more row')}` : ''}`,
          'text',
        );
      }
      // Users whose id is already in the directory replace it, in place.
      const byId = new Map(existing.map((u, i) => [u.id, i]));
      const list = [...existing];
      for (const u of result.users) {
        const i = byId.get(u.id);
        if (i === undefined) byId.set(u.id, list.push(u) - 1);
        else list[i] = u;
      }
      await service.setStartingUsers(list);
      return { imported: result.users.length, errors: result.errors, ...(result.warnings.length > 0 ? { warnings: result.warnings } : {}) };
    },
    'users.clear': async () => {
      const removed = service.startingUsers().length;
      await service.setStartingUsers([]);
      return { removed };
    },
    'users.export': async (arg) => {
      check(requiredFault(arg, 'format', 'json or csv', (v) => v === 'json' || v === 'csv'));
      if (arg.directory !== undefined && arg.directory !== 'live' && arg.directory !== 'starting') {
        throw new MatchingInputError(`directory must be live (as matching left it) or starting (the users before any message), not ${shownValue(arg.directory)}`, 'directory');
      }
      // The starting directory is what reproduces the decisions on another engine: the live one,
      // imported there as a starting directory, had the captures replayed on users they had already
      // created or changed (a message that created new-6 then matched it, an email a message changed
      // sent another message's match to someone else).
      if (arg.directory === 'starting') {
        return exportUsers(service.startingUsers().map((u) => ({ ...u, sources: {}, createdBy: null, touchedBy: [] })), arg.format);
      }
      return exportUsers((await fresh()).users({ limit: Number.MAX_SAFE_INTEGER }).users, arg.format);
    },
  };
}
