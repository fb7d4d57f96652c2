import { useSyncExternalStore } from 'react';
import { formatHash, parseHash } from './hashRoute';
import type { HashRoute } from './hashRoute';

function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}

let cachedHash: string | undefined;
let cachedRoute: HashRoute = parseHash('');

function snapshot(): HashRoute {
  if (window.location.hash !== cachedHash) {
    cachedHash = window.location.hash;
    cachedRoute = parseHash(cachedHash);
  }
  return cachedRoute;
}

/** The current hash route; re-renders on navigation. */
export function useRoute(): HashRoute {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export function navigate(route: Parameters<typeof formatHash>[0] | string, opts: { replace?: boolean } = {}): void {
  const hash = typeof route === 'string' ? route : formatHash(route);
  if (window.location.hash === hash) return;
  if (opts.replace) {
    window.history.replaceState(window.history.state, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = hash;
  }
}
