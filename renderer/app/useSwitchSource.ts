/**
 * Switches what the console looks at (a demo preset or a kube context) without a restart: the
 * backend connects, the renderer resubscribes, and a failure is kept as the sync error the
 * header shows. Used by the source picker and wherever a view offers a switch.
 */
import { useCallback } from 'react';
import type { SourceRequest } from '../../shared/contract';
import { useApi } from '../api/ApiContext';
import { shownError } from '../api/backendError';
import { useBulwark } from '../store';
import { useSync } from './SyncContext';

export function useSwitchSource(): (req: SourceRequest) => Promise<void> {
  const api = useApi();
  const sync = useSync();
  return useCallback(async (req: SourceRequest) => {
    const store = useBulwark.getState();
    store.setSwitching(true);
    store.setSyncError(undefined);
    try {
      store.setStatus(await api.connect(req));
      await sync.resubscribe();
    } catch (err) {
      store.setSyncError({ ...shownError(err), during: 'connect' });
    } finally {
      useBulwark.getState().setSwitching(false);
      void sync.refreshSources();
    }
  }, [api, sync]);
}
