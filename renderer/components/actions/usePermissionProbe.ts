import { useEffect, useSyncExternalStore } from 'react';
import type { ActionRequest, PermissionCheck } from '../../../shared/actions';
import { useApi } from '../../api/ApiContext';
import { useBulwark } from '../../store';
import { requestKey } from './actionOffers';

/**
 * RBAC, known before the operator clicks: a panel previews one request per distinct set of
 * permissions it needs (patching the node covers cordon, taint and GPU reset; a drain also needs
 * pods/eviction…) and disables what the cluster forbids, with the reason. Answers are cached
 * for a minute across panels, so opening node after node costs a few access reviews, not a
 * storm of them. The cache is per source: the answer for a read-only user's context must not
 * stay on the buttons for a minute after the operator switches to an admin context (or back).
 */
const TTL_MS = 60_000;
const cache = new Map<string, { at: number; permission?: PermissionCheck; inflight: boolean }>();
let version = 0;
const listeners = new Set<() => void>();

function changed(): void {
  version += 1;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

const getVersion = () => version;

function cacheKey(sourceName: string, req: ActionRequest): string {
  return `${sourceName}\u0000${requestKey(req)}`;
}

export function usePermissionProbe(requests: readonly ActionRequest[]): (req: ActionRequest) => PermissionCheck | undefined {
  const api = useApi();
  const sourceName = useBulwark((s) => s.status?.source.name);
  useSyncExternalStore(subscribe, getVersion);
  useEffect(() => {
    // Until the status names the source, an answer could not be filed under the right one.
    if (sourceName === undefined) return;
    const now = Date.now();
    for (const req of requests) {
      const key = cacheKey(sourceName, req);
      const hit = cache.get(key);
      if (hit && (hit.inflight || now - hit.at < TTL_MS)) continue;
      cache.set(key, { at: now, permission: hit?.permission, inflight: true });
      api.previewAction(req).then(
        (p) => { cache.set(key, { at: Date.now(), permission: p.permission, inflight: false }); changed(); },
        () => { cache.set(key, { at: Date.now(), permission: hit?.permission, inflight: false }); },
      );
    }
  }, [api, requests, sourceName]);
  return (req) => (sourceName === undefined ? undefined : cache.get(cacheKey(sourceName, req))?.permission);
}
