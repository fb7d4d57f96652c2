import type { StateCreator } from 'zustand';
import type { SourceList } from '../../shared/contract';
import type { ConnectionStatus } from '../../shared/views';
import type { LinkInfo } from '../api/link';
import type { BulwarkState } from './index';

export interface ConnectionSlice {
  link: LinkInfo;
  status?: ConnectionStatus;
  sources?: SourceList;
  /** Why listing sources failed, if it did. */
  sourcesError?: string;
  /** Wall-clock time the last delta arrived (ms epoch): evidence the data is flowing. */
  lastDeltaAt?: number;
  /** Last failure of subscribe/connect, shown in the banner. */
  syncError?: string;
  /** A `connect` call is in flight. */
  switching: boolean;
  setLink(link: LinkInfo): void;
  setStatus(status: ConnectionStatus): void;
  setSources(sources: SourceList | undefined, error?: string): void;
  noteDelta(at: number): void;
  setSyncError(message: string | undefined): void;
  setSwitching(on: boolean): void;
}

export const createConnectionSlice: StateCreator<BulwarkState, [], [], ConnectionSlice> = (set) => ({
  link: { kind: 'ws', state: 'connecting', generation: 0 },
  switching: false,
  setLink: (link) => set({ link }),
  setStatus: (status) => set({ status }),
  setSources: (sources, error) => set({ sources, sourcesError: error }),
  noteDelta: (at) => set({ lastDeltaAt: at }),
  setSyncError: (message) => set({ syncError: message }),
  setSwitching: (on) => set({ switching: on }),
});
