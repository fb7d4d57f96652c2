import { apiOverIpc } from './ipcTransport';
import type { ClientApi } from './link';
import { takeToken, webSocketUrl } from './token';
import { WsTransport, apiOverWebSocket } from './wsTransport';

function webSocketApi(): ClientApi {
  const token = takeToken({ location: window.location, storage: window.sessionStorage, history: window.history });
  return apiOverWebSocket(new WsTransport({ url: webSocketUrl(window.location, token), subscribeOnConnect: true }));
}

/**
 * In a browser (headless serve), the WebSocket is opened when this module is evaluated — before
 * the views, charts and translations that follow it in the bundle — and the server answers the
 * connection with the snapshot (subscribeOnConnect). Building, sending and receiving the
 * snapshot (megabytes on a 16,000-GPU cluster) thus overlaps the app's start-up instead of
 * following it: the first picture comes one round trip and most of a snapshot earlier.
 */
const early: ClientApi | undefined = typeof window !== 'undefined' && typeof WebSocket !== 'undefined' && !window.bulwark ? webSocketApi() : undefined;

/**
 * Picks the transport: Electron IPC when the preload exposed `window.bulwark`, otherwise the
 * headless serve's WebSocket on the page's own host, authenticated by the URL token.
 */
export function createApi(): ClientApi {
  if (typeof window !== 'undefined' && window.bulwark) return apiOverIpc(window.bulwark);
  return early ?? webSocketApi();
}

export type { ClientApi } from './link';
