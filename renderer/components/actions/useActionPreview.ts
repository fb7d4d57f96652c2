import { useEffect, useState } from 'react';
import type { ActionPreview, ActionRequest } from '../../../shared/actions';
import { useApi } from '../../api/ApiContext';
import { shownError, type ShownError } from '../../api/backendError';
import { requestKey } from './actionOffers';

export interface PreviewState {
  /** The latest preview received — possibly for an earlier request while a new one loads. */
  preview?: ActionPreview;
  error?: ShownError;
  /** Wall-clock time the preview arrived (ms epoch). */
  at?: number;
  loading: boolean;
}

/** Options typed in quick succession produce one preview, not one per keystroke. */
const DEBOUNCE_MS = 200;

/**
 * Calls previewAction for `request` (undefined: the form is invalid, nothing to preview) and
 * again whenever it changes or `refresh` increases. The previous preview stays on screen while
 * the next one loads; `runBlock` refuses a preview whose request is not the one on screen.
 */
export function useActionPreview(request: ActionRequest | undefined, refresh: number): PreviewState {
  const api = useApi();
  const [state, setState] = useState<{ key?: string; refresh?: number; preview?: ActionPreview; error?: ShownError; at?: number }>({});
  const key = request ? requestKey(request) : undefined;
  useEffect(() => {
    if (!request) return;
    let cancelled = false;
    const k = requestKey(request);
    const timer = setTimeout(() => {
      api.previewAction(request).then(
        (preview) => { if (!cancelled) setState({ key: k, refresh, preview, at: Date.now() }); },
        (err: unknown) => { if (!cancelled) setState((s) => ({ ...s, key: k, refresh, error: shownError(err) })); },
      );
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, request, refresh]);
  const current = state.key === key && state.refresh === refresh;
  return { preview: state.preview, error: current ? state.error : undefined, at: state.at, loading: !!key && !current };
}
