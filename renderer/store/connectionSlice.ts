import type { StateCreator } from 'zustand';
import type { SourceList } from '../../shared/contract';
import type { ConnectionStatus } from '../../shared/views';
import type { ShownError } from '../api/backendError';
import type { LinkInfo } from '../api/link';
import type { BulwarkState } from './index';

/** A failed subscribe, clock change or source switch (`connect`: the banner says the switch failed). */
export interface SyncError extends ShownError {
  during?: 'connect';
}

export interface ConnectionSlice {
  link: LinkInfo;
  status?: ConnectionStatus;
  sources?: SourceList;
  /** Why listing sources failed, if it did. */
  sourcesError?: ShownError;
  /** Wall-clock time the last delta arrived (ms epoch): evidence the data is flowing. */
  lastDeltaAt?: number;
  /** Last failure of subscribe/connect, shown in the banner. */
  syncError?: SyncError;
  /** A `connect` call is in flight. */
  switching: boolean;
  setLink(link: LinkInfo): void;
  setStatus(status: ConnectionStatus): void;
  setSources(sources: SourceList | undefined, error?: ShownError): void;
  noteDelta(at: number): void;
  setSyncError(error: SyncError | undefined): void;
  setSwitching(on: boolean): void;
}

export const createConnectionSlice: StateCreator<BulwarkState, [], [], ConnectionSlice> = (set) => ({
  link: { kind: 'ws', state: 'connecting', generation: 0 },
  switching: false,
  setLink: (link) => set({ link }),
  setStatus: (status) => set({ status }),
  setSources: (sources, error) => set({ sources, sourcesError: error }),
  noteDelta: (at) => set({ lastDeltaAt: at }),
  setSyncError: (error) => set({ syncError: error }),
  setSwitching: (on) => set({ switching: on }),
});
