// STUB: owned by the sender work. Saved composer drafts, drafts.json in the data dir.
import type { Draft } from '../../src-shared/api';
import type { DraftStore } from '../sender/types';

export function createDraftStore(_dataDir: string): DraftStore {
  let drafts: Draft[] = [];
  return {
    list: async () => drafts,
    save: async (d) => (drafts = [...drafts.filter((x) => x.name !== d.name), d]),
    delete: async (name) => (drafts = drafts.filter((x) => x.name !== name)),
  };
}
