/**
 * The sentences the sources write when the API server or Prometheus cannot be reached or
 * refuses us carry a reason code that says the same thing (so the banner can say it in the
 * user's language), and what the server itself wrote stays as it wrote it.
 */
import { describe, expect, it } from 'vitest';
import { credentialsRejectedCode, credentialsRejectedMessage, networkError, statusError } from '../../electron/core/sources/kube/kubeErrors';
import { parsePrometheusEndpoint, PrometheusError, waitingFor } from '../../electron/core/sources/prometheus/prometheusSource';
import { expectCodeSays } from './reasonEnglish';

const SERVER = 'https://10.0.0.1:6443';
const withCode = (code: string, message = 'socket says no') => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(message), { code }) });
const timeout = () => Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });

describe('API server errors', () => {
  const cases: { name: string; err: Error; timeoutMs?: number; code: string; text: string }[] = [
    { name: 'refused', err: withCode('ECONNREFUSED'), code: 'source.unreachable', text: `Cannot reach ${SERVER} (ECONNREFUSED)` },
    { name: 'no DNS', err: withCode('ENOTFOUND'), code: 'source.unresolvable', text: `Cannot reach ${SERVER} (ENOTFOUND: the host name does not resolve)` },
    { name: 'timeout', err: timeout(), timeoutMs: 2500, code: 'source.timeout', text: `${SERVER} did not answer within 2.5 s (timeout)` },
    { name: 'timeout, no limit known', err: timeout(), code: 'source.timeoutNoLimit', text: `${SERVER} did not answer (timeout)` },
    {
      name: 'TLS', err: withCode('CERT_HAS_EXPIRED', 'certificate has expired'), code: 'source.tlsFailed',
      text: `TLS connection to ${SERVER} failed (CERT_HAS_EXPIRED): certificate has expired — check the cluster's certificate-authority in the kubeconfig`,
    },
    { name: 'other, with a code', err: withCode('EPROTO', 'bad record'), code: 'source.requestFailedCode', text: `Request to ${SERVER} failed: bad record (EPROTO)` },
    { name: 'other, no code', err: new Error('something odd'), code: 'source.requestFailed', text: `Request to ${SERVER} failed: something odd` },
  ];
  it.each(cases)('$name', ({ err, timeoutMs, code, text }) => {
    const e = networkError(SERVER, err, timeoutMs);
    expect(e.message).toBe(text);
    expect(e.reasonCode.code).toBe(code);
    expectCodeSays(code, e.message, e.reasonCode);
  });

  it('keeps the API server\'s own message as written, and codes the bare status it falls back to', () => {
    const own = statusError(403, { kind: 'Status', message: 'nodes is forbidden: User "viewer" cannot list resource "nodes"' }, 'list nodes');
    expect(own.reasonCode).toEqual({ code: 'source.message', params: { message: own.message } });
    const bare = statusError(503, '', 'list nodes');
    expect(bare.message).toBe('list nodes: 503 Service Unavailable');
    expectCodeSays('bare status', bare.message, bare.reasonCode);
    expectCodeSays('401', credentialsRejectedMessage('prod'), credentialsRejectedCode('prod'));
  });
});

describe('Prometheus', () => {
  it('codes a bad endpoint and the wait for the first answer, naming the endpoint', () => {
    for (const value of ['not a url', 'ftp://prom:9090']) {
      let err: unknown;
      try { parsePrometheusEndpoint(value); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(PrometheusError);
      expectCodeSays(value, (err as PrometheusError).message, (err as PrometheusError).reasonCode);
    }
    for (const endpoint of ['http://prom:9090', 'service://monitoring/prometheus:9090']) {
      const w = waitingFor(parsePrometheusEndpoint(endpoint));
      expectCodeSays(endpoint, w.message, w.messageCode);
    }
  });
});
