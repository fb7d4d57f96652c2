import type { ConsoleApi } from '../../shared/contract';

/** How the renderer is connected to its backend (not the cluster: that is ConnectionStatus). */
export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface LinkInfo {
  kind: 'ipc' | 'ws';
  state: LinkState;
  /** Why the link is not open (last close reason), for the banner. */
  error?: string;
  /** Next reconnect attempt (ms epoch), while reconnecting. */
  retryAt?: number;
  /** Bumped every time the link (re)opens: a new connection means a fresh subscription. */
  generation: number;
}

export interface Link {
  info(): LinkInfo;
  onChange(listener: (info: LinkInfo) => void): () => void;
  /** Reconnect now instead of waiting for the backoff timer. */
  retryNow(): void;
}

/** The backend API plus the link it travels over. */
export type ClientApi = ConsoleApi & { readonly link: Link };
