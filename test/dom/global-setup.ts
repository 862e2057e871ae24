// One real engine for the component tests, started in Node (outside happy-dom: Vite's client
// transform would rewrite the engine's `new URL(…, import.meta.url)`), on a free port in a
// throw-away data dir. The components reach it over its real transport, the WebSocket /ws.
import type { TestProject } from 'vitest/node';
import { startTestEngine, type TestEngine } from '../integration/helpers/engine';

let t: TestEngine | undefined;

export async function setup(project: TestProject): Promise<void> {
  t = await startTestEngine();
  project.provide('engineUrl', t.engine.url);
}

export async function teardown(): Promise<void> {
  await t?.dispose();
}

declare module 'vitest' {
  export interface ProvidedContext {
    engineUrl: string;
  }
}
