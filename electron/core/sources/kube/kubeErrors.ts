/**
 * Turning what goes wrong between us and an API server into one sentence an operator can act
 * on. Three families, because each needs a different reaction from the list/watch loops:
 *   - the server answered with an error Status (401/403 stop the storm, 410 relists, 404 on a
 *     CRD means it was removed, the rest back off);
 *   - the request never got an answer (refused, DNS, TLS, timeout): back off and retry;
 *   - we could not even build the credentials (exec plugin failed): back off at the cap.
 */

import { reasonOf } from '../../../../shared/reasons';
import type { ReasonView } from '../../../../shared/views';

export type FailureKind = 'status' | 'network' | 'credentials';

/**
 * A failed request, with the API server's own message when it sent one. `code` is the
 * sentence's reason code (`reasonCode`, shared/sourceReasons.ts), so the UI can show it in the user's language.
 */
export class KubeRequestError extends Error {
  readonly reasonCode: ReasonView;
  constructor(
    message: string,
    readonly failure: FailureKind,
    readonly status?: number,
    readonly reason?: string,
    code?: ReasonView,
  ) {
    super(message);
    this.name = 'KubeRequestError';
    this.reasonCode = code ?? reasonOf('source.message', { message });
  }
}

/** The fields of a metav1.Status we read. */
export interface KubeStatus { kind?: string; status?: string; message?: string; reason?: string; code?: number; details?: { causes?: { reason?: string; message?: string; field?: string }[] } }

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 410: 'Gone', 415: 'Unsupported Media Type', 422: 'Unprocessable Entity', 429: 'Too Many Requests',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

export function statusText(code: number): string {
  return STATUS_TEXT[code] ?? `HTTP ${code}`;
}

/** Parse a response body as a metav1.Status, if it is one. */
export function parseStatus(body: unknown): KubeStatus | undefined {
  let v = body;
  if (typeof v === 'string') {
    if (v.length === 0 || v.length > 1_000_000) return undefined;
    try { v = JSON.parse(v); } catch { return undefined; }
  }
  if (v === null || typeof v !== 'object') return undefined;
  const s = v as KubeStatus;
  return typeof s.message === 'string' || typeof s.reason === 'string' || typeof s.code === 'number' ? s : undefined;
}

/** An error Status (or a bare HTTP status) as a KubeRequestError carrying the server's message. */
export function statusError(code: number, body: unknown, what: string): KubeRequestError {
  const s = parseStatus(body);
  const own = s?.message?.trim();
  const reason = s?.reason || statusText(code).replace(/ /g, '');
  // The API server's own sentence stays as it wrote it.
  if (own) return new KubeRequestError(own, 'status', code, reason);
  const text = statusText(code);
  return new KubeRequestError(`${what}: ${code} ${text}`, 'status', code, reason, reasonOf('source.httpStatus', { what, status: String(code), statusText: text }));
}

/** undici/Node error codes that mean "the server could not be reached". */
const UNREACHABLE = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT',
]);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL']);

/** The innermost error code of a fetch failure (fetch wraps the socket error in `cause`, sometimes an AggregateError). */
export function errorCode(err: unknown): string | undefined {
  let code: string | undefined;
  let e = err as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e.code === 'string') code = e.code;
    if (e.cause) e = e.cause as typeof e;
    else if (Array.isArray(e.errors) && e.errors.length > 0) e = e.errors[0] as typeof e;
    else break;
  }
  return code;
}

function innermostMessage(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  let msg = e?.message ?? String(err);
  for (let depth = 0; e?.cause && depth < 5; depth++) {
    e = e.cause as typeof e;
    if (e?.message) msg = e.message;
  }
  return msg;
}

/** A request that got no HTTP answer, as a sentence naming the server. */
export function networkError(server: string, err: unknown, timeoutMs?: number): KubeRequestError {
  if (err instanceof KubeRequestError) return err;
  const name = (err as { name?: string })?.name;
  const net = (message: string, code: ReasonView) => new KubeRequestError(message, 'network', undefined, undefined, code);
  if (name === 'TimeoutError') {
    if (!timeoutMs) return net(`${server} did not answer (timeout)`, reasonOf('source.timeoutNoLimit', { server }));
    const seconds = Math.round(timeoutMs / 100) / 10;
    return net(`${server} did not answer within ${seconds} s (timeout)`, reasonOf('source.timeout', { server, seconds }));
  }
  const code = errorCode(err);
  if (code && UNREACHABLE.has(code)) return net(`Cannot reach ${server} (${code})`, reasonOf('source.unreachable', { server, code }));
  if (code && DNS.has(code)) return net(`Cannot reach ${server} (${code}: the host name does not resolve)`, reasonOf('source.unresolvable', { server, code }));
  const message = innermostMessage(err);
  if (code && (code.includes('CERT') || code.includes('TLS') || code.includes('SSL') || code.startsWith('ERR_OSSL'))) {
    return net(
      `TLS connection to ${server} failed (${code}): ${message} — check the cluster's certificate-authority in the kubeconfig`,
      reasonOf('source.tlsFailed', { server, code, message }),
    );
  }
  return code
    ? net(`Request to ${server} failed: ${message} (${code})`, reasonOf('source.requestFailedCode', { server, message, code }))
    : net(`Request to ${server} failed: ${message}`, reasonOf('source.requestFailed', { server, message }));
}

/** The status-line message for rejected credentials (401). */
export function credentialsRejectedMessage(context: string): string {
  return `Credentials for context ${context} were rejected (401 Unauthorized): the token may have expired — refresh your kubeconfig`;
}

export function credentialsRejectedCode(context: string): ReasonView {
  return reasonOf('source.credentialsRejected', { context });
}
