/**
 * The renderer's copy of the running drill: fetched once, then kept current by the backend's
 * `drill` events. Shared by the guide panel (mounted by the shell) and the Drills view; the
 * first component that needs it subscribes, the last one to unmount unsubscribes. Re-fetched
 * whenever the link (re)opens, since events sent while disconnected are lost.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { DrillState } from '../../../shared/drills';
import { shownError, type ShownError } from '../../api/backendError';
import type { ClientApi } from '../../api/link';
import { useApi } from '../../api/ApiContext';

interface DrillStore {
  state: DrillState | null;
  loaded: boolean;
  error?: ShownError;
  set(state: DrillState | null): void;
  setError(error: ShownError | undefined): void;
}

export const useDrillStore = create<DrillStore>()((set) => ({
  state: null,
  loaded: false,
  set: (state) => set({ state, loaded: true }),
  setError: (error) => set({ error }),
}));

let users = 0;
let unsubscribe: (() => void) | undefined;

function subscribe(api: ClientApi): () => void {
  const refresh = () => {
    api.getDrillState({}).then((s) => useDrillStore.getState().set(s), () => { /* the link banner reports it */ });
  };
  const offEvent = api.on('drill', (s) => useDrillStore.getState().set(s));
  let lastGeneration = api.link.info().generation;
  const offLink = api.link.onChange((info) => {
    if (info.state === 'open' && info.generation !== lastGeneration) {
      lastGeneration = info.generation;
      refresh();
    }
  });
  refresh();
  return () => {
    offEvent();
    offLink();
  };
}

/** The current drill (running, or finished with its debrief), or null. */
export function useDrillState(): DrillState | null {
  const api = useApi();
  useEffect(() => {
    users += 1;
    if (users === 1) unsubscribe = subscribe(api);
    return () => {
      users -= 1;
      if (users === 0) {
        unsubscribe?.();
        unsubscribe = undefined;
      }
    };
  }, [api]);
  return useDrillStore((s) => s.state);
}

/** Runs a drill request and puts its result (or its error) in the store. */
export async function drillRequest(run: () => Promise<DrillState | null>): Promise<boolean> {
  const store = useDrillStore.getState();
  try {
    store.set(await run());
    store.setError(undefined);
    return true;
  } catch (err) {
    store.setError(shownError(err));
    return false;
  }
}
