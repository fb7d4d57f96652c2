/**
 * The narrow bridge: one function per contract method, plus `on` for the contract's events.
 * ipcRenderer itself never reaches the page, and the IPC event object is stripped.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_EVENT_NAMES, API_METHOD_NAMES, IPC_EVENT_CHANNEL, IPC_PREFIX } from '../shared/apiSurface';

type Listener = (payload: unknown) => void;

const api: Record<string, unknown> = {};
for (const method of API_METHOD_NAMES) {
  api[method] = (params?: unknown) => ipcRenderer.invoke(IPC_PREFIX + method, params ?? {});
}
api.on = (event: string, listener: Listener) => {
  if (!(API_EVENT_NAMES as readonly string[]).includes(event)) throw new Error(`Unknown event: ${event}`);
  if (typeof listener !== 'function') throw new Error('listener must be a function');
  const handler = (_e: IpcRendererEvent, msg: { event: string; payload: unknown }) => {
    if (msg && msg.event === event) listener(msg.payload);
  };
  ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
  return () => { ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler); };
};

contextBridge.exposeInMainWorld('bulwark', Object.freeze(api));
