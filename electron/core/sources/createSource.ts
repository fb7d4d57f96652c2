/**
 * Picks the ClusterSource for a request. The only place that knows both implementations.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SourceRequest } from '../../../shared/contract';
import { reasonOf } from '../../../shared/reasons';
import type { ReasonView } from '../../../shared/views';
import type { ClusterSource } from './clusterSource';
import { DemoSource } from './demo/demoSource';
import { KubeSource } from './kube/kubeSource';
import { listKubeContexts, type KubeContextSummary } from './kube/kubeconfig';

export interface CreateSourceOptions { kubeconfig?: string; prometheusUrl?: string; realtime: boolean }

export function createSource(req: SourceRequest, opts: CreateSourceOptions): ClusterSource {
  if (req.kind === 'demo') return new DemoSource({ preset: req.preset, seed: req.seed, realtime: opts.realtime });
  return new KubeSource({ kubeconfig: req.kubeconfig ?? opts.kubeconfig, context: req.context, prometheusUrl: opts.prometheusUrl });
}

export function isDemoSource(source: ClusterSource): source is DemoSource {
  return source instanceof DemoSource;
}

/** Contexts of the kubeconfig; a broken or missing file becomes a message, never a crash. */
export function listKubeContextsSafe(kubeconfig?: string): { contexts: KubeContextSummary[]; error?: string; errorCodes?: ReasonView[] } {
  // No cluster configured at all is normal (the demo is the default), not an error to show.
  if (!kubeconfig && !process.env.KUBECONFIG && !fs.existsSync(path.join(os.homedir(), '.kube', 'config'))) return { contexts: [] };
  try {
    const { contexts, problems } = listKubeContexts(kubeconfig);
    return problems.length > 0 ? { contexts, error: problems.map((p) => p.text).join(' '), errorCodes: problems.map((p) => p.code) } : { contexts };
  } catch (err) {
    const error = (err as Error).message;
    return { contexts: [], error, errorCodes: [(err as { reasonCode?: ReasonView }).reasonCode ?? reasonOf('source.message', { message: error })] };
  }
}
