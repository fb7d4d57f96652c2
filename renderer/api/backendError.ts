/**
 * A failed backend call as the renderer keeps and shows it. Both transports reject with a
 * BackendCallError; views keep a `ShownError` (the English message plus the reason code, when
 * the backend sent one) in their state and render it with `useErrorText()`
 * (components/ReasonText.tsx), so a language switch re-renders the error in the new language.
 */
import type { ReasonView } from '../../shared/views';

export class BackendCallError extends Error {
  constructor(message: string, readonly code: string, readonly method: string, readonly reason?: ReasonView) {
    super(message);
    this.name = 'BackendCallError';
  }
}

export interface ShownError {
  message: string;
  reason?: ReasonView;
}

/** Whatever a call rejected with, as something a view can show. */
export function shownError(err: unknown): ShownError {
  if (err instanceof BackendCallError && err.reason) return { message: err.message, reason: err.reason };
  return { message: err instanceof Error ? err.message : String(err) };
}
