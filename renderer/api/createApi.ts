import { apiOverIpc } from './ipcTransport';
import type { ClientApi } from './link';
import { takeToken, webSocketUrl } from './token';
import { WsTransport, apiOverWebSocket } from './wsTransport';

/**
 * Picks the transport: Electron IPC when the preload exposed `window.bulwark`, otherwise the
 * headless serve's WebSocket on the page's own host, authenticated by the URL token.
 */
export function createApi(): ClientApi {
  if (typeof window !== 'undefined' && window.bulwark) return apiOverIpc(window.bulwark);
  const token = takeToken({ location: window.location, storage: window.sessionStorage, history: window.history });
  return apiOverWebSocket(new WsTransport({ url: webSocketUrl(window.location, token) }));
}

export type { ClientApi } from './link';
