/** Codes of the errors that cross a port. */
export type LocusErrorCode =
  | 'QUEUE_UNAVAILABLE'
  | 'STORE_UNAVAILABLE'
  | 'OBJECT_NOT_FOUND'
  | 'CORRUPT_OBJECT'
  | 'QUERY_FAILED'
  | 'QUERY_TIMEOUT'
  | 'LIFECYCLE_FAILED'
  | 'LOCK_LOST'
  | 'PHASE_BUSY'
  | 'VERSION_CONFLICT'
  | 'REPORT_MISMATCH'
  | 'PARTITION_MISMATCH'
  | 'THROTTLED'
  | 'CONFIGURATION';

/**
 * The one error type that crosses a port: adapters translate what their technology throws into
 * it, keeping the original as `cause`. Callers branch on `code`, never on an SDK's error classes.
 */
export class LocusError extends Error {
  constructor(
    readonly code: LocusErrorCode,
    message: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LocusError';
    this.retryable = options?.retryable ?? false;
  }

  /** Whether the same call may succeed if tried again later. */
  readonly retryable: boolean;
}

export const isLocusError = (error: unknown, code?: LocusErrorCode): error is LocusError =>
  error instanceof LocusError && (code === undefined || error.code === code);
