/**
 * How much to trust what is on screen. "Live" means objects arrived in the last
 * STALE_AFTER_MS; otherwise the header shows the data's age (and why, when the source or the
 * link says so) instead of letting an operator act on a silently frozen picture.
 */
import type { ConnectionStatus, ReasonView } from '../../../shared/views';
import type { LinkInfo } from '../../api/link';

export const STALE_AFTER_MS = 10_000;

export type FreshnessLevel = 'live' | 'connecting' | 'paused' | 'stale' | 'offline';

export interface Freshness {
  level: FreshnessLevel;
  /** Seconds since the data was last known current, when stale/offline and known. */
  ageSec?: number;
  /** The source's or the link's own words (error, reconnect reason). */
  message?: string;
  /** The source's sentence as a reason code, for the user's language (the link's words have none). */
  messageCode?: ReasonView;
}

export function lastKnownGood(status: ConnectionStatus | undefined, lastDeltaAt: number | undefined): number | undefined {
  const a = status?.lastSyncAt;
  if (a === undefined) return lastDeltaAt;
  if (lastDeltaAt === undefined) return a;
  return Math.max(a, lastDeltaAt);
}

export function freshness(status: ConnectionStatus | undefined, link: LinkInfo, lastDeltaAt: number | undefined, now: number): Freshness {
  const seen = lastKnownGood(status, lastDeltaAt);
  const ageSec = seen !== undefined ? Math.max(0, Math.floor((now - seen) / 1000)) : undefined;
  if (link.state !== 'open') {
    if (link.state === 'connecting' && !status) return { level: 'connecting' };
    return { level: 'offline', ageSec, message: link.error };
  }
  if (!status || status.state === 'connecting') return { level: 'connecting', message: status?.message, messageCode: status?.messageCode };
  if (status.state === 'reconnecting' || status.state === 'error' || status.state === 'stopped') {
    return { level: 'stale', ageSec, message: status.message, messageCode: status.messageCode };
  }
  if (status.clock?.paused) return { level: 'paused' };
  if (seen !== undefined && now - seen > STALE_AFTER_MS) return { level: 'stale', ageSec, message: status.message, messageCode: status.messageCode };
  return { level: 'live' };
}
