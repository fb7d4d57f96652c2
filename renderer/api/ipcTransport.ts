/**
 * ConsoleApi over Electron IPC. The preload exposes `window.bulwark` with one function per
 * contract method plus `on(event, listener)`; we add the same envelope checks as the
 * WebSocket path so both transports hand the store the same guarantees.
 *
 * Each method answers with an RpcReply (`{ ok, result }` / `{ ok: false, error }`), not a
 * thrown error: ipcRenderer.invoke keeps only the message of an Error thrown in main, and the
 * error's reason code (shared/errorReasons.ts) would be lost on the way.
 */
import { METHOD_NAMES } from '../../shared/contract';
import type { ConsoleApi, EventName, Events, MethodName, Params } from '../../shared/contract';
import { BackendCallError } from './backendError';
import { classifyReply, isKnownEvent, isPlausiblePayload } from './envelope';
import type { ClientApi, Link, LinkInfo } from './link';

/** What electron/preload.ts exposes: each method resolves to the main process's RpcReply. */
export type IpcBridge = { [M in MethodName]: (params: Params<M>) => Promise<unknown> } & Pick<ConsoleApi, 'on'>;

declare global {
  interface Window { bulwark?: IpcBridge }
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

/** The result of one IPC call, or the BackendCallError the WebSocket path would reject with. */
export function unwrapIpcReply(method: string, reply: unknown): unknown {
  const r = classifyReply(reply);
  if ('invalid' in r) throw new BackendCallError(`${method}: the Electron main process sent a malformed answer (${r.invalid}).`, 'failed', method);
  if (r.ok) return r.result;
  throw new BackendCallError(r.error.message, r.error.code, method, r.error.reason);
}

export function apiOverIpc(bridge: IpcBridge): ClientApi {
  const api: Record<string, unknown> = {};
  for (const m of METHOD_NAMES) {
    api[m] = (params: unknown) => {
      const fn = (bridge as unknown as Record<string, ((p: unknown) => Promise<unknown>) | undefined>)[m];
      if (typeof fn !== 'function') return Promise.reject(new Error(`${m}: not exposed by the Electron preload.`));
      return fn(params ?? {}).then(
        (reply) => unwrapIpcReply(m, reply),
        // A rejected invoke is IPC itself failing (no handler registered yet), not a backend error.
        (err: unknown) => { throw cleanIpcError(err); },
      );
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
