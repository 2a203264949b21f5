/**
 * The names of Locus's metrics, the same in the local server's `GET /metrics` (Prometheus) and in
 * the Lambdas' CloudWatch embedded-format metrics, so that a dashboard reads either.
 */
export const METRIC_NAMES = {
  /** HTTP requests answered, by route pattern, method and status. */
  requests: 'locus_http_requests_total',
  /** Time from a request's arrival to its answer, by route pattern (seconds). */
  requestDuration: 'locus_http_request_duration_seconds',
  /** Records answered with 202 (made durable). */
  acceptedRecords: 'locus_records_accepted_total',
  /** Items of a request refused by the validation, by the field at fault. */
  rejectedItems: 'locus_items_rejected_total',
  /** Requests refused with a 4xx status (credentials, limits, bodies). */
  refusedRequests: 'locus_requests_refused_total',
  /** Requests that failed on Locus's side (5xx). */
  failedRequests: 'locus_requests_failed_total',
  /** Records written into batches by the store phase. */
  storedRecords: 'locus_records_stored_total',
  /** Queue messages drained by the store phase. */
  storedMessages: 'locus_messages_stored_total',
  /** Duplicate records dropped by the store phase. */
  duplicatesDropped: 'locus_duplicates_dropped_total',
  /** Collect server starts and stops (AWS daily run). */
  serverStarts: 'locus_collect_server_starts_total',
  serverStops: 'locus_collect_server_stops_total',
  /** Queue messages by state (`ready`, `leased`). */
  queueDepth: 'locus_queue_depth',
  /** Batches written by the store phase and not yet partitioned. */
  pendingBatches: 'locus_batches_pending',
  /** What could not be read and was set aside, by kind (`messages`, `batches`). */
  quarantine: 'locus_quarantine_size',
  /** How long each run of a phase took (seconds), by phase and outcome. */
  phaseDuration: 'locus_phase_duration_seconds',
  /** Runs of a phase, by phase and outcome (`success`, `failure`). */
  phaseRuns: 'locus_phase_runs_total',
  /** When a phase last finished without error (Unix seconds). */
  phaseLastSuccess: 'locus_phase_last_success_timestamp_seconds',
} as const;

export type MetricKey = keyof typeof METRIC_NAMES;
