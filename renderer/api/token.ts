/**
 * The headless serve prints a URL with `?token=…`. We keep the token for this tab only
 * (sessionStorage survives reloads, not new tabs) and take it out of the address bar so it is
 * not copied into screenshots, bookmarks or history.
 */
export const TOKEN_STORAGE_KEY = 'bulwark.token';

/** Splits the token off a query string; returns the remaining query ('' or '?a=b'). */
export function extractToken(search: string): { token?: string; rest: string } {
  const params = new URLSearchParams(search);
  const token = params.get('token') ?? undefined;
  params.delete('token');
  const rest = params.toString();
  return { token: token || undefined, rest: rest ? `?${rest}` : '' };
}

interface TokenEnv {
  location: Pick<Location, 'search' | 'pathname' | 'hash'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  history: Pick<History, 'replaceState' | 'state'>;
}

export function takeToken(env: TokenEnv): string | undefined {
  const { token, rest } = extractToken(env.location.search);
  if (token) {
    try { env.storage.setItem(TOKEN_STORAGE_KEY, token); } catch { /* storage disabled: keep it in memory only */ }
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${rest}${env.location.hash}`);
    return token;
  }
  try { return env.storage.getItem(TOKEN_STORAGE_KEY) ?? undefined; } catch { return undefined; }
}

export function webSocketUrl(loc: Pick<Location, 'protocol' | 'host'>, token: string | undefined): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  const q = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}//${loc.host}/api/ws${q}`;
}
