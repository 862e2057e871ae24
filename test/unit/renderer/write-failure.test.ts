// While the engine cannot write captures (disk full), the UI shows a banner (AppChrome's
// WarningsBanner, from the store's writeFailure) that does not go away on its own: from
// engine.info at start and from store.writeStatus events, until a write succeeds again.
import { describe, expect, it } from 'vitest';
import type { StoreWriteFailure } from '../../../src-shared/api';
import { createAppStore } from '../../../src-renderer/src/state/store';
import { writeFailureText } from '../../../src-renderer/src/state/write-failure';
import { FakeEngine, manualFrames } from './fake-engine';

const failure: StoreWriteFailure = { message: 'ENOSPC: no space left on device, write', code: 'ENOSPC', since: '2026-11-30T10:00:00.000Z', failedWrites: 3 };

function setup(atStart?: StoreWriteFailure) {
  const engine = new FakeEngine();
  const call = engine.call.bind(engine);
  engine.call = (async (name: string, arg: unknown) => {
    const result = await call(name as never, arg as never);
    return name === 'engine.info' && atStart ? { ...(result as object), storeWriteFailure: atStart } : result;
  }) as FakeEngine['call'];
  return { engine, store: createAppStore(engine, { scheduleFrame: manualFrames().schedule }) };
}

describe('write-failure banner', () => {
  it('is set while writes fail and cleared once one succeeds', async () => {
    const { engine, store } = setup();
    await store.getState().init();
    expect(store.getState().writeFailure).toBeNull();
    engine.emit({ name: 'store.writeStatus', payload: { failure } });
    expect(store.getState().writeFailure).toEqual(failure);
    engine.emit({ name: 'store.writeStatus', payload: { failure: null } });
    expect(store.getState().writeFailure).toBeNull();
  });

  it('shows a failure that started before the UI opened (engine.info)', async () => {
    const { store } = setup(failure);
    await store.getState().init();
    expect(store.getState().writeFailure).toEqual(failure);
  });

  it('says what happens to requests meanwhile, in words', () => {
    const text = writeFailureText(failure);
    expect(text).toMatch(/^The disk is full: captures cannot be written \(ENOSPC: no space left on device, write\)\. Requests are answered 500 since /);
    expect(text).toMatch(/nothing of those requests is kept\. This goes away once a write succeeds\.$/);
    expect(writeFailureText({ ...failure, code: 'EIO', message: 'EIO: i/o error, write', failedWrites: 1 })).toMatch(/^Captures cannot be written \(EIO: i\/o error, write\)\. Requests are answered 500/);
  });
});
