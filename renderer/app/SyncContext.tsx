import { createContext, useContext } from 'react';
import type { ModelSync } from '../store/modelSync';

export const SyncContext = createContext<ModelSync | null>(null);

export function useSync(): ModelSync {
  const s = useContext(SyncContext);
  if (!s) throw new Error('useSync outside <SyncContext.Provider>');
  return s;
}
