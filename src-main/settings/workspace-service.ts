// The workspace, kept in workspace.json in the data dir (see src-shared/workspace.ts). Saving it
// re-plans the index's checks at once: nothing derived from it is stored.
import { join } from 'node:path';
import type { SeenSource, WorkspaceView } from '../../src-shared/api';
import { maskWriteKey } from '../../src-shared/summary';
import { EMPTY_WORKSPACE, EVERY_PARTNER_NOTE, KNOWN_DESTINATIONS, parseWorkspace, sourceOf, type Workspace } from '../../src-shared/workspace';
import { JsonFile, keepDamagedCopy } from '../store/json-file';
import { writeKeyFingerprint } from '../store/write-key';
import { localWriteKeyOf } from '../sender/sender';
import type { MessageIndex } from '../store/message-index';

/** A failed save: `errors` each name the field at fault. */
export class WorkspaceError extends Error {
  constructor(readonly errors: string[]) {
    super(`the workspace was not saved: ${errors.join('; ')}`);
  }
}

export class WorkspaceService {
  private constructor(
    private readonly file: JsonFile<unknown>,
    private current: Workspace,
    private readonly index: () => MessageIndex,
  ) {
    index().setWorkspace(current);
  }

  static async open(dataDir: string, index: () => MessageIndex, warn: (message: string) => void): Promise<WorkspaceService> {
    const file = new JsonFile<unknown>(join(dataDir, 'workspace.json'), { fallback: 'checking against every partner', what: 'the workspace' });
    const raw = await file.read(warn);
    let workspace = EMPTY_WORKSPACE;
    if (raw !== undefined) {
      const parsed = parseWorkspace(raw);
      if (parsed.ok) {
        workspace = parsed.workspace;
        for (const s of workspace.sources) s.localKeyFingerprint = writeKeyFingerprint(localWriteKeyOf(s.id));
      }
      else {
        // The next save writes over it (every source of it): the file as it was is kept beside it.
        const copy = await keepDamagedCopy(file.path, JSON.stringify(raw, null, 2) + '\n');
        warn(`workspace.json: ${parsed.errors.join('; ')}; checking against every partner until it is saved again${copy ? ` (the file as it was is kept as ${copy})` : ''}`);
      }
    }
    return new WorkspaceService(file, workspace, index);
  }

  get workspace(): Workspace {
    return this.current;
  }

  /** Validates, masks full write keys (the clear key is never kept), saves, re-plans the index. */
  async save(value: unknown): Promise<Workspace> {
    const parsed = parseWorkspace(value, true);
    if (!parsed.ok) throw new WorkspaceError(parsed.errors);
    // A full key is kept as its masked form and its fingerprint, never in clear.
    const workspace: Workspace = {
      sources: parsed.workspace.sources.map((s) =>
        s.writeKey !== undefined && !s.writeKey.includes('…') && !/^•+$/.test(s.writeKey) ? { ...s, writeKey: maskWriteKey(s.writeKey)!, writeKeyFingerprint: writeKeyFingerprint(s.writeKey) } : s,
      ),
    };
    // Each source's local key (the composer's local sends "as" it), by fingerprint.
    for (const s of workspace.sources) s.localKeyFingerprint = writeKeyFingerprint(localWriteKeyOf(s.id));
    // Masking can make two keys alike: say so rather than keep one silently.
    const again = parseWorkspace(workspace);
    if (!again.ok) throw new WorkspaceError(again.errors.map((e) => `${e} (after masking the write keys)`));
    await this.file.write(workspace);
    this.current = workspace;
    this.index().setWorkspace(workspace);
    return workspace;
  }

  view(): WorkspaceView {
    const seen: SeenSource[] = this.index()
      .seenSources()
      .map((s) => {
        const source = sourceOf(this.current, s);
        return source ? { ...s, sourceId: source.id } : s;
      });
    const n = this.current.sources.length;
    return {
      workspace: this.current,
      seen,
      destinations: KNOWN_DESTINATIONS.map(({ id, name, note }) => ({ id, name, note })),
      note: n === 0 ? EVERY_PARTNER_NOTE : `${n} source${n === 1 ? '' : 's'} configured: each message is checked against its own source's catalog and connected destinations; messages of other sources against Segment's spec only.`,
    };
  }

  flushed(): Promise<void> {
    return this.file.flushed();
  }
}
