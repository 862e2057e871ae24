// Saved composer drafts: drafts.json in the data dir. Written atomically (temp file + rename), so
// a crash mid-write keeps the previous file. A file that cannot be read is reported with what
// and where, and is never overwritten by a save. One entry that is not a valid draft (a hand
// edit) does not hide the others: it is reported, and kept in the file as it is on every save.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Draft, DraftList, UnreadableDraft } from '../../src-shared/api';
import { holdsExactNumbers, parseExact, stringifyExact, stringifyWithExactMessages, unmarkJson } from '../../src-shared/exact-json';
import type { ProfileId } from '../../src-shared/validate/finding';
import type { DraftStore } from '../sender/types';
import { dataFileText, readDataFile, writeFileAtomic } from './json-file';
import { maxNestingDepth } from '../../src-shared/tracking-api/batch-scan';
import { MAX_NESTING_DEPTH, tooDeepMessage } from '../../src-shared/tracking-api/limits';
import { FieldError, shownValue } from '../../src-shared/command-args';

export const DRAFTS_FILE = 'drafts.json';
const PROFILE_IDS: readonly ProfileId[] = ['segment', 'provesource', 'produktly', 'freshsuccess'];
const MAX_NAME_LENGTH = 100;
const FILE_VERSION = 1;

interface DraftsFile {
  version: number;
  /** The drafts, then the unreadable entries as they were read. */
  drafts: unknown[];
}

/** drafts.json as read: its valid drafts, and each other entry with what is wrong with it. */
interface LoadedDrafts {
  drafts: Draft[];
  unreadable: { entry: unknown; report: UnreadableDraft }[];
}

/** An entry's name as checkDraft would take it, if it has one. */
function nameOf(entry: unknown): string | undefined {
  const name = entry && typeof entry === 'object' ? (entry as { name?: unknown }).name : undefined;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
}

/** Checks a draft's shape; `where` names it in the error ("draft", "drafts.json drafts[2]"). */
export function checkDraft(value: unknown, where: string): Draft {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new FieldError(where, 'expected an object');
  const d = value as Record<string, unknown>;
  if (typeof d.name !== 'string' || !d.name.trim()) throw new FieldError(`${where}.name`, `enter a name for the draft`);
  if (d.name.trim().length > MAX_NAME_LENGTH) throw new FieldError(`${where}.name`, `at most ${MAX_NAME_LENGTH} characters`);
  if (typeof d.profile !== 'string' || !PROFILE_IDS.includes(d.profile as ProfileId)) {
    throw new FieldError(`${where}.profile`, `expected one of ${PROFILE_IDS.join(', ')}, got ${JSON.stringify(d.profile)}`);
  }
  if (d.event !== undefined && typeof d.event !== 'string') throw new FieldError(`${where}.event`, `expected a string`);
  if (!d.message || typeof d.message !== 'object' || Array.isArray(d.message)) throw new FieldError(`${where}.message`, `expected a JSON object`);
  if (typeof d.savedAt !== 'string') throw new FieldError(`${where}.savedAt`, `expected an ISO-8601 string`);
  if (d.messageJson !== undefined && typeof d.messageJson !== 'string') throw new FieldError(`${where}.messageJson`, `expected the message as JSON text`);
  return {
    name: d.name.trim(),
    profile: d.profile as ProfileId,
    ...(d.event !== undefined ? { event: d.event as string } : {}),
    ...exactMessage(d.message as Draft['message'], d.messageJson as string | undefined, where),
    savedAt: d.savedAt,
  };
}

/**
 * A draft's message and, when it holds a number JSON.parse rounds (an id past 2^53, exact-json),
 * its text with those digits. `messageJson` (a save from the composer) wins over `message`, as in
 * SendRequest; a message read from drafts.json with parseExact holds markers for such numbers.
 */
function exactMessage(message: Draft['message'], messageJson: string | undefined, where: string): Pick<Draft, 'message' | 'messageJson'> {
  let exact: unknown = message;
  if (messageJson !== undefined) {
    // Any depth parses; the draft is copied and written recursively ("Maximum call stack size exceeded").
    const depth = maxNestingDepth(messageJson);
    if (depth > MAX_NESTING_DEPTH) throw new Error(tooDeepMessage(depth, `${where}.messageJson`));
    try {
      exact = parseExact(messageJson);
    } catch (err) {
      throw new FieldError(`${where}.messageJson`, `not JSON (${(err as Error).message})`);
    }
    if (!exact || typeof exact !== 'object' || Array.isArray(exact)) throw new FieldError(`${where}.messageJson`, `expected a JSON object`);
  }
  if (!holdsExactNumbers(exact)) return { message: messageJson === undefined ? message : (exact as Draft['message']) };
  const text = stringifyExact(exact, 2);
  return { message: JSON.parse(text) as Draft['message'], messageJson: text };
}

function byName(a: Draft, b: Draft): number {
  return a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });
}

export function createDraftStore(dataDir: string): DraftStore {
  const path = join(dataDir, DRAFTS_FILE);
  // Serializes read-modify-write so two quick saves cannot lose one another.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  async function load(): Promise<LoadedDrafts> {
    let text: string;
    try {
      text = dataFileText(await readDataFile(path));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { drafts: [], unreadable: [] };
      throw new Error(`${path} could not be read: ${(err as Error).message}`);
    }
    let parsed: unknown;
    try {
      // parseExact: a number JSON.parse rounds keeps its digits (checkDraft gives it as messageJson).
      parsed = parseExact(text);
    } catch (err) {
      throw new Error(`${path} is not valid JSON (${(err as Error).message}); fix or remove the file, your drafts are not overwritten until then`);
    }
    const list = Array.isArray(parsed) ? parsed : (parsed as Partial<DraftsFile> | null)?.drafts;
    if (!Array.isArray(list)) throw new Error(`${path}: expected {"version":1,"drafts":[...]}`);
    const loaded: LoadedDrafts = { drafts: [], unreadable: [] };
    list.forEach((entry: unknown, index) => {
      try {
        loaded.drafts.push(checkDraft(entry, `${DRAFTS_FILE} drafts[${index}]`));
      } catch (err) {
        const name = nameOf(entry);
        loaded.unreadable.push({ entry, report: { index, ...(name !== undefined ? { name } : {}), problem: (err as Error).message } });
      }
    });
    return loaded;
  }

  const listOf = (loaded: LoadedDrafts): DraftList => ({ drafts: [...loaded.drafts].sort(byName), unreadable: loaded.unreadable.map((u) => u.report) });

  /** The file without the drafts and unreadable entries of this name (a save replaces them, a delete removes them). */
  const without = (loaded: LoadedDrafts, name: string): LoadedDrafts => ({
    drafts: loaded.drafts.filter((d) => d.name !== name),
    unreadable: loaded.unreadable.filter((u) => u.report.name !== name),
  });

  /** Answers once drafts.json holds them; a failed write (SaveFailed) leaves the file as it was. */
  async function store(loaded: LoadedDrafts, what: string): Promise<DraftList> {
    const sorted = [...loaded.drafts].sort(byName);
    await mkdir(dataDir, { recursive: true }).catch(() => undefined); // a data dir that is not a folder: the write says so
    // The unreadable entries follow as they were read; their index is their place in the new file.
    const file: DraftsFile = { version: FILE_VERSION, drafts: [...sorted, ...loaded.unreadable.map((u) => u.entry)] };
    // A draft with messageJson is written with its message's digits (stringifyWithExactMessages);
    // an unreadable entry's numbers JSON.parse would round were read as markers (unmarkJson).
    await writeFileAtomic(path, `${unmarkJson(stringifyWithExactMessages(file, 2))}\n`, { what });
    return {
      drafts: sorted,
      unreadable: loaded.unreadable.map((u, i) => {
        const index = sorted.length + i;
        return { ...u.report, index, problem: u.report.problem.replace(`${DRAFTS_FILE} drafts[${u.report.index}]`, `${DRAFTS_FILE} drafts[${index}]`) };
      }),
    };
  }

  return {
    list: () => serialized(async () => listOf(await load())),
    save: (draft) =>
      serialized(async () => {
        const checked = checkDraft(draft, 'draft');
        const rest = without(await load(), checked.name);
        return store({ ...rest, drafts: [...rest.drafts, checked] }, `the draft "${checked.name}"`);
      }),
    delete: (name) =>
      serialized(async () => {
        const loaded = await load();
        const rest = without(loaded, name);
        if (rest.drafts.length === loaded.drafts.length && rest.unreadable.length === loaded.unreadable.length) throw new Error(`draft ${shownValue(name)} does not exist`);
        return store(rest, `the deletion of draft "${name}"`);
      }),
  };
}
