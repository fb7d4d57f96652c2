/**
 * One kind's list + watch loop, the reflector of client-go in small:
 *
 *   list (paged, limit=500) ─► onSync(all items) ─► watch from the list's resourceVersion
 *     ▲                                               │ events ─► onEvent (batched upstream)
 *     │ 410 Gone (HTTP or an ERROR event)              │ server ends the watch (timeoutSeconds)
 *     └────────────────────────────────────────────────┤   ─► watch again from the last resourceVersion
 *                       disconnect ─► backoff with jitter, then watch again (relist only on 410)
 *
 * Why our own loop rather than client-node's ListWatch/makeInformer (2.0.x):
 *   - ListWatch reports a (re)list as individual add/update/delete callbacks; the sink wants
 *     the whole list at once (onSync replaces the kind), which is also far cheaper for a model
 *     that indexes 20,000 pods;
 *   - on any error other than 410/timeout ListWatch stops for good and leaves restarting to the
 *     caller; we need a per-kind policy (backoff with jitter for network errors, the cap for
 *     401/403 so rejected credentials cause no retry storm, silence for an absent CRD);
 *   - its list comes from the typed API (Date timestamps) and its watch from raw JSON (string
 *     timestamps), so objects change shape on their first update (kubernetes-client/javascript#655);
 *   - an object without metadata throws inside its cache (`obj.metadata.namespace`); we skip
 *     and count it;
 *   - its Watch gives up a quiet connection after 30 s of silence and does not ask for
 *     bookmarks; we ask for bookmarks and a server-side timeout (5–10 min, like client-go) so a
 *     quiet kind keeps one long-lived watch.
 */
import type { KubeObject, WatchEvent, WatchEventType } from '../../k8s/objects';
import { HttpMethod, type KubeHttp } from './kubeHttp';
import { KubeRequestError, networkError, parseStatus, statusError } from './kubeErrors';
import { collectionPath, type KindSpec } from './resourceKinds';
import { reasonOf } from '../../../../shared/reasons';

export type WatcherState = 'starting' | 'listing' | 'watching' | 'backoff' | 'denied' | 'absent' | 'stopped';

export interface BackoffPolicy { baseMs: number; capMs: number; /** ± fraction of the delay, e.g. 0.25. */ jitter: number }
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 30_000, jitter: 0.25 };

/** Exponential backoff with jitter: 1 s, 2 s, 4 s … capped at 30 s, each ±25 %. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const jittered = exp * (1 + policy.jitter * (random() * 2 - 1));
  return Math.max(0, Math.min(policy.capMs, Math.round(jittered)));
}

export interface WatcherHandlers {
  onSync(spec: KindSpec, items: KubeObject[]): void;
  onEvent(event: WatchEvent): void;
  /** The kind is known current (a bookmark arrived); for lastSyncAt. */
  onProgress(): void;
  onStateChange(): void;
}

export interface WatcherOptions {
  pageSize: number;
  backoff: BackoffPolicy;
  random: () => number;
  /** Server-side watch timeout in seconds (client-go picks 5–10 min at random to spread reconnects). */
  watchTimeoutSeconds: () => number;
  /**
   * Optional kinds (CRDs): the spec at the version the cluster serves, or undefined when it
   * serves none we read; checked before each (re)list.
   */
  servedSpec?: () => Promise<KindSpec | undefined>;
  /** How often an absent CRD is looked for again. */
  absentRecheckMs: number;
  listTimeoutMs: number;
}

export const DEFAULT_WATCHER_OPTIONS: WatcherOptions = {
  pageSize: 500,
  backoff: DEFAULT_BACKOFF,
  random: Math.random,
  watchTimeoutSeconds: () => 300 + Math.floor(Math.random() * 300),
  absentRecheckMs: 5 * 60_000,
  listTimeoutMs: 60_000,
};

const WATCH_TYPES = new Set<string>(['ADDED', 'MODIFIED', 'DELETED']);

/** An item as delivered: a JSON object with metadata.name; apiVersion/kind filled in (list items omit them). */
export function normalizeObject(spec: KindSpec, raw: unknown): KubeObject | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const o = raw as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  const m = o.metadata;
  if (m === null || typeof m !== 'object' || typeof m.name !== 'string' || m.name === '') return undefined;
  if (spec.namespaced && typeof m.namespace !== 'string') return undefined;
  if (typeof o.apiVersion !== 'string') o.apiVersion = spec.apiVersion;
  if (typeof o.kind !== 'string') o.kind = spec.kind;
  return o as unknown as KubeObject;
}

interface ListPage { items?: unknown[]; metadata?: { resourceVersion?: string; continue?: string } }

export class KindWatcher {
  state: WatcherState = 'starting';
  /** Why the last attempt failed (kept until the next success). */
  error: KubeRequestError | undefined;
  /** When the next attempt starts (ms epoch), while backing off. */
  retryAt: number | undefined;
  /** Objects skipped because they were not objects or had no metadata.name. */
  malformed = 0;
  /** A list has been delivered at least once. */
  synced = false;

  private resourceVersion = '';
  private attempt = 0;
  private stopped = false;
  private readonly abort = new AbortController();
  private settleFirst!: () => void;
  /** Resolves when the first list succeeded or failed (or the kind turned out absent). */
  readonly firstAttempt = new Promise<void>((resolve) => { this.settleFirst = resolve; });
  private sleepTimer: ReturnType<typeof setTimeout> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    /** Replaced by the served version of an optional kind before each (re)list. */
    public spec: KindSpec,
    private readonly http: KubeHttp,
    private readonly handlers: WatcherHandlers,
    private readonly opts: WatcherOptions = DEFAULT_WATCHER_OPTIONS,
  ) {}

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
    this.setState('stopped');
    this.settleFirst();
  }

  /** Retry now instead of waiting out the backoff (e.g. after the user refreshed credentials). */
  retryNow(): void {
    if (this.sleepTimer) clearTimeout(this.sleepTimer);
    this.wake?.();
  }

  async run(): Promise<void> {
    let quickCloses = 0;
    let lastGone = 0;
    while (!this.stopped) {
      try {
        if (!this.resourceVersion) {
          if (this.spec.optional && this.opts.servedSpec) {
            const served = await this.opts.servedSpec();
            if (!served) {
              this.markAbsent();
              await this.sleep(this.opts.absentRecheckMs);
              continue;
            }
            this.spec = served;
          }
          await this.list();
        }
        const started = Date.now();
        const events = await this.watch();
        // A watch that ends at once, again and again, without events is a failure in disguise.
        if (events === 0 && Date.now() - started < 1_000) {
          if (++quickCloses >= 3) {
            quickCloses = 0;
            throw new KubeRequestError(`The watch on ${this.spec.plural} keeps closing at once`, 'network', undefined, undefined,
              reasonOf('source.watchClosing', { kinds: this.spec.plural }));
          }
        } else {
          quickCloses = 0;
        }
      } catch (err) {
        if (this.stopped) break;
        const e = err instanceof KubeRequestError ? err : networkError(this.http.server, err);
        if (e.status === 410) {
          // Expired resourceVersion: relist. Twice within a second means something is off; back off.
          this.resourceVersion = '';
          const now = Date.now();
          const again = now - lastGone < 1_000;
          lastGone = now;
          if (!again) continue;
        }
        await this.failed(e);
      }
    }
  }

  private markAbsent(): void {
    if (this.state !== 'absent') {
      // Deliver an empty list once so the model knows the kind is complete (and empties it if the CRD was removed).
      this.handlers.onSync(this.spec, []);
      this.synced = true;
    }
    this.error = undefined;
    this.retryAt = undefined;
    this.attempt = 0;
    this.setState('absent');
    this.settleFirst();
  }

  private async failed(e: KubeRequestError): Promise<void> {
    this.error = e;
    let delay: number;
    let state: WatcherState;
    if (e.failure === 'status' && (e.status === 401 || e.status === 403)) {
      // Rejected credentials or missing RBAC: retrying sooner cannot help. Relist when it works again.
      if (e.status === 401) this.http.resetConnections();
      this.resourceVersion = '';
      delay = this.opts.backoff.capMs;
      state = 'denied';
    } else if (e.failure === 'credentials') {
      delay = this.opts.backoff.capMs;
      state = 'denied';
    } else {
      if (e.status === 404 && this.spec.optional) this.resourceVersion = '';
      delay = backoffDelay(this.attempt++, this.opts.backoff, this.opts.random);
      state = 'backoff';
    }
    this.retryAt = Date.now() + delay;
    if (this.state === state) this.handlers.onStateChange();
    else this.setState(state);
    this.settleFirst();
    await this.sleep(delay);
    this.retryAt = undefined;
  }

  private async list(): Promise<void> {
    this.setState('listing');
    const items: KubeObject[] = [];
    let malformed = 0;
    let cont: string | undefined;
    let rv: string;
    do {
      const page = await this.http.json<ListPage>(HttpMethod.GET, collectionPath(this.spec), {
        query: { limit: this.opts.pageSize, continue: cont },
        signal: this.abort.signal,
        timeoutMs: this.opts.listTimeoutMs,
      }, `list ${this.spec.plural}`);
      for (const raw of Array.isArray(page?.items) ? page.items : []) {
        const obj = normalizeObject(this.spec, raw);
        if (obj) items.push(obj);
        else malformed++;
      }
      cont = page?.metadata?.continue || undefined;
      rv = page?.metadata?.resourceVersion ?? '';
    } while (cont && !this.stopped);
    if (this.stopped) return;
    this.malformed = malformed;
    this.resourceVersion = rv;
    this.attempt = 0;
    this.error = undefined;
    this.synced = true;
    this.handlers.onSync(this.spec, items);
    this.setState('watching');
    this.settleFirst();
  }

  /** One watch request; resolves with the number of events when the server ends it, throws on errors. */
  private async watch(): Promise<number> {
    const ctrl = new AbortController();
    const onStop = () => ctrl.abort();
    this.abort.signal.addEventListener('abort', onStop, { once: true });
    const timeoutSeconds = this.opts.watchTimeoutSeconds();
    // Headers must come within 30 s; after that silence longer than the server-side timeout
    // (plus slack) means a dead connection that TCP has not noticed.
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => { timedOut = true; ctrl.abort(); }, ms);
      timer.unref?.();
    };
    arm(30_000);
    let events = 0;
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    try {
      const res = await this.http.send(HttpMethod.GET, collectionPath(this.spec), {
        query: { watch: 'true', resourceVersion: this.resourceVersion, allowWatchBookmarks: 'true', timeoutSeconds },
        signal: ctrl.signal,
        timeoutMs: 0,
      });
      if (res.status !== 200) {
        const text = await res.text().catch(() => '');
        throw statusError(res.status, text, `watch ${this.spec.plural}`);
      }
      if (this.state !== 'watching') this.setState('watching');
      if (this.error) { this.error = undefined; this.handlers.onStateChange(); }
      const idleMs = (timeoutSeconds + 60) * 1000;
      arm(idleMs);
      const body = res.stream();
      if (!body) return 0;
      reader = body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arm(idleMs);
        buf += decoder.decode(value, { stream: true });
        let pos = 0;
        let nl: number;
        while ((nl = buf.indexOf('\n', pos)) >= 0) {
          const line = buf.slice(pos, nl);
          pos = nl + 1;
          if (line.length > 0 && this.handleLine(line)) events++;
        }
        if (pos > 0) buf = buf.slice(pos);
      }
      if (buf.trim().length > 0 && this.handleLine(buf)) events++;
      this.attempt = 0;
      return events;
    } catch (err) {
      if (this.stopped) return events;
      if (timedOut) return events; // a silent connection: watch again from the last resourceVersion
      if (err instanceof KubeRequestError) throw err;
      throw networkError(this.http.server, err);
    } finally {
      if (timer) clearTimeout(timer);
      this.abort.signal.removeEventListener('abort', onStop);
      ctrl.abort();
      reader?.cancel().catch(() => undefined);
    }
  }

  /** One watch line; true when it carried an object event. Throws for ERROR events. */
  private handleLine(line: string): boolean {
    let ev: { type?: unknown; object?: unknown };
    try {
      ev = JSON.parse(line) as typeof ev;
    } catch {
      this.malformed++;
      return false;
    }
    const type = typeof ev?.type === 'string' ? ev.type : '';
    if (WATCH_TYPES.has(type)) {
      const obj = normalizeObject(this.spec, ev.object);
      if (!obj) {
        this.malformed++;
        this.handlers.onStateChange();
        return false;
      }
      const rv = obj.metadata?.resourceVersion;
      if (typeof rv === 'string' && rv !== '') this.resourceVersion = rv;
      this.handlers.onEvent({ type: type as WatchEventType, kind: this.spec.kind, object: obj } as WatchEvent);
      return true;
    }
    if (type === 'BOOKMARK') {
      const rv = (ev.object as { metadata?: { resourceVersion?: unknown } } | undefined)?.metadata?.resourceVersion;
      if (typeof rv === 'string' && rv !== '') this.resourceVersion = rv;
      this.handlers.onProgress();
      return false;
    }
    if (type === 'ERROR') {
      const s = parseStatus(ev.object);
      throw statusError(s?.code ?? 500, ev.object, `watch ${this.spec.plural}`);
    }
    this.malformed++;
    return false;
  }

  private setState(state: WatcherState): void {
    if (this.state === state) return;
    this.state = state;
    this.handlers.onStateChange();
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      this.wake = () => { this.wake = undefined; resolve(); };
      this.sleepTimer = setTimeout(() => { this.sleepTimer = undefined; this.wake?.(); }, ms);
    });
  }
}
