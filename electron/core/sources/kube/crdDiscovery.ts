/**
 * Which training-workload CRDs the cluster serves, from API discovery (GET /apis, then the
 * resource list of each candidate group version). Absence is the normal case on most
 * clusters and is silent; a group version that fails to answer (an aggregated API that is
 * down) counts as absent rather than as an error of the whole source.
 */
import type { KubeHttp } from './kubeHttp';
import { KubeRequestError } from './kubeErrors';
import { TRAINING_CRDS, groupVersionPath, type TrainingCrd } from './resourceKinds';

export interface DetectedCrd { kind: string; group: string; version: string; plural: string; crd: TrainingCrd }

interface ApiGroupList { groups?: { name?: string; versions?: { version?: string }[]; preferredVersion?: { version?: string } }[] }
interface ApiResourceList { resources?: { name?: string; kind?: string }[] }

/** "PyTorchJob (kubeflow.org/v1)", the form detectedCrds() reports. */
export function describeCrd(d: DetectedCrd): string {
  return `${d.kind} (${d.group}/${d.version})`;
}

export async function discoverTrainingCrds(http: KubeHttp, signal?: AbortSignal): Promise<DetectedCrd[]> {
  const list = (await http.get('/apis', { signal, timeoutMs: 15_000 })) as ApiGroupList;
  const groups = new Map<string, { versions: string[]; preferred?: string }>();
  for (const g of Array.isArray(list?.groups) ? list.groups : []) {
    if (typeof g?.name !== 'string') continue;
    const versions = (g.versions ?? []).map((v) => v?.version).filter((v): v is string => typeof v === 'string');
    groups.set(g.name, { versions, preferred: g.preferredVersion?.version });
  }
  const found: DetectedCrd[] = [];
  for (const crd of TRAINING_CRDS) {
    const g = groups.get(crd.group);
    if (!g) continue;
    // Only versions whose schema we read count: a JobSet v1 we have never seen is not a v1alpha2.
    const candidates = crd.versions.filter((v) => g.versions.includes(v));
    for (const version of candidates) {
      let resources: ApiResourceList;
      try {
        resources = (await http.get(groupVersionPath(crd.group, version), { signal, timeoutMs: 15_000 })) as ApiResourceList;
      } catch (err) {
        if (err instanceof KubeRequestError && err.failure === 'status') continue;
        throw err;
      }
      const r = (resources?.resources ?? []).find((x) => x?.name === crd.plural);
      if (r) {
        found.push({ kind: crd.kind, group: crd.group, version, plural: crd.plural, crd });
        break;
      }
    }
  }
  return found;
}
