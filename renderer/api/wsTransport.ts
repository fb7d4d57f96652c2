/**
 * ConsoleApi over the headless serve's WebSocket, speaking the shared wire format:
 * RpcRequest → RpcResponse matched by id, RpcEvent pushed. Reconnects with jittered backoff.
 *
 * Calls made before the socket is open wait (up to QUEUE_TIMEOUT_MS) and are sent once it
 * opens; calls already sent when the socket closes are rejected, never replayed: the backend
 * may have run them (an action must not run twice because a proxy hiccuped).
 */
import { METHOD_NAMES } from '../../shared/contract';
import type { ConsoleApi, EventName, Events, RpcRequest } from '../../shared/contract';
import { BackendCallError } from './backendError';
import { reconnectDelayMs } from './backoff';
import { isPlausiblePayload, parseIncoming } from './envelope';
import type { ClientApi, Link, LinkInfo } from './link';

export { BackendCallError };

const QUEUE_TIMEOUT_MS = 15_000;

interface Pending { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void }
interface Queued { req: RpcRequest; pending: Pending; timer: ReturnType<typeof setTimeout> }

type WebSocketLike = Pick<WebSocket, 'send' | 'close' | 'readyState'> & {
  onopen: ((ev: Event) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
};

export interface WsOptions {
  url: string;
  createSocket?: (url: string) => WebSocketLike;
  log?: (msg: string) => void;
  /**
   * Ask the server (`?subscribe=1`) to send the snapshot as soon as each connection opens, as
   * the answer to request id 0: no subscribe round trip after `open`, and a socket opened while
   * the app's code is still evaluating has its snapshot built, sent and queued meanwhile. The
   * first `subscribe` call of each connection takes that answer (takeConnectSnapshot).
   */
  subscribeOnConnect?: boolean;
}

/** Request id of the snapshot a `subscribe=1` connection receives without asking. */
export const CONNECT_SNAPSHOT_ID = 0;

export class WsTransport implements Link {
  private socket?: WebSocketLike;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queue: Queued[] = [];
  private readonly listeners = new Map<EventName, Set<(p: unknown) => void>>();
  private readonly stateListeners = new Set<(i: LinkInfo) => void>();
  private state: LinkInfo = { kind: 'ws', state: 'connecting', generation: 0 };
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private everOpened = false;
  private readonly createSocket: (url: string) => WebSocketLike;
  private readonly log: (msg: string) => void;
  private connectSnapshot?: Promise<unknown>;

  constructor(private readonly opts: WsOptions) {
    this.createSocket = opts.createSocket ?? ((url) => new WebSocket(url));
    this.log = opts.log ?? ((m) => console.warn(`[bulwark ws] ${m}`));
    this.open();
  }

  info(): LinkInfo { return this.state; }

  onChange(listener: (info: LinkInfo) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  retryNow(): void {
    if (this.state.state === 'open' || this.state.state === 'connecting') return;
    clearTimeout(this.retryTimer);
    this.open();
  }

  call(method: string, params: unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const req: RpcRequest = { id: this.nextId++, method, params: params ?? {} };
      const pending: Pending = { method, resolve, reject };
      if (this.socket && this.state.state === 'open') {
        this.send(req, pending);
        return;
      }
      const timer = setTimeout(() => {
        this.queue = this.queue.filter((q) => q.req !== req);
        reject(new BackendCallError(`${method}: not connected to the Bulwark backend (${this.state.error ?? 'still connecting'}).`, 'disconnected', method));
      }, QUEUE_TIMEOUT_MS);
      this.queue.push({ req, pending, timer });
    });
  }

  /** The snapshot this connection's server sends unasked (once per connection), if any left. */
  takeConnectSnapshot(): Promise<unknown> | undefined {
    const p = this.connectSnapshot;
    this.connectSnapshot = undefined;
    return p;
  }

  on(event: EventName, listener: (p: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private send(req: RpcRequest, pending: Pending): void {
    this.pending.set(req.id, pending);
    try {
      this.socket!.send(JSON.stringify(req));
    } catch (err) {
      this.pending.delete(req.id);
      pending.reject(new BackendCallError(`${req.method}: could not send (${(err as Error).message}).`, 'disconnected', req.method));
    }
  }

  private setState(patch: Partial<LinkInfo>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.stateListeners) l(this.state);
  }

  private open(): void {
    this.setState({ state: this.everOpened ? 'reconnecting' : 'connecting', retryAt: undefined });
    let socket: WebSocketLike;
    const url = this.opts.subscribeOnConnect ? `${this.opts.url}${this.opts.url.includes('?') ? '&' : '?'}subscribe=1` : this.opts.url;
    try {
      socket = this.createSocket(url);
    } catch (err) {
      this.scheduleReconnect(`cannot open WebSocket: ${(err as Error).message}`);
      return;
    }
    this.socket = socket;
    if (this.opts.subscribeOnConnect) {
      // Rejected like any pending call if the socket closes first (then a new connection brings a new one).
      const snapshot = new Promise<unknown>((resolve, reject) => this.pending.set(CONNECT_SNAPSHOT_ID, { method: 'subscribe', resolve, reject }));
      snapshot.catch(() => undefined); // nobody may be waiting for it
      this.connectSnapshot = snapshot;
    }
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempt = 0;
      this.everOpened = true;
      this.setState({ state: 'open', error: undefined, retryAt: undefined, generation: this.state.generation + 1 });
      const queued = this.queue;
      this.queue = [];
      for (const q of queued) {
        clearTimeout(q.timer);
        this.send(q.req, q.pending);
      }
    };
    socket.onmessage = (ev) => {
      if (this.socket === socket) this.receive(ev.data);
    };
    socket.onerror = () => { /* onclose follows with the details */ };
    socket.onclose = (ev) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const why = closeReason(ev, this.everOpened);
      for (const [id, p] of this.pending) {
        p.reject(new BackendCallError(`${p.method}: the connection to the Bulwark backend closed before it answered (${why}). It was not retried; check the result before trying again.`, 'disconnected', p.method));
        this.pending.delete(id);
      }
      this.scheduleReconnect(why);
    };
  }

  private scheduleReconnect(why: string): void {
    const delay = reconnectDelayMs(this.attempt++);
    this.setState({ state: 'reconnecting', error: why, retryAt: Date.now() + delay });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private receive(data: unknown): void {
    const msg = parseIncoming(data);
    if (msg.kind === 'invalid') {
      this.log(`dropped a malformed message: ${msg.reason}`);
      return;
    }
    if (msg.kind === 'event') {
      if (!isPlausiblePayload(msg.event, msg.payload)) {
        this.log(`dropped a malformed ${msg.event} event`);
        return;
      }
      for (const l of this.listeners.get(msg.event) ?? []) {
        try { l(msg.payload); } catch (err) { console.error(err); }
      }
      return;
    }
    const { response } = msg;
    const p = this.pending.get(response.id);
    if (!p) {
      this.log(`response for unknown request ${response.id}`);
      return;
    }
    this.pending.delete(response.id);
    if (response.ok) p.resolve(response.result);
    else p.reject(new BackendCallError(response.error.message, response.error.code, p.method, response.error.reason));
  }
}

function closeReason(ev: CloseEvent, everOpened: boolean): string {
  if (ev.reason) return ev.reason;
  if (ev.code === 4401 || ev.code === 1008) return 'the backend refused the access token — open the URL printed by `npm run serve` again';
  if (!everOpened) return 'cannot reach the backend (is it running? is the token in the URL right?)';
  return `connection lost (code ${ev.code})`;
}

/** Wraps a transport in the typed ConsoleApi: one function per contract method. */
export function apiOverWebSocket(transport: WsTransport): ClientApi {
  const api: Record<string, unknown> = {};
  for (const m of METHOD_NAMES) api[m] = (params: unknown) => transport.call(m, params);
  // A connection opened with subscribeOnConnect already has its snapshot on the way.
  api.subscribe = (params: unknown) => transport.takeConnectSnapshot() ?? transport.call('subscribe', params);
  api.on = <E extends EventName>(event: E, listener: (payload: Events[E]) => void) => transport.on(event, listener as (p: unknown) => void);
  api.link = transport;
  return api as unknown as ConsoleApi & { link: Link };
}
