/**
 * A model reason (workload `reason`, node/GPU `healthReason`) in the user's language: the
 * reason code and parameters the model sends beside the English text, rendered from the
 * `reasons` namespace (i18n/reasonFormat.ts); the English text when the code is missing or
 * unknown to this renderer.
 *
 *   <ReasonText reason={w.reasonCode} text={w.reason} />
 *   const reasonText = useReasonText(); … <Name>{reasonText(n.healthReasonCode, n.healthReason)}</Name>
 */
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReasonView } from '../../shared/views';
import type { ShownError } from '../api/backendError';
import { useFormat } from '../i18n';
import { reasonText, sentencesText, type ReasonFormatContext } from '../i18n/reasonFormat';

export type ReasonTextFn = (reason: ReasonView | undefined, fallback: string) => string;
export type SentencesTextFn = (reasons: readonly ReasonView[] | undefined, fallback: string) => string;

function useReasonContext(): ReasonFormatContext {
  const { t, i18n } = useTranslation('reasons');
  const { locale } = useFormat();
  return useMemo<ReasonFormatContext>(() => ({
    locale,
    translate: (key, vars) => (i18n.exists(key, { ns: 'reasons' }) ? t(key, vars) : undefined),
  }), [locale, t, i18n]);
}

export function useReasonText(): ReasonTextFn {
  const ctx = useReasonContext();
  return useCallback<ReasonTextFn>((reason, fallback) => reasonText(reason, fallback, ctx), [ctx]);
}

/** Several sentences sent as one English text plus one code each (e.g. kubeconfig problems). */
export function useSentencesText(): SentencesTextFn {
  const ctx = useReasonContext();
  return useCallback<SentencesTextFn>((reasons, fallback) => sentencesText(reasons, fallback, ctx), [ctx]);
}

/**
 * A failed backend call (api/backendError.ts) in the user's language: every view shows backend
 * errors through this, so a coded error reads the same everywhere.
 */
export function useErrorText(): (error: ShownError) => string {
  const ctx = useReasonContext();
  return useCallback((error: ShownError) => reasonText(error.reason, error.message, ctx), [ctx]);
}

export function ReasonText({ reason, text }: { reason?: ReasonView; text: string }) {
  return useReasonText()(reason, text);
}

export function ErrorText({ error }: { error: ShownError }) {
  return useErrorText()(error);
}
