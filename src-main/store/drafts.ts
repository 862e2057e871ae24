// Saved composer drafts: drafts.json in the data dir. Written atomically (temp file + rename), so
// a crash mid-write keeps the previous file. A file that cannot be read is reported with what
// and where, and is never overwritten by a save.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Draft } from '../../src-shared/api';
import { holdsExactNumbers, parseExact, stringifyExact, stringifyWithExactMessages } from '../../src-shared/exact-json';
import type { ProfileId } from '../../src-shared/validate/finding';
import type { DraftStore } from '../sender/types';
import { writeFileAtomic } from './json-file';
import { maxNestingDepth } from '../../src-shared/tracking-api/batch-scan';
import { MAX_NESTING_DEPTH, tooDeepMessage } from '../../src-shared/tracking-api/limits';

export const DRAFTS_FILE = 'drafts.json';
const PROFILE_IDS: readonly ProfileId[] = ['segment', 'provesource', 'produktly', 'freshsuccess'];
const MAX_NAME_LENGTH = 100;
const FILE_VERSION = 1;

interface DraftsFile {
  version: number;
  drafts: Draft[];
}

/** Checks a draft's shape; `where` names it in the error ("draft", "drafts.json drafts[2]"). */
export function checkDraft(value: unknown, where: string): Draft {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: expected an object`);
  const d = value as Record<string, unknown>;
  if (typeof d.name !== 'string' || !d.name.trim()) throw new Error(`${where}.name: enter a name for the draft`);
  if (d.name.trim().length > MAX_NAME_LENGTH) throw new Error(`${where}.name: at most ${MAX_NAME_LENGTH} characters`);
  if (typeof d.profile !== 'string' || !PROFILE_IDS.includes(d.profile as ProfileId)) {
    throw new Error(`${where}.profile: expected one of ${PROFILE_IDS.join(', ')}, got ${JSON.stringify(d.profile)}`);
  }
  if (d.event !== undefined && typeof d.event !== 'string') throw new Error(`${where}.event: expected a string`);
  if (!d.message || typeof d.message !== 'object' || Array.isArray(d.message)) throw new Error(`${where}.message: expected a JSON object`);
  if (typeof d.savedAt !== 'string') throw new Error(`${where}.savedAt: expected an ISO-8601 string`);
  if (d.messageJson !== undefined && typeof d.messageJson !== 'string') throw new Error(`${where}.messageJson: expected the message as JSON text`);
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
      throw new Error(`${where}.messageJson: not JSON (${(err as Error).message})`);
    }
    if (!exact || typeof exact !== 'object' || Array.isArray(exact)) throw new Error(`${where}.messageJson: expected a JSON object`);
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

  async function load(): Promise<Draft[]> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
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
    return list.map((d, i) => checkDraft(d, `${DRAFTS_FILE} drafts[${i}]`));
  }

  /** Answers once drafts.json holds them; a failed write (SaveFailed) leaves the file as it was. */
  async function store(drafts: Draft[], what: string): Promise<Draft[]> {
    const sorted = [...drafts].sort(byName);
    await mkdir(dataDir, { recursive: true }).catch(() => undefined); // a data dir that is not a folder: the write says so
    const file: DraftsFile = { version: FILE_VERSION, drafts: sorted };
    // A draft with messageJson is written with its message's digits (stringifyWithExactMessages).
    await writeFileAtomic(path, `${stringifyWithExactMessages(file, 2)}\n`, { what });
    return sorted;
  }

  return {
    list: () => serialized(async () => (await load()).sort(byName)),
    save: (draft) =>
      serialized(async () => {
        const checked = checkDraft(draft, 'draft');
        const drafts = await load();
        return store([...drafts.filter((d) => d.name !== checked.name), checked], `the draft "${checked.name}"`);
      }),
    delete: (name) =>
      serialized(async () => {
        const drafts = await load();
        if (!drafts.some((d) => d.name === name)) throw new Error(`draft "${name}" does not exist`);
        return store(drafts.filter((d) => d.name !== name), `the deletion of draft "${name}"`);
      }),
  };
}
