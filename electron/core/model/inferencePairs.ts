/**
 * Inference services served by a primary/standby pair of Deployments. A v1 Service names the
 * pair with the annotations bulwark.io/primary-deployment and bulwark.io/standby-deployment and
 * routes traffic to one side with its selector on bulwark.io/serving-role. The pair is one
 * workload, keyed by the primary Deployment; the standby is folded into it (never listed on
 * its own, its pods and GPUs count for the primary's key).
 */
import type { V1Service } from '../k8s/objects';
import { ANNOTATIONS, LABELS } from '../../../shared/conventions';
import { stringMap, validName } from './kubeValues';
import { workloadKey } from './workloadOwner';

/** Per-Deployment annotations the inference views read (not yet in shared/conventions.ts). */
export const INFERENCE_ANNOTATIONS = {
  rps: 'bulwark.io/rps',
  latencyP50: 'bulwark.io/latency-p50-ms',
  latencyP99: 'bulwark.io/latency-p99-ms',
  /** Optional p99 latency objective; a p99 above it marks the service degraded. */
  latencySloP99: 'bulwark.io/latency-slo-p99-ms',
} as const;

export interface ServicePair {
  /** Service object key "ns/name". */
  service: string;
  namespace: string;
  primary: string;
  standby: string | undefined;
  activeRole: 'primary' | 'standby';
}

export function servicePairOf(svc: V1Service, key: string): ServicePair | undefined {
  const ann = stringMap(svc?.metadata?.annotations);
  const primary = ann[ANNOTATIONS.primaryDeployment];
  if (!validName(primary)) return undefined;
  const standby = ann[ANNOTATIONS.standbyDeployment];
  const selector = stringMap(svc.spec?.selector);
  return {
    service: key,
    namespace: key.slice(0, key.indexOf('/')),
    primary,
    standby: validName(standby) && standby !== primary ? standby : undefined,
    activeRole: selector[LABELS.servingRole] === 'standby' ? 'standby' : 'primary',
  };
}

export class InferencePairs {
  private readonly byService = new Map<string, ServicePair>();
  /** Deployment workload key → its pair and side. */
  private readonly byDeployment = new Map<string, { pair: ServicePair; role: 'primary' | 'standby' }>();

  /** Sets (or clears, with undefined) the pair of a Service; returns the Deployment workload keys whose role changed. */
  setService(key: string, pair: ServicePair | undefined): string[] {
    const affected: string[] = [];
    const old = this.byService.get(key);
    if (old && pair && old.primary === pair.primary && old.standby === pair.standby && old.activeRole === pair.activeRole) return affected;
    if (old) {
      for (const k of this.keysOf(old)) {
        if (k === undefined) continue;
        if (this.byDeployment.get(k)?.pair === old) this.byDeployment.delete(k);
        affected.push(k);
      }
      this.byService.delete(key);
    }
    if (pair) {
      this.byService.set(key, pair);
      const [p, s] = this.keysOf(pair);
      this.byDeployment.set(p, { pair, role: 'primary' });
      if (s) this.byDeployment.set(s, { pair, role: 'standby' });
      affected.push(p);
      if (s) affected.push(s);
    }
    return affected;
  }

  keysOf(pair: ServicePair): [string, string | undefined] {
    return [
      workloadKey('Deployment', pair.namespace, pair.primary),
      pair.standby ? workloadKey('Deployment', pair.namespace, pair.standby) : undefined,
    ];
  }

  ofDeployment(workload: string): { pair: ServicePair; role: 'primary' | 'standby' } | undefined {
    return this.byDeployment.size === 0 ? undefined : this.byDeployment.get(workload);
  }

  /** The listed workload key for a raw owner key (a standby folds into its primary). */
  resolve(owner: string): string {
    if (this.byDeployment.size === 0) return owner;
    const d = this.byDeployment.get(owner);
    return d && d.role === 'standby' ? this.keysOf(d.pair)[0] : owner;
  }
}
