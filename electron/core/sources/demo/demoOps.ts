/**
 * ClusterOps on the simulated API server: merge patch, eviction (policy/v1, PDB-checked),
 * delete, scale, access review. Validation and error messages follow the API server's
 * (404 `pods "x" not found`, 422 `… is invalid: …`, 429-style eviction refusal, 403 Forbidden).
 * `dryRun` runs every check and returns the would-be result without changing anything.
 *
 * Changes are synchronous; the controllers react on the next simulation step (within one
 * virtual second), as real controllers react to the watch shortly after the write.
 */
import type { AccessCheck, ClusterOps, EvictionOutcome, WriteOptions } from '../clusterSource';
import { SourceError } from '../clusterSource';
import type { KubeObject, ObjectRef, PyTorchJob, ResourceKind, V1Node, V1Service } from '../../k8s/objects';
import { objectKey } from '../../k8s/objects';
import type { Simulation } from './simulation';
import { applyMergePatch } from './mergePatch';
import { deletePod, matches } from './podLifecycle';
import { reconcileNoExecute } from './nodeLifecycle';
import { deleteBatchJob, updatePdbStatus } from './workloadControllers';
import { deleteNode } from './podGc';
import { invalidMessage, validateNodeTaints } from './apiValidation';

export const DEMO_USER = 'demo-operator';

/** An access pattern: every field given must match ('*' matches anything). */
export type AccessPattern = { [K in keyof AccessCheck]?: string };
export interface DemoRbac { deny: AccessPattern[] }

const RESOURCES: Record<ResourceKind, { group: string; resource: string; namespaced: boolean }> = {
  Node: { group: '', resource: 'nodes', namespaced: false },
  Pod: { group: '', resource: 'pods', namespaced: true },
  Event: { group: '', resource: 'events', namespaced: true },
  Deployment: { group: 'apps', resource: 'deployments', namespaced: true },
  Service: { group: '', resource: 'services', namespaced: true },
  PodDisruptionBudget: { group: 'policy', resource: 'poddisruptionbudgets', namespaced: true },
  Job: { group: 'batch', resource: 'jobs', namespaced: true },
  PyTorchJob: { group: 'kubeflow.org', resource: 'pytorchjobs', namespaced: true },
  // Not served by the simulator (its store of these stays empty: NotFound, as on a cluster without the CRD).
  JobSet: { group: 'jobset.x-k8s.io', resource: 'jobsets', namespaced: true },
  VolcanoJob: { group: 'batch.volcano.sh', resource: 'jobs', namespaced: true },
  RayJob: { group: 'ray.io', resource: 'rayjobs', namespaced: true },
  KueueWorkload: { group: 'kueue.x-k8s.io', resource: 'workloads', namespaced: true },
};

/** `nodes`, `deployments.apps`: how the API server names a resource in NotFound, Forbidden and Conflict messages. */
function qualifiedResource(kind: ResourceKind): string {
  const r = RESOURCES[kind];
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** `Node`, `Deployment.apps`: how it names a kind in Invalid messages. */
function qualifiedKind(kind: ResourceKind): string {
  const g = RESOURCES[kind].group;
  return g ? `${kind}.${g}` : kind;
}
const PDB_MESSAGE = "Cannot evict pod as it would violate the pod's disruption budget.";

export class DemoOps implements ClusterOps {
  constructor(
    private readonly sim: Simulation,
    private readonly rbac: DemoRbac | undefined,
    /** Publishes the watch events of a write (flush to the sink). */
    private readonly afterChange: () => void,
  ) {}

  async whoAmI(): Promise<string> {
    return DEMO_USER;
  }

  async canI(check: AccessCheck): Promise<{ allowed: boolean; reason?: string }> {
    const denied = this.denied(check);
    return denied ? { allowed: false, reason: denied } : { allowed: true };
  }

  private denied(check: AccessCheck): string | undefined {
    for (const p of this.rbac?.deny ?? []) {
      let all = true;
      for (const k of Object.keys(p) as (keyof AccessCheck)[]) {
        const want = p[k];
        if (want === undefined || want === '*') continue;
        if ((check[k] ?? '') !== want) {
          all = false;
          break;
        }
      }
      if (all) {
        const res = check.subresource ? `${check.resource}/${check.subresource}` : check.resource;
        const where = check.namespace ? `in the namespace "${check.namespace}"` : 'at the cluster scope';
        return `User "${DEMO_USER}" cannot ${check.verb} resource "${res}" in API group "${check.group}" ${where}`;
      }
    }
    return undefined;
  }

  private authorize(kind: ResourceKind, verb: string, name: string, namespace?: string, subresource?: string): void {
    const r = RESOURCES[kind];
    const why = this.denied({ verb, group: r.group, resource: r.resource, subresource, namespace });
    if (why) throw new SourceError(`${qualifiedResource(kind)} "${name}" is forbidden: ${why}`, 403, 'Forbidden');
  }

  private notFound(kind: ResourceKind, name: string): SourceError {
    return new SourceError(`${qualifiedResource(kind)} "${name}" not found`, 404, 'NotFound');
  }

  private invalid(kind: ResourceKind, name: string, ...errors: string[]): SourceError {
    return new SourceError(invalidMessage(qualifiedKind(kind), name, errors), 422, 'Invalid');
  }

  /**
   * What is checked before the request reaches the API server, as KubeOps does: a kind the
   * console knows, and a namespace for namespaced kinds (400 BadRequest, same messages).
   */
  private checkRef(ref: ObjectRef): void {
    const r = (RESOURCES as Partial<Record<string, (typeof RESOURCES)[ResourceKind]>>)[ref.kind];
    if (!r) throw new SourceError(`Unknown kind ${String(ref.kind)}`, 400, 'BadRequest');
    if (r.namespaced && !ref.namespace) throw new SourceError(`${ref.kind} ${ref.name}: a namespace is required`, 400, 'BadRequest');
  }

  private get(ref: ObjectRef): KubeObject {
    this.checkRef(ref);
    const ns = RESOURCES[ref.kind].namespaced ? ref.namespace : undefined;
    const obj = this.sim.store.get(ref.kind, ns, ref.name);
    if (!obj) throw this.notFound(ref.kind, ref.name);
    return obj;
  }

  async mergePatch(ref: ObjectRef, patch: Record<string, unknown>, opts: WriteOptions): Promise<KubeObject> {
    if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new SourceError('the patch must be a JSON object', 400, 'BadRequest');
    this.checkRef(ref);
    this.authorize(ref.kind, 'patch', ref.name, ref.namespace);
    const cur = this.get(ref);
    // metadata.resourceVersion in the patch is a precondition (optimistic concurrency).
    const wantRv = (patch.metadata as { resourceVersion?: unknown } | null | undefined)?.resourceVersion;
    if (typeof wantRv === 'string' && wantRv !== '' && wantRv !== cur.metadata?.resourceVersion) {
      throw new SourceError(`Operation cannot be fulfilled on ${qualifiedResource(ref.kind)} "${ref.name}": the object has been modified; please apply your changes to the latest version and try again`, 409, 'Conflict');
    }
    const next = applyMergePatch(cur, patch) as KubeObject;
    if (next.metadata && cur.metadata) next.metadata.resourceVersion = cur.metadata.resourceVersion;
    this.validate(ref, cur, next);
    const specChanged = JSON.stringify((cur as { spec?: unknown }).spec) !== JSON.stringify((next as { spec?: unknown }).spec);
    if (specChanged && ['Deployment', 'PodDisruptionBudget', 'PyTorchJob', 'Job'].includes(ref.kind)) {
      next.metadata!.generation = (cur.metadata?.generation ?? 1) + 1;
    }
    if (ref.kind === 'Node') stampNoExecute(cur as V1Node, next as V1Node, this.sim.now);
    if (opts.dryRun) return next;
    this.sim.store.replace(ref.kind, next);
    this.react(ref, cur, next);
    this.afterChange();
    return this.sim.store.get(ref.kind, next.metadata?.namespace, ref.name)!;
  }

  private validate(ref: ObjectRef, cur: KubeObject, next: KubeObject): void {
    const m0 = cur.metadata!;
    const m1 = next.metadata;
    if (!m1 || m1.name !== m0.name || m1.namespace !== m0.namespace || m1.uid !== m0.uid) {
      throw this.invalid(ref.kind, ref.name, 'metadata.name, metadata.namespace and metadata.uid: field is immutable');
    }
    if ((next as { kind?: string }).kind !== (cur as { kind?: string }).kind || (next as { apiVersion?: string }).apiVersion !== (cur as { apiVersion?: string }).apiVersion) {
      throw this.invalid(ref.kind, ref.name, 'kind and apiVersion may not change');
    }
    for (const where of ['labels', 'annotations'] as const) {
      for (const [k, v] of Object.entries(m1[where] ?? {})) {
        if (typeof v !== 'string') throw this.invalid(ref.kind, ref.name, `metadata.${where}.${k}: Invalid value: must be a string`);
      }
    }
    switch (ref.kind) {
      case 'Node': {
        const spec = (next as V1Node).spec ?? {};
        if (spec.unschedulable !== undefined && typeof spec.unschedulable !== 'boolean') throw this.invalid('Node', ref.name, 'spec.unschedulable: Invalid value: must be a boolean');
        if (spec.taints !== undefined && !Array.isArray(spec.taints)) throw this.invalid('Node', ref.name, 'spec.taints: Invalid value: must be a list');
        const errors = validateNodeTaints(spec.taints ?? []);
        if (errors.length) throw this.invalid('Node', ref.name, ...errors);
        break;
      }
      case 'Pod':
        if (JSON.stringify((cur as { spec?: unknown }).spec) !== JSON.stringify((next as { spec?: unknown }).spec)) {
          throw this.invalid('Pod', ref.name, 'spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations), `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)');
        }
        break;
      case 'Service': {
        const sel = (next as V1Service).spec?.selector ?? {};
        for (const [k, v] of Object.entries(sel)) if (typeof v !== 'string') throw this.invalid('Service', ref.name, `spec.selector.${k}: Invalid value: must be a string`);
        break;
      }
      case 'Deployment': {
        const r = (next as { spec?: { replicas?: unknown } }).spec?.replicas;
        if (r !== undefined && (!Number.isInteger(r) || (r as number) < 0)) throw this.invalid('Deployment', ref.name, `spec.replicas: Invalid value: ${JSON.stringify(r)}: must be greater than or equal to 0`);
        break;
      }
      case 'PyTorchJob': {
        const job = next as PyTorchJob;
        const w = job.spec?.pytorchReplicaSpecs?.Worker?.replicas;
        if (w !== undefined) this.checkWorkers(job, w, ref.name);
        break;
      }
      default:
        break;
    }
  }

  private checkWorkers(job: PyTorchJob, replicas: unknown, name: string): void {
    if (!Number.isInteger(replicas) || (replicas as number) < 0) {
      throw this.invalid('PyTorchJob', name, `spec.pytorchReplicaSpecs[Worker].replicas: Invalid value: ${JSON.stringify(replicas)}: must be a non-negative integer`);
    }
    const cur = this.sim.store.get('PyTorchJob', job.metadata.namespace, name);
    const before = cur?.spec.pytorchReplicaSpecs.Worker?.replicas;
    const ep = job.spec.elasticPolicy;
    if (replicas === before) return;
    if (!ep) throw this.invalid('PyTorchJob', name, 'spec.pytorchReplicaSpecs[Worker].replicas: Forbidden: the job has no elasticPolicy; a gang job cannot change its worker count while running');
    const min = ep.minReplicas ?? 1;
    const max = ep.maxReplicas ?? min;
    if ((replicas as number) < min || (replicas as number) > max) {
      throw this.invalid('PyTorchJob', name, `spec.pytorchReplicaSpecs[Worker].replicas: Invalid value: ${replicas}: must be between elasticPolicy.minReplicas (${min}) and elasticPolicy.maxReplicas (${max})`);
    }
  }

  /** What watchers of the written object do next. */
  private react(ref: ObjectRef, cur: KubeObject, next: KubeObject): void {
    const sim = this.sim;
    const key = objectKey(next.metadata?.namespace, ref.name);
    switch (ref.kind) {
      case 'Node': {
        const node = sim.nodes.get(ref.name);
        if (node) {
          sim.capacityChanged = true;
          sim.dirty.nodes.add(node.name); // the node lifecycle controller's NoSchedule tainting pass
          reconcileNoExecute(sim, node);
        }
        break;
      }
      case 'Deployment': sim.dirty.deployments.add(key); break;
      case 'PyTorchJob': sim.dirty.training.add(key); break;
      case 'Job': sim.dirty.batch.add(key); break;
      case 'PodDisruptionBudget': {
        const pdb = sim.pdbs.get(key);
        if (pdb) {
          pdb.matchLabels = (next as { spec?: { selector?: { matchLabels?: Record<string, string> } } }).spec?.selector?.matchLabels ?? {};
          pdb.pods.clear();
          for (const pk of sim.podsByNs(pdb.ns)) {
            if (matches(pdb.matchLabels, sim.store.getByKey('Pod', pk)?.metadata?.labels)) pdb.pods.add(pk);
          }
          sim.dirty.pdbs.add(key);
          sim.updatePdbs();
        }
        break;
      }
      case 'Pod': {
        if (JSON.stringify(cur.metadata?.labels) !== JSON.stringify(next.metadata?.labels)) {
          for (const pdb of sim.pdbsByNs.get(next.metadata!.namespace!) ?? []) {
            const has = matches(pdb.matchLabels, next.metadata?.labels);
            if (has !== pdb.pods.has(key)) {
              if (has) pdb.pods.add(key);
              else pdb.pods.delete(key);
              sim.dirty.pdbs.add(pdb.key);
            }
          }
          sim.updatePdbs();
        }
        break;
      }
      default:
        break;
    }
  }

  async evictPod(namespace: string, name: string, opts: WriteOptions & { gracePeriodSeconds?: number }): Promise<EvictionOutcome> {
    this.authorize('Pod', 'create', name, namespace, 'eviction');
    const sim = this.sim;
    const ps = sim.pods.get(`${namespace}/${name}`);
    if (!ps) return { outcome: 'not-found' };
    // canIgnorePDB: a pod that is Pending, finished or already being deleted is deleted without
    // asking its budget (a terminating pod's deletion is only shortened by a smaller grace period).
    const ignoresPdb = ps.deleting || ps.state === 'Pending' || ps.state === 'Creating' || ps.state === 'Succeeded' || ps.state === 'Failed';
    if (!ignoresPdb) {
      const pdbs = (sim.pdbsByNs.get(namespace) ?? []).filter((p) => p.pods.has(ps.key));
      if (pdbs.length > 1) {
        // Answered as a Status object with code 500 and no reason.
        throw new SourceError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', 500, 'InternalServerError');
      }
      if (pdbs.length === 1) {
        // The API server reads the budget's status as the disruption controller last wrote it.
        const st = sim.store.getByKey('PodDisruptionBudget', pdbs[0].key)?.status;
        const current = st?.currentHealthy ?? 0;
        const desired = st?.desiredHealthy ?? 0;
        // A pod that is not Ready may go while the budget is met (it does not count as healthy).
        const unreadyOk = !ps.ready && current >= desired && desired > 0;
        if (!unreadyOk && (st?.disruptionsAllowed ?? 0) <= 0) {
          // KubeOps appends the Status cause to the message, as here.
          return { outcome: 'blocked', reason: `${PDB_MESSAGE} (The disruption budget ${pdbs[0].name} needs ${desired} healthy pods and has ${current} currently)` };
        }
      }
    }
    if (opts.dryRun) return { outcome: 'evicted' };
    if (ps.deleting && opts.gracePeriodSeconds === undefined) return { outcome: 'evicted' };
    ps.lastFailure = ps.lastFailure ?? `evicted (${namespace}/${name})`;
    // No Event: the API server records none for an eviction (the kubelet's Killing follows).
    deletePod(sim, ps, opts.gracePeriodSeconds, { reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
    for (const pdb of sim.pdbsByNs.get(namespace) ?? []) if (pdb.pods.has(ps.key)) updatePdbStatus(sim, pdb);
    this.afterChange();
    return { outcome: 'evicted' };
  }

  /**
   * DELETE of one object. A Node goes at once (DELETED watch event, `RemovingNode` Event); the
   * pods bound to it stay until the pod garbage collector force-deletes them 41–60 s later and
   * their controllers replace them elsewhere (podGc.ts). Deleting a Deployment, Job or
   * PyTorchJob deletes its pods (background propagation, as KubeOps asks).
   */
  async delete(ref: ObjectRef, opts: WriteOptions & { gracePeriodSeconds?: number }): Promise<void> {
    this.checkRef(ref);
    this.authorize(ref.kind, 'delete', ref.name, ref.namespace);
    const sim = this.sim;
    const obj = this.get(ref);
    const key = objectKey(obj.metadata?.namespace, ref.name);
    if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)) {
      throw new SourceError('gracePeriodSeconds must be a non-negative integer', 422, 'Invalid');
    }
    if (opts.dryRun) return;
    switch (ref.kind) {
      case 'Node': {
        const node = sim.nodes.get(ref.name);
        if (node) deleteNode(sim, node);
        else sim.store.remove('Node', key);
        break;
      }
      case 'Pod': {
        const ps = sim.pods.get(key);
        if (ps) {
          ps.lastFailure = `pod ${ref.name} deleted`;
          deletePod(sim, ps, opts.gracePeriodSeconds);
        }
        break;
      }
      case 'PyTorchJob': {
        const tj = sim.training.get(key);
        if (tj) {
          for (const pk of tj.pods.values()) {
            const ps = sim.pods.get(pk);
            if (ps) deletePod(sim, ps, opts.gracePeriodSeconds);
          }
          sim.training.delete(key);
        }
        sim.store.remove('PyTorchJob', key);
        break;
      }
      case 'Deployment': {
        const dep = sim.deployments.get(key);
        if (dep) {
          for (const pk of dep.pods) {
            const ps = sim.pods.get(pk);
            if (ps) deletePod(sim, ps, opts.gracePeriodSeconds);
          }
          sim.deployments.delete(key);
        }
        sim.store.remove('Deployment', key);
        break;
      }
      case 'Job': {
        const b = sim.batch.get(key);
        if (b && b.cron.current === key && b.cron.nextRunAt === undefined) b.cron.nextRunAt = sim.now + b.cron.plan.gapSec * 1000;
        deleteBatchJob(sim, key);
        sim.store.remove('Job', key);
        break;
      }
      case 'Service':
        sim.inference.delete(key);
        sim.store.remove('Service', key);
        break;
      case 'PodDisruptionBudget':
        sim.removePdb(key);
        break;
      case 'Event':
        sim.store.remove('Event', key);
        sim.events.forget(key);
        break;
      default:
        throw new SourceError(`the demo cluster cannot delete ${String(ref.kind)} objects`, 405, 'MethodNotAllowed');
    }
    this.afterChange();
  }

  /**
   * The same requests as KubeOps.scale, so the same RBAC verbs: Deployment → PATCH of the scale
   * subresource (`patch deployments/scale`), PyTorchJob → merge patch of the Worker replicas
   * (`patch pytorchjobs`), Job → merge patch of spec.parallelism (`patch jobs`).
   */
  async scale(ref: ObjectRef, replicas: number, opts: WriteOptions): Promise<void> {
    if (!Number.isInteger(replicas) || replicas < 0) throw new SourceError(`replicas must be a non-negative integer, got ${replicas}`, 422, 'Invalid');
    this.checkRef(ref);
    if (ref.kind === 'Deployment') {
      this.authorize('Deployment', 'patch', ref.name, ref.namespace, 'scale');
      this.get(ref);
      if (opts.dryRun) return;
      this.sim.store.mutate('Deployment', objectKey(ref.namespace, ref.name), (d) => {
        d.spec!.replicas = replicas;
        d.metadata!.generation = (d.metadata?.generation ?? 1) + 1;
      });
      this.sim.dirty.deployments.add(objectKey(ref.namespace, ref.name));
      this.afterChange();
      return;
    }
    if (ref.kind === 'PyTorchJob') {
      this.authorize('PyTorchJob', 'patch', ref.name, ref.namespace);
      const job = this.get(ref) as PyTorchJob;
      this.checkWorkers(job, replicas, ref.name);
      if (opts.dryRun) return;
      this.sim.store.mutate('PyTorchJob', objectKey(ref.namespace, ref.name), (j) => {
        if (j.spec.pytorchReplicaSpecs.Worker) j.spec.pytorchReplicaSpecs.Worker.replicas = replicas;
        j.metadata!.generation = (j.metadata?.generation ?? 1) + 1;
      });
      this.sim.dirty.training.add(objectKey(ref.namespace, ref.name));
      this.afterChange();
      return;
    }
    if (ref.kind === 'Job') {
      this.authorize('Job', 'patch', ref.name, ref.namespace);
      this.get(ref);
      if (opts.dryRun) return;
      const key = objectKey(ref.namespace, ref.name);
      this.sim.store.mutate('Job', key, (j) => {
        j.spec!.parallelism = replicas;
        j.metadata!.generation = (j.metadata?.generation ?? 1) + 1;
      });
      const b = this.sim.batch.get(key);
      if (b) {
        b.parallelism = replicas;
        this.sim.dirty.batch.add(key);
      }
      this.afterChange();
      return;
    }
    throw new SourceError(`${ref.kind} cannot be scaled`, 400, 'BadRequest');
  }
}

/** The API server stamps timeAdded on NoExecute taints (tolerationSeconds count from it). */
function stampNoExecute(cur: V1Node, next: V1Node, now: number): void {
  const before = new Map((cur.spec?.taints ?? []).map((t) => [`${t.key}:${t.effect}`, t]));
  for (const t of next.spec?.taints ?? []) {
    if (t.effect !== 'NoExecute') continue;
    const prev = before.get(`${t.key}:${t.effect}`);
    if (prev?.timeAdded) t.timeAdded = prev.timeAdded;
    else if (!t.timeAdded) t.timeAdded = new Date(now);
    else t.timeAdded = new Date(t.timeAdded as unknown as string);
  }
}

