/**
 * Raw JSON requests to the API server with the kubeconfig's credentials, for list, watch and
 * discovery (and for Prometheus behind the API server's service proxy).
 *
 * Why not the generated typed clients for reading: they deserialize timestamps into Date while
 * client-node's Watch hands out the API server's JSON, so an informer built from both mixes the
 * two shapes (kubernetes-client/javascript#655). Reading list and watch as the same raw JSON
 * keeps every object in one shape (the wire shape kubectl sees; the model reads timestamps
 * from either), skips a deserialization pass over tens of thousands of pods, and keeps the API
 * server's Status message for our error text.
 *
 * Credentials still come from client-node (`applySecurityAuthentication`: tokens, client
 * certificates, exec and auth-provider plugins, proxies) and the request goes through
 * client-node's own fetch, so TLS and proxy handling are exactly the library's. One thing we
 * change: client-node builds a new undici Agent (a new TLS connection pool) for every request;
 * we keep the first one so list, watch and discovery share keep-alive connections.
 */
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { KubeRequestError, networkError, statusError } from './kubeErrors';
import { reasonOf } from '../../../../shared/reasons';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RawRequest {
  query?: Query;
  body?: unknown;
  contentType?: string;
  /** Whole-request timeout (default 30 s); streams use `signal` instead. */
  timeoutMs?: number;
  signal?: AbortSignal;
  accept?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text(): Promise<string>;
  stream(): ReadableStream<Uint8Array> | null;
}

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

export class KubeHttp {
  readonly server: string;
  private dispatcher: Dispatcher | undefined;
  private readonly http = new IsomorphicFetchHttpLibrary();

  constructor(private readonly kc: KubeConfig, private readonly contextName: string) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new KubeRequestError(`Context ${contextName} has no cluster`, 'credentials', undefined, undefined, reasonOf('source.noCluster', { context: contextName }));
    this.server = cluster.server.replace(/\/+$/, '');
  }

  /** Forget the cached connection pool (after credentials were rejected they may have rotated). */
  resetConnections(): void {
    const d = this.dispatcher as unknown as { close?: () => Promise<void> } | undefined;
    this.dispatcher = undefined;
    d?.close?.().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.resetConnections();
  }

  url(apiPath: string, query?: Query): string {
    const u = new URL(this.server + apiPath);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** Send a request; resolves with any HTTP answer, rejects with KubeRequestError when there is none. */
  async send(method: HttpMethod, apiPath: string, req: RawRequest = {}): Promise<RawResponse> {
    const ctx = new RequestContext(this.url(apiPath, req.query), method);
    try {
      await this.kc.applySecurityAuthentication(ctx);
    } catch (err) {
      const message = (err as Error).message;
      throw new KubeRequestError(`Could not get credentials for context ${this.contextName}: ${message}`, 'credentials', undefined, undefined,
        reasonOf('source.credentialsFailed', { context: this.contextName, message }));
    }
    const fresh = ctx.getDispatcher();
    if (fresh) {
      if (!this.dispatcher) this.dispatcher = fresh;
      else ctx.setDispatcher(this.dispatcher);
    }
    ctx.setHeaderParam('Accept', req.accept ?? 'application/json');
    ctx.setHeaderParam('User-Agent', 'bulwark (client-node)');
    if (req.body !== undefined) {
      ctx.setBody(typeof req.body === 'string' ? req.body : JSON.stringify(req.body));
      ctx.setHeaderParam('Content-Type', req.contentType ?? 'application/json');
    }
    const timeoutMs = req.timeoutMs ?? 30_000;
    const signals: AbortSignal[] = [];
    if (req.signal) signals.push(req.signal);
    if (timeoutMs > 0) signals.push(AbortSignal.timeout(timeoutMs));
    if (signals.length > 0) ctx.setSignal(signals.length === 1 ? signals[0] : AbortSignal.any(signals));
    try {
      const res = await this.http.send(ctx).toPromise();
      return {
        status: res.httpStatusCode,
        headers: res.headers,
        text: () => res.body.text(),
        stream: () => res.body.stream(),
      };
    } catch (err) {
      if (req.signal?.aborted) throw err;
      throw networkError(this.server, err, timeoutMs);
    }
  }

  /** GET/POST/… expecting a JSON answer; a non-2xx answer becomes KubeRequestError with the server's message. */
  async json<T>(method: HttpMethod, apiPath: string, req: RawRequest = {}, what = `${method} ${apiPath}`): Promise<T> {
    const res = await this.send(method, apiPath, req);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      if (req.signal?.aborted) throw err;
      throw networkError(this.server, err, req.timeoutMs ?? 30_000);
    }
    if (res.status < 200 || res.status >= 300) throw statusError(res.status, text, what);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new KubeRequestError(`${what}: the answer from ${this.server} is not JSON`, 'status', res.status, 'BadResponse', reasonOf('source.notJson', { what, server: this.server }));
    }
  }

  get(apiPath: string, req: RawRequest = {}): Promise<unknown> {
    return this.json<unknown>(HttpMethod.GET, apiPath, req);
  }
}

export { HttpMethod };
