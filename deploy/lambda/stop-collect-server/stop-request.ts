/**
 * What the collect server sends `stop_collect_server` (asynchronously, once its run is over and
 * journalled). Every field is informative: the function stops the server whatever it receives.
 */
export interface StopRequest {
  readonly source?: string;
  readonly runId?: string;
  readonly outcome?: 'succeeded' | 'failed';
}

/** The fields of a stop request worth logging; anything else is ignored. */
export const stopRequestFields = (event: unknown): StopRequest => {
  if (typeof event !== 'object' || event === null) return {};
  const { source, runId, outcome } = event as Record<string, unknown>;
  return {
    ...(typeof source === 'string' ? { source } : {}),
    ...(typeof runId === 'string' ? { runId } : {}),
    ...(outcome === 'succeeded' || outcome === 'failed' ? { outcome } : {}),
  };
};
