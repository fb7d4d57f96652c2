/**
 * ConsoleApi over Electron IPC. The preload exposes `window.bulwark` with one function per
 * contract method plus `on(event, listener)`; we add the same envelope checks as the
 * WebSocket path so both transports hand the store the same guarantees.
 */
import { METHOD_NAMES } from '../../shared/contract';
import type { ConsoleApi, EventName, Events } from '../../shared/contract';
import { isKnownEvent, isPlausiblePayload } from './envelope';
import type { ClientApi, Link, LinkInfo } from './link';

declare global {
  interface Window { bulwark?: ConsoleApi }
}

const ipcLink: Link = {
  info: (): LinkInfo => ({ kind: 'ipc', state: 'open', generation: 1 }),
  onChange: () => () => undefined,
  retryNow: () => undefined,
};

/** ipcRenderer.invoke prefixes "Error invoking remote method 'bulwark:x': Error: "; operators need only the message. */
export function cleanIpcError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  const clean = message.replace(/^Error invoking remote method '[^']*':\s*(?:[A-Za-z]*Error:\s*)?/, '');
  const e = new Error(clean);
  e.name = 'BackendCallError';
  return e;
}

export function apiOverIpc(bridge: ConsoleApi): ClientApi {
  const api: Record<string, unknown> = {};
  for (const m of METHOD_NAMES) {
    api[m] = (params: unknown) => {
      const fn = (bridge as unknown as Record<string, ((p: unknown) => Promise<unknown>) | undefined>)[m];
      if (typeof fn !== 'function') return Promise.reject(new Error(`${m}: not exposed by the Electron preload.`));
      return fn(params ?? {}).catch((err: unknown) => { throw cleanIpcError(err); });
    };
  }
  api.on = <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => {
    if (!isKnownEvent(event)) throw new Error(`Unknown event ${String(event)}`);
    return bridge.on(event, (payload) => {
      if (isPlausiblePayload(event, payload)) listener(payload);
      else console.warn(`[bulwark ipc] dropped a malformed ${event} event`);
    });
  };
  api.link = ipcLink;
  return api as unknown as ClientApi;
}
