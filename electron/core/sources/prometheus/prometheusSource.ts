/**
 * GPU metrics from Prometheus: polls dcgm-exporter series every 15 s and answers range
 * queries for the GPU detail charts.
 *
 * Why a small client on fetch rather than a library: we use two endpoints of Prometheus'
 * stable HTTP API (`/api/v1/query`, `/api/v1/query_range`) whose JSON is documented and tiny
 * to parse; the JS clients on npm (prometheus-query and similar) wrap the same two calls but
 * cannot route through the Kubernetes API server's service proxy with the kubeconfig's
 * credentials (a transport we need), and bring their own HTTP stack and timeout semantics.
 * fetch + AbortSignal.timeout gives us exactly "down after 5 s" with no dependency.
 *
 * Endpoints:
 *   - `http(s)://host:port[/prefix]` — Prometheus directly;
 *   - `service://<namespace>/<name>:<port>` (optionally `<namespace>/https:<name>:<port>`) or an
 *     API-server proxy URL `…/api/v1/namespaces/<ns>/services/<name>:<port>/proxy/` — through
 *     the API server's service proxy, authenticated with the kubeconfig like every other request.
 */
import { reasonOf } from '../../../../shared/reasons';
import type { ReasonView } from '../../../../shared/views';
import type { DcgmField, DcgmLabels, DcgmSample } from '../dcgm';
import { dcgmInstantQuery, dcgmSelectorQuery, normalizeDcgmVector, type PromMatrixItem } from './dcgmQuery';

export interface MetricPoint { t: number; v: number }

export type PrometheusEndpoint =
  | { kind: 'url'; base: string }
  | { kind: 'service'; namespace: string; service: string; /** `/api/v1/namespaces/<ns>/services/<svc>/proxy` */ proxyPath: string };

/** What a Prometheus request goes through: plain fetch, or the API server proxy. */
export type PromTransport = (pathAndQuery: string, signal: AbortSignal) => Promise<{ status: number; text: string }>;

/** `message` in English, with its reason code (shared/sourceReasons.ts) for the user's language. */
export interface MetricsState { state: 'ok' | 'down' | 'unconfigured'; message?: string; messageCode?: ReasonView; lastScrapeAt?: number }

export interface PrometheusSourceOptions {
  endpoint: PrometheusEndpoint;
  /** Needed for service endpoints (the API server proxy); defaults to fetch for URLs. */
  transport?: PromTransport;
  intervalMs?: number;
  timeoutMs?: number;
  now?: () => number;
  onSamples: (samples: DcgmSample[], at: number) => void;
  onState: (state: MetricsState) => void;
}

const PROXY_PATH = /^(.*?)(\/api\/v1\/namespaces\/[^/]+\/services\/[^/]+\/proxy)\/?$/;

/** Parse a configured Prometheus endpoint (see the file comment for the accepted forms). */
export function parsePrometheusEndpoint(value: string): PrometheusEndpoint {
  const v = value.trim();
  const svc = /^service:\/\/([^/]+)\/([^/]+?)\/?$/.exec(v);
  if (svc) {
    const [, namespace, service] = svc;
    // ':' stays literal, as kubectl writes proxy paths ("<scheme>:<name>:<port>").
    const svcSegment = encodeURIComponent(service).replace(/%3A/gi, ':');
    return { kind: 'service', namespace, service, proxyPath: `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${svcSegment}/proxy` };
  }
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new PrometheusError(`Prometheus endpoint "${value}" is neither a URL nor service://<namespace>/<name>:<port>`, reasonOf('source.prometheus.notUrl', { value }));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PrometheusError(`Prometheus endpoint "${value}" must be http(s):// or service://<namespace>/<name>:<port>`, reasonOf('source.prometheus.notHttp', { value }));
  }
  const proxy = PROXY_PATH.exec(url.pathname);
  if (proxy) {
    const parts = proxy[2].split('/');
    return { kind: 'service', namespace: decodeURIComponent(parts[4]), service: decodeURIComponent(parts[6]), proxyPath: proxy[2] };
  }
  return { kind: 'url', base: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

export function describeEndpoint(e: PrometheusEndpoint): string {
  return e.kind === 'url' ? e.base : `service ${e.namespace}/${e.service} (through the API server)`;
}

/** describeEndpoint as a reason, nested as `where` in the Prometheus sentences. */
export function endpointCode(e: PrometheusEndpoint): ReasonView {
  return e.kind === 'url' ? reasonOf('source.prometheus.url', { url: e.base }) : reasonOf('source.prometheus.service', { service: `${e.namespace}/${e.service}` });
}

/** "Waiting for the first answer from Prometheus at …", and its code. */
export function waitingFor(e: PrometheusEndpoint): { message: string; messageCode: ReasonView } {
  return {
    message: `Waiting for the first answer from Prometheus at ${describeEndpoint(e)}`,
    messageCode: reasonOf('source.prometheus.waiting', {}, { where: endpointCode(e) }),
  };
}

/** fetch against a Prometheus base URL. */
export function fetchTransport(base: string): PromTransport {
  return async (pathAndQuery, signal) => {
    const res = await fetch(base + pathAndQuery, { signal, headers: { Accept: 'application/json' } });
    return { status: res.status, text: await res.text() };
  };
}

interface PromResponse<T> { status?: string; data?: { resultType?: string; result?: T }; errorType?: string; error?: string }

export class PrometheusError extends Error {
  /** The sentence's reason code (shared/sourceReasons.ts). */
  readonly reasonCode: ReasonView;
  constructor(message: string, code?: ReasonView) {
    super(message);
    this.name = 'PrometheusError';
    this.reasonCode = code ?? reasonOf('source.message', { message });
  }
}

export class PrometheusSource {
  readonly endpoint: PrometheusEndpoint;
  private readonly transport: PromTransport;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;
  private lastScrapeAt: number | undefined;
  private readonly abort = new AbortController();
  state: MetricsState;

  constructor(private readonly opts: PrometheusSourceOptions) {
    this.endpoint = opts.endpoint;
    if (!opts.transport && opts.endpoint.kind !== 'url') throw new Error('A service endpoint needs the API server transport');
    this.transport = opts.transport ?? fetchTransport((opts.endpoint as { base: string }).base);
    this.intervalMs = opts.intervalMs ?? 15_000;
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.now = opts.now ?? Date.now;
    this.state = { state: 'ok', message: 'Waiting for the first scrape', messageCode: reasonOf('source.prometheus.firstScrape', {}) };
  }

  /** Poll now and every interval; resolves after the first poll (whatever its outcome). */
  async start(): Promise<void> {
    this.stopped = false;
    this.timer = setInterval(() => { void this.poll(); }, this.intervalMs);
    this.timer.unref?.();
    await this.poll();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.abort.abort();
  }

  /** One poll; a poll still running is not doubled (a slow Prometheus must not pile requests up). */
  poll(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.pollOnce().finally(() => { this.inFlight = undefined; });
    return this.inFlight;
  }

  private async pollOnce(): Promise<void> {
    const at = this.now();
    try {
      const result = await this.query<unknown>(dcgmInstantQuery());
      if (this.stopped) return;
      const samples = normalizeDcgmVector(result);
      this.lastScrapeAt = at;
      this.opts.onSamples(samples, at);
      this.setState({
        state: 'ok',
        lastScrapeAt: at,
        ...(samples.length === 0 ? {
          message: `Prometheus at ${describeEndpoint(this.endpoint)} has no DCGM_FI_DEV_* series: is dcgm-exporter being scraped?`,
          messageCode: reasonOf('source.prometheus.noDcgm', {}, { where: endpointCode(this.endpoint) }),
        } : {}),
      });
    } catch (err) {
      if (this.stopped) return;
      const message = (err as Error).message;
      const messageCode = err instanceof PrometheusError ? err.reasonCode : reasonOf('source.message', { message });
      this.setState({ state: 'down', message, messageCode, ...(this.lastScrapeAt ? { lastScrapeAt: this.lastScrapeAt } : {}) });
    }
  }

  /** Instant query (`/api/v1/query`); returns data.result. */
  query<T>(promql: string, time?: number): Promise<T> {
    const q = new URLSearchParams({ query: promql });
    if (time !== undefined) q.set('time', String(time / 1000));
    return this.request<T>(`/api/v1/query?${q.toString()}`);
  }

  /**
   * One field of one GPU over time (`/api/v1/query_range`), for detail charts. `selector` uses
   * dcgm-exporter's label names; every scrape spelling is matched. Times in ms epoch, step in ms.
   */
  async rangeQuery(field: DcgmField, selector: Partial<DcgmLabels>, start: number, end: number, step: number): Promise<MetricPoint[]> {
    if (!(end >= start) || !(step > 0)) throw new PrometheusError('rangeQuery needs start ≤ end and a positive step');
    // Prometheus refuses more than 11,000 points per series; widen the step instead of failing.
    const minStep = Math.ceil((end - start) / 11_000);
    const q = new URLSearchParams({
      query: dcgmSelectorQuery(field, selector),
      start: String(start / 1000),
      end: String(end / 1000),
      step: `${Math.max(step, minStep, 1) / 1000}`,
    });
    const result = await this.request<PromMatrixItem[]>(`/api/v1/query_range?${q.toString()}`);
    // Two scrape jobs may both match (two label spellings); keep the series with the most points.
    let best: PromMatrixItem | undefined;
    for (const s of Array.isArray(result) ? result : []) if (!best || (s.values?.length ?? 0) > (best.values?.length ?? 0)) best = s;
    const out: MetricPoint[] = [];
    for (const [t, v] of best?.values ?? []) {
      const n = Number(v);
      if (Number.isFinite(n) && Number.isFinite(t)) out.push({ t: Math.round(t * 1000), v: n });
    }
    return out;
  }

  private async request<T>(pathAndQuery: string): Promise<T> {
    const where = describeEndpoint(this.endpoint);
    const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.timeoutMs)]);
    let res: { status: number; text: string };
    try {
      res = await this.transport(pathAndQuery, signal);
    } catch (err) {
      const t = transportMessage(this.endpoint, err, this.timeoutMs);
      throw new PrometheusError(t.message, t.code);
    }
    let body: PromResponse<T> | undefined;
    try {
      body = JSON.parse(res.text) as PromResponse<T>;
    } catch {
      body = undefined;
    }
    if (res.status < 200 || res.status >= 300 || body?.status !== 'success') {
      // A Prometheus error ({status:"error",error}) or a Kubernetes Status from the service proxy ({message}).
      const k8sMessage = (body as { message?: unknown } | undefined)?.message;
      const detail = body?.error
        ? `${body.errorType ? `${body.errorType}: ` : ''}${body.error}`
        : typeof k8sMessage === 'string' ? k8sMessage : firstLine(res.text);
      const status = String(res.status);
      const nested = { where: endpointCode(this.endpoint) };
      throw detail
        ? new PrometheusError(`Prometheus at ${where} answered ${status}: ${detail}`, reasonOf('source.prometheus.answeredWith', { status, detail }, nested))
        : new PrometheusError(`Prometheus at ${where} answered ${status}`, reasonOf('source.prometheus.answered', { status }, nested));
    }
    return body.data?.result as T;
  }

  private setState(s: MetricsState): void {
    const same = this.state.state === s.state && this.state.message === s.message && this.state.lastScrapeAt === s.lastScrapeAt;
    this.state = s;
    if (!same) this.opts.onState(s);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].slice(0, 200).trim();
}

function transportMessage(endpoint: PrometheusEndpoint, err: unknown, timeoutMs: number): { message: string; code: ReasonView } {
  const where = describeEndpoint(endpoint);
  const nested = { where: endpointCode(endpoint) };
  const e = err as { name?: string; message?: string; code?: unknown; cause?: { code?: string; message?: string; errors?: { code?: string }[] } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') {
    const seconds = timeoutMs / 1000;
    return { message: `Prometheus at ${where} did not answer within ${seconds} s`, code: reasonOf('source.prometheus.timeout', { seconds }, nested) };
  }
  const code = e?.cause?.code ?? e?.cause?.errors?.[0]?.code ?? (typeof e?.code === 'string' ? e.code : undefined);
  // Errors from the API server transport are already sentences (KubeRequestError), with their own code.
  if (!code && e?.name === 'KubeRequestError') {
    const cause = (err as { reasonCode?: ReasonView }).reasonCode ?? reasonOf('source.message', { message: e.message ?? '' });
    return { message: `Prometheus ${where}: ${e.message}`, code: reasonOf('source.prometheus.viaApiServer', {}, { ...nested, cause }) };
  }
  if (code) return { message: `Cannot reach Prometheus at ${where} (${code})`, code: reasonOf('source.prometheus.unreachable', { code }, nested) };
  const message = e?.message ?? String(err);
  return { message: `Prometheus at ${where}: ${message}`, code: reasonOf('source.prometheus.failed', { message }, nested) };
}
