// Exposes exactly the engine contract (src-shared/api.ts) to the sandboxed renderer, nothing else.
// Built as CommonJS: sandboxed renderers cannot load an ESM preload.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_COMMAND_CHANNEL, IPC_EVENT_CHANNEL, type CommandError, type EngineApi, type EngineEvent } from '../../src-shared/api';

type Reply = { ok: true; result: unknown } | { ok: false; error: CommandError };

const api: EngineApi = {
  async call(name, arg) {
    const reply = (await ipcRenderer.invoke(IPC_COMMAND_CHANNEL, name, arg)) as Reply;
    // The error as it came, {message, where}: contextBridge keeps only an Error's message, so an
    // Error would lose `where`. The renderer's transport (electronApi) makes it the
    // EngineCommandError the WebSocket client throws.
    if (!reply.ok) throw { message: reply.error.message, ...(reply.error.where !== undefined ? { where: reply.error.where } : {}) };
    return reply.result as never;
  },
  subscribe(listener) {
    const handler = (_event: IpcRendererEvent, engineEvent: EngineEvent) => listener(engineEvent);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return () => void ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('eventbench', api);
