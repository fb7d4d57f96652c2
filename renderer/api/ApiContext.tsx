import { createContext, useContext } from 'react';
import type { ClientApi } from './link';

export const ApiContext = createContext<ClientApi | null>(null);

export function useApi(): ClientApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
