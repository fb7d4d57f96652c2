import { useEffect } from 'react';
import { useApi } from '../api/ApiContext';

/** Tells the backend what the operator opened (drills score "time to detect" with it). */
export function useNoteViewed(kind: 'node' | 'gpu' | 'workload', id: string | undefined): void {
  const api = useApi();
  useEffect(() => {
    if (!id) return;
    api.noteViewed({ kind, id }).catch(() => { /* best effort: never block the view */ });
  }, [api, kind, id]);
}
