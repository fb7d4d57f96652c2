/**
 * Reason codes of the cluster sources (`source.*`): the sentences the connection banner, the
 * connection badge and the metrics banner show when the API server or Prometheus cannot be
 * reached, rejects the credentials, or answers with an error. They join REASON_SPECS
 * (shared/reasons.ts) like the action codes; texts in `renderer/i18n/locales/<lang>/reasons.json`
 * under `code.source.*`.
 *
 * What a server wrote (a Kubernetes Status message, a Prometheus error, a socket error) stays as
 * written, as a `text` parameter (`source.message` when nothing surrounds it). `where` is the
 * Prometheus endpoint as a nested `source.prometheus.url` / `.service` reason.
 */
import type { ReasonSpec } from './reasons';

export const SOURCE_REASON_SPECS = {
  'source.message': { params: { message: 'text' } },

  // Requests to the API server that got no answer, or an error answer (kubeErrors.ts).
  'source.unreachable': { params: { server: 'text', code: 'text' } },
  'source.unresolvable': { params: { server: 'text', code: 'text' } },
  'source.timeout': { params: { server: 'text', seconds: 'number' } },
  'source.timeoutNoLimit': { params: { server: 'text' } },
  'source.tlsFailed': { params: { server: 'text', code: 'text', message: 'text' } },
  'source.requestFailed': { params: { server: 'text', message: 'text' } },
  'source.requestFailedCode': { params: { server: 'text', message: 'text', code: 'text' } },
  'source.httpStatus': { params: { what: 'text', status: 'text', statusText: 'text' } },
  'source.notJson': { params: { what: 'text', server: 'text' } },
  'source.noCluster': { params: { context: 'text' } },
  'source.credentialsFailed': { params: { context: 'text', message: 'text' } },
  'source.watchClosing': { params: { kinds: 'text' } },

  // The state of the whole source (kubeSource.ts).
  'source.credentialsRejected': { params: { context: 'text' } },
  'source.forbiddenAll': { params: { context: 'text', kinds: 'text', message: 'text' } },
  'source.lostWatch': { params: { kinds: 'text' } },
  'source.retrying': { params: { seconds: 'count' }, nested: ['cause'] },
  'source.noPermissionToList': { params: { kinds: 'text' } },
  'source.skippedMalformed': { params: { count: 'count' }, plural: 'count' },
  'source.twoNotes': { params: {}, nested: ['first', 'second'] },

  // The kubeconfig (kubeconfig.ts); `files` is source.kubeconfig.file or .mergedFiles.
  'source.kubeconfig.file': { params: { file: 'text' } },
  'source.kubeconfig.mergedFiles': { params: { files: 'text' } },
  'source.kubeconfig.missingFile': { params: { file: 'text' } },
  'source.kubeconfig.noneExist': { params: { files: 'text' } },
  'source.kubeconfig.notFound': { params: { file: 'text' } },
  'source.kubeconfig.unreadable': { params: { file: 'text', error: 'text' } },
  'source.kubeconfig.badYaml': { params: { file: 'text', problem: 'text' } },
  'source.kubeconfig.notMapping': { params: { file: 'text' } },
  'source.kubeconfig.notList': { params: { file: 'text', key: 'text' } },
  'source.kubeconfig.invalid': { params: { file: 'text', message: 'text' } },
  'source.kubeconfig.unknownContext': { params: { context: 'text', contexts: 'text' }, nested: ['files'] },
  'source.kubeconfig.unknownContextNone': { params: { context: 'text' }, nested: ['files'] },
  'source.kubeconfig.missingCluster': { params: { context: 'text', file: 'text', cluster: 'text' }, nested: ['files'] },
  'source.kubeconfig.missingUser': { params: { context: 'text', file: 'text', user: 'text' }, nested: ['files'] },

  // Prometheus (prometheusSource.ts).
  'source.prometheus.url': { params: { url: 'text' } },
  'source.prometheus.service': { params: { service: 'text' } },
  'source.prometheus.firstScrape': { params: {} },
  'source.prometheus.waiting': { params: {}, nested: ['where'] },
  'source.prometheus.noDcgm': { params: {}, nested: ['where'] },
  'source.prometheus.timeout': { params: { seconds: 'number' }, nested: ['where'] },
  'source.prometheus.unreachable': { params: { code: 'text' }, nested: ['where'] },
  'source.prometheus.failed': { params: { message: 'text' }, nested: ['where'] },
  'source.prometheus.viaApiServer': { params: {}, nested: ['where', 'cause'] },
  'source.prometheus.answered': { params: { status: 'text' }, nested: ['where'] },
  'source.prometheus.answeredWith': { params: { status: 'text', detail: 'text' }, nested: ['where'] },
  'source.prometheus.notUrl': { params: { value: 'text' } },
  'source.prometheus.notHttp': { params: { value: 'text' } },
} as const satisfies Readonly<Record<string, ReasonSpec>>;
