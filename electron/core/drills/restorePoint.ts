/**
 * What a drill may change and must put back: node schedulability and operator taints,
 * replica counts of training jobs and Deployments, and which side an inference Service
 * selects. Captured when a drill starts; restored on the demo when it ends (so the next drill
 * starts from the same cluster). On a live cluster the engine only undoes its own faults and
 * never reverts what the operator did.
 */
import type { Localized } from '../../../shared/explainers/types';
import type { ModelReader } from '../model/modelApi';
import type { ClusterOps } from '../sources/clusterSource';
import { isSystemTaint } from './clusterFacts';

interface TaintLike { key: string; value?: string; effect: string }

export interface RestorePoint {
  nodes: Map<string, { unschedulable: boolean; taints: TaintLike[] }>;
  trainingWorkers: Map<string, number>;
  deploymentReplicas: Map<string, number>;
  serviceSelectors: Map<string, Record<string, string>>;
}

function operatorTaints(taints: readonly TaintLike[] | undefined): TaintLike[] {
  return (taints ?? []).filter((t) => !isSystemTaint(t.key)).map((t) => ({ key: t.key, value: t.value, effect: t.effect }));
}

function sameTaints(a: readonly TaintLike[], b: readonly TaintLike[]): boolean {
  const id = (t: TaintLike) => `${t.key}=${t.value ?? ''}:${t.effect}`;
  return JSON.stringify(a.map(id).sort()) === JSON.stringify(b.map(id).sort());
}

export function captureRestorePoint(model: ModelReader): RestorePoint {
  const rp: RestorePoint = { nodes: new Map(), trainingWorkers: new Map(), deploymentReplicas: new Map(), serviceSelectors: new Map() };
  for (const n of model.nodes()) {
    const obj = model.nodeObject(n.name);
    rp.nodes.set(n.name, { unschedulable: obj?.spec?.unschedulable === true, taints: operatorTaints(obj?.spec?.taints as TaintLike[] | undefined) });
  }
  for (const j of model.list('PyTorchJob')) {
    const w = j.spec?.pytorchReplicaSpecs?.Worker?.replicas;
    if (typeof w === 'number') rp.trainingWorkers.set(`${j.metadata.namespace}/${j.metadata.name}`, w);
  }
  for (const d of model.list('Deployment')) {
    if (typeof d.spec?.replicas === 'number') rp.deploymentReplicas.set(`${d.metadata?.namespace}/${d.metadata?.name}`, d.spec.replicas);
  }
  for (const s of model.list('Service')) {
    if (s.spec?.selector) rp.serviceSelectors.set(`${s.metadata?.namespace}/${s.metadata?.name}`, { ...s.spec.selector });
  }
  return rp;
}

/**
 * Puts back what changed since the restore point. Returns one line per change (or failure) and
 * the steps that must wait for the cluster to converge first.
 */
export async function restore(rp: RestorePoint, model: ModelReader, ops: ClusterOps): Promise<{ done: Localized[]; deferred: DeferredRestore[] }> {
  const done: Localized[] = [];
  const attempt = async (what: Localized, fn: () => Promise<unknown>) => {
    try {
      await fn();
      done.push(what);
    } catch (err) {
      const msg = (err as Error).message;
      done.push({ en: `${what.en} failed: ${msg}`, 'zh-CN': `${what['zh-CN']}失败：${msg}` });
    }
  };
  for (const [name, was] of rp.nodes) {
    const obj = model.nodeObject(name);
    if (!obj) continue;
    const taints = (obj.spec?.taints ?? []) as TaintLike[];
    const now = { unschedulable: obj.spec?.unschedulable === true, taints: operatorTaints(taints) };
    if (now.unschedulable === was.unschedulable && sameTaints(now.taints, was.taints)) continue;
    const system = taints.filter((t) => isSystemTaint(t.key));
    const spec: Record<string, unknown> = { unschedulable: was.unschedulable ? true : null };
    if (!sameTaints(now.taints, was.taints)) spec.taints = [...was.taints, ...system];
    const cordon = now.unschedulable !== was.unschedulable;
    const taint = !sameTaints(now.taints, was.taints);
    const en = [cordon ? (was.unschedulable ? 'cordoned' : 'uncordoned') : '', taint ? 'taints restored' : ''].filter(Boolean).join(', ');
    const zh = [cordon ? (was.unschedulable ? '已重新封锁' : '已解除封锁') : '', taint ? '污点已还原' : ''].filter(Boolean).join('，');
    await attempt({ en: `${name} ${en}`, 'zh-CN': `${name} ${zh}` }, () => ops.mergePatch({ kind: 'Node', name }, { spec }, { dryRun: false }));
  }
  for (const j of model.list('PyTorchJob')) {
    const key = `${j.metadata.namespace}/${j.metadata.name}`;
    const was = rp.trainingWorkers.get(key);
    const cur = j.spec?.pytorchReplicaSpecs?.Worker?.replicas;
    if (was === undefined || cur === undefined || was === cur) continue;
    const ref = { kind: 'PyTorchJob' as const, namespace: j.metadata.namespace ?? 'default', name: j.metadata.name ?? '' };
    await attempt({ en: `PyTorchJob ${key} workers ${cur} → ${was}`, 'zh-CN': `PyTorchJob ${key} worker 数 ${cur} → ${was}` }, () => ops.scale(ref, was, { dryRun: false }));
  }
  for (const d of model.list('Deployment')) {
    const ns = d.metadata?.namespace ?? 'default';
    const name = d.metadata?.name ?? '';
    const was = rp.deploymentReplicas.get(`${ns}/${name}`);
    const cur = d.spec?.replicas;
    if (was === undefined || cur === undefined || was === cur) continue;
    await attempt({ en: `Deployment ${ns}/${name} replicas ${cur} → ${was}`, 'zh-CN': `Deployment ${ns}/${name} 副本数 ${cur} → ${was}` }, () => ops.scale({ kind: 'Deployment', namespace: ns, name }, was, { dryRun: false }));
  }
  const deferred: DeferredRestore[] = [];
  for (const s of model.list('Service')) {
    const ns = s.metadata?.namespace ?? 'default';
    const name = s.metadata?.name ?? '';
    const was = rp.serviceSelectors.get(`${ns}/${name}`);
    const cur = s.spec?.selector ?? {};
    if (!was || JSON.stringify(sorted(was)) === JSON.stringify(sorted(cur))) continue;
    const selector: Record<string, string | null> = { ...was };
    for (const k of Object.keys(cur)) if (!(k in was)) selector[k] = null;
    // Traffic goes back only once the side it goes back to is ready again, as a failback would.
    deferred.push({
      what: { en: `Service ${ns}/${name} selector: restored once its original side is ready`, 'zh-CN': `Service ${ns}/${name} 选择器：待原来一侧就绪后还原` },
      ready: (m) => [...m.list('Deployment')].some((d) => d.metadata?.namespace === ns && selects(was, d.spec?.template?.metadata?.labels) && (d.status?.readyReplicas ?? 0) >= Math.max(1, d.spec?.replicas ?? 1)),
      apply: (o) => o.mergePatch({ kind: 'Service', namespace: ns, name }, { spec: { selector } }, { dryRun: false }).then(() => undefined),
    });
  }
  return { done, deferred };
}

/** A restore step that must wait for the cluster (a Service goes back once its original side is ready). */
export interface DeferredRestore {
  what: Localized;
  ready(model: ModelReader): boolean;
  apply(ops: ClusterOps): Promise<void>;
}

function selects(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}


function sorted(m: Record<string, string>): [string, string][] {
  return Object.entries(m).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
