/**
 * ClusterOps against a real API server through client-node's typed clients.
 *
 * - mergePatch: `application/merge-patch+json` (RFC 7386). client-node 2.0's generated patch
 *   methods pick `application/json-patch+json` by default; the documented way to choose the
 *   strategy is a per-call header middleware: `setHeaderOptions('Content-Type', PatchStrategy.MergePatch)`.
 * - evictPod: policy/v1 Eviction (`createNamespacedPodEviction`). The API server answers 429
 *   TooManyRequests when a PodDisruptionBudget does not allow the disruption now; that is an
 *   outcome ('blocked' with the server's reason), not an error.
 * - scale: the Deployment scale subresource; PyTorchJob workers through a merge patch of
 *   spec.pytorchReplicaSpecs.Worker.replicas; a batch Job's parallelism.
 * - every write passes `dryRun=All` when asked, so the API server runs admission and
 *   validation and persists nothing.
 * Failures become SourceError(the API server's message, HTTP status, Status reason).
 */
import {
  ApiException,
  AppsV1Api,
  AuthenticationV1Api,
  AuthorizationV1Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  PolicyV1Api,
  setHeaderOptions,
  type KubeConfig,
  type V1DeleteOptions,
} from '@kubernetes/client-node';
import type { AccessCheck, ClusterOps, EvictionOutcome, WriteOptions } from '../clusterSource';
import { SourceError } from '../clusterSource';
import type { KubeObject, ObjectRef } from '../../k8s/objects';
import { KubeconfigError } from './kubeconfig';
import { credentialsRejectedMessage, KubeRequestError, networkError, parseStatus, statusText } from './kubeErrors';
import { KIND_SPECS } from './resourceKinds';

interface Clients { core: CoreV1Api; apps: AppsV1Api; batch: BatchV1Api; policy: PolicyV1Api; custom: CustomObjectsApi; authn: AuthenticationV1Api; authz: AuthorizationV1Api }

const MERGE_PATCH = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

export class KubeOps implements ClusterOps {
  private clients: Clients | undefined;
  private clientsFor: KubeConfig | undefined;

  /** `kubeConfig` may throw KubeconfigError (reported as a SourceError). */
  constructor(private readonly kubeConfig: () => KubeConfig, private readonly context: string) {}

  private api(): Clients {
    const kc = this.kubeConfig();
    if (!this.clients || this.clientsFor !== kc) {
      this.clients = {
        core: kc.makeApiClient(CoreV1Api),
        apps: kc.makeApiClient(AppsV1Api),
        batch: kc.makeApiClient(BatchV1Api),
        policy: kc.makeApiClient(PolicyV1Api),
        custom: kc.makeApiClient(CustomObjectsApi),
        authn: kc.makeApiClient(AuthenticationV1Api),
        authz: kc.makeApiClient(AuthorizationV1Api),
      };
      this.clientsFor = kc;
    }
    return this.clients;
  }

  async mergePatch(ref: ObjectRef, patch: Record<string, unknown>, opts: WriteOptions): Promise<KubeObject> {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new SourceError('the patch must be a JSON object', 400, 'BadRequest');
    const s = KIND_SPECS[ref.kind];
    if (!s) throw new SourceError(`Unknown kind ${String(ref.kind)}`, 400, 'BadRequest');
    const namespace = this.namespaceOf(ref);
    const dryRun = opts.dryRun ? 'All' : undefined;
    const { name } = ref;
    const body = patch;
    const obj = await this.call(`patch ${describe(ref)}`, async () => {
      const c = this.api();
      switch (ref.kind) {
        case 'Node': return c.core.patchNode({ name, body, dryRun }, MERGE_PATCH());
        case 'Pod': return c.core.patchNamespacedPod({ name, namespace, body, dryRun }, MERGE_PATCH());
        case 'Event': return c.core.patchNamespacedEvent({ name, namespace, body, dryRun }, MERGE_PATCH());
        case 'Service': return c.core.patchNamespacedService({ name, namespace, body, dryRun }, MERGE_PATCH());
        case 'Deployment': return c.apps.patchNamespacedDeployment({ name, namespace, body, dryRun }, MERGE_PATCH());
        case 'Job': return c.batch.patchNamespacedJob({ name, namespace, body, dryRun }, MERGE_PATCH());
        case 'PodDisruptionBudget': return c.policy.patchNamespacedPodDisruptionBudget({ name, namespace, body, dryRun }, MERGE_PATCH());
        case 'PyTorchJob':
          return c.custom.patchNamespacedCustomObject({ group: s.group, version: s.version, plural: s.plural, namespace, name, body, dryRun }, MERGE_PATCH());
      }
    });
    const o = (obj ?? {}) as { apiVersion?: string; kind?: string };
    o.apiVersion ??= s.apiVersion;
    o.kind ??= s.kind;
    return o as KubeObject;
  }

  async evictPod(namespace: string, name: string, opts: WriteOptions & { gracePeriodSeconds?: number }): Promise<EvictionOutcome> {
    const deleteOptions: V1DeleteOptions = {};
    if (opts.gracePeriodSeconds !== undefined) deleteOptions.gracePeriodSeconds = opts.gracePeriodSeconds;
    if (opts.dryRun) deleteOptions.dryRun = ['All'];
    try {
      await this.call(`evict pod ${namespace}/${name}`, () => this.api().core.createNamespacedPodEviction({
        name,
        namespace,
        dryRun: opts.dryRun ? 'All' : undefined,
        body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, deleteOptions },
      }));
      return { outcome: 'evicted' };
    } catch (err) {
      if (err instanceof SourceError && err.status === 429) return { outcome: 'blocked', reason: err.message };
      if (err instanceof SourceError && err.status === 404) return { outcome: 'not-found' };
      throw err;
    }
  }

  async delete(ref: ObjectRef, opts: WriteOptions & { gracePeriodSeconds?: number }): Promise<void> {
    const s = KIND_SPECS[ref.kind];
    if (!s) throw new SourceError(`Unknown kind ${String(ref.kind)}`, 400, 'BadRequest');
    const namespace = this.namespaceOf(ref);
    const { name } = ref;
    const dryRun = opts.dryRun ? 'All' : undefined;
    const gracePeriodSeconds = opts.gracePeriodSeconds;
    // Background propagation as kubectl uses: batch/v1 Jobs otherwise orphan their pods.
    const propagationPolicy = 'Background';
    const p = { name, dryRun, gracePeriodSeconds, propagationPolicy };
    await this.call(`delete ${describe(ref)}`, async () => {
      const c = this.api();
      switch (ref.kind) {
        case 'Node': return c.core.deleteNode(p);
        case 'Pod': return c.core.deleteNamespacedPod({ ...p, namespace });
        case 'Event': return c.core.deleteNamespacedEvent({ ...p, namespace });
        case 'Service': return c.core.deleteNamespacedService({ ...p, namespace });
        case 'Deployment': return c.apps.deleteNamespacedDeployment({ ...p, namespace });
        case 'Job': return c.batch.deleteNamespacedJob({ ...p, namespace });
        case 'PodDisruptionBudget': return c.policy.deleteNamespacedPodDisruptionBudget({ ...p, namespace });
        case 'PyTorchJob':
          return c.custom.deleteNamespacedCustomObject({
            group: s.group, version: s.version, plural: s.plural, ...p, namespace,
            body: { propagationPolicy, ...(dryRun ? { dryRun: ['All'] } : {}), ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}) },
          });
      }
    });
  }

  async scale(ref: ObjectRef, replicas: number, opts: WriteOptions): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) throw new SourceError(`replicas must be a non-negative integer, got ${replicas}`, 422, 'Invalid');
    const namespace = this.namespaceOf(ref);
    const { name } = ref;
    const dryRun = opts.dryRun ? 'All' : undefined;
    await this.call(`scale ${describe(ref)}`, async () => {
      const c = this.api();
      switch (ref.kind) {
        case 'Deployment':
          return c.apps.patchNamespacedDeploymentScale({ name, namespace, body: { spec: { replicas } }, dryRun }, MERGE_PATCH());
        case 'PyTorchJob': {
          const s = KIND_SPECS.PyTorchJob;
          return c.custom.patchNamespacedCustomObject({
            group: s.group, version: s.version, plural: s.plural, namespace, name, dryRun,
            body: { spec: { pytorchReplicaSpecs: { Worker: { replicas } } } },
          }, MERGE_PATCH());
        }
        case 'Job':
          return c.batch.patchNamespacedJob({ name, namespace, body: { spec: { parallelism: replicas } }, dryRun }, MERGE_PATCH());
        default:
          throw new SourceError(`${ref.kind} cannot be scaled`, 400, 'BadRequest');
      }
    });
  }

  async canI(check: AccessCheck): Promise<{ allowed: boolean; reason?: string }> {
    const review = await this.call('check access (SelfSubjectAccessReview)', () => this.api().authz.createSelfSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: {
          resourceAttributes: {
            verb: check.verb,
            group: check.group,
            resource: check.resource,
            ...(check.subresource ? { subresource: check.subresource } : {}),
            ...(check.namespace ? { namespace: check.namespace } : {}),
          },
        },
      },
    }));
    const st = review.status;
    const reason = st?.reason || st?.evaluationError || undefined;
    return st?.allowed ? { allowed: true, ...(reason ? { reason } : {}) } : { allowed: false, ...(reason ? { reason } : {}) };
  }

  async whoAmI(): Promise<string> {
    try {
      const review = await this.api().authn.createSelfSubjectReview({
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
      const name = review.status?.userInfo?.username;
      if (name) return name;
    } catch {
      // SelfSubjectReview is GA since 1.28; older servers (or a denied review) fall back below.
    }
    try {
      const user = this.kubeConfig().getCurrentUser();
      if (user?.name) return user.name;
    } catch {
      // A broken kubeconfig: say so in the audit log rather than fail the action.
    }
    return `unknown user (context ${this.context})`;
  }

  private namespaceOf(ref: ObjectRef): string {
    const s = KIND_SPECS[ref.kind];
    if (!s?.namespaced) return '';
    if (!ref.namespace) throw new SourceError(`${ref.kind} ${ref.name}: a namespace is required`, 400, 'BadRequest');
    return ref.namespace;
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw this.toSourceError(err, what);
    }
  }

  private toSourceError(err: unknown, what: string): SourceError {
    if (err instanceof SourceError) return err;
    if (err instanceof KubeconfigError) return new SourceError(err.message, undefined, 'KubeconfigError');
    if (err instanceof ApiException) {
      const code = err.code;
      if (code === 401) return new SourceError(credentialsRejectedMessage(this.context), 401, 'Unauthorized');
      const s = parseStatus(err.body);
      const message = s?.message?.trim() || `${what}: ${code} ${statusText(code)}`;
      const causes = (s?.details?.causes ?? []).map((c) => c.message).filter((m): m is string => !!m && !message.includes(m));
      return new SourceError(causes.length ? `${message} (${causes.join('; ')})` : message, code, s?.reason || statusText(code).replace(/ /g, ''));
    }
    if (err instanceof KubeRequestError) return new SourceError(err.message, err.status, err.reason);
    let server = 'the API server';
    try { server = this.kubeConfig().getCurrentCluster()?.server ?? server; } catch { /* reported below */ }
    const n = networkError(server, err);
    return new SourceError(`${what}: ${n.message}`, undefined, 'Unreachable');
  }
}

function describe(ref: ObjectRef): string {
  const s = KIND_SPECS[ref.kind];
  return `${s?.plural ?? ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}
