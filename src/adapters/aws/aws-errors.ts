import { LocusError, type LocusErrorCode } from '../../ports/errors';

/** What the SDK's service exceptions carry (read structurally, so no SDK class is needed). */
interface SdkErrorShape {
  readonly name?: string;
  readonly message?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'ActiveStatementsExceededException',
  'ActiveSessionsExceededException',
  'RequestThrottledError',
]);

const NOT_FOUND_NAMES = new Set(['NoSuchKey', 'NotFound']);

const shape = (error: unknown): SdkErrorShape =>
  typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};

export const errorName = (error: unknown): string => shape(error).name ?? 'Error';

export const httpStatusOf = (error: unknown): number | undefined => shape(error).$metadata?.httpStatusCode;

/** Whether AWS asked the caller to slow down. */
export const isThrottling = (error: unknown): boolean => {
  const e = shape(error);
  return (
    THROTTLING_NAMES.has(e.name ?? '') ||
    e.$retryable?.throttling === true ||
    e.$metadata?.httpStatusCode === 429
  );
};

/** Whether an object does not exist (a missing bucket is a configuration fault, not this). */
export const isNotFound = (error: unknown): boolean => {
  const e = shape(error);
  if (e.name === 'NoSuchBucket') return false;
  return NOT_FOUND_NAMES.has(e.name ?? '') || e.$metadata?.httpStatusCode === 404;
};

/** Whether the same call may succeed later: throttling, a 5xx, or no answer at all (network). */
export const isTransient = (error: unknown): boolean => {
  const e = shape(error);
  if (isThrottling(error)) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return e.$fault !== 'client';
};

/**
 * Translates what an SDK call threw into a `LocusError` with the given code (`throttledCode` when
 * AWS asked to slow down), retryable when transient. A `LocusError` passes through unchanged.
 */
export const translateAwsError = (
  error: unknown,
  code: LocusErrorCode,
  doing: string,
  throttledCode: LocusErrorCode = code,
): LocusError => {
  if (error instanceof LocusError) return error;
  const e = shape(error);
  const detail = `${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
  if (isThrottling(error)) {
    return new LocusError(throttledCode, `AWS throttled ${doing} (${detail})`, {
      cause: error,
      retryable: true,
    });
  }
  return new LocusError(code, `${doing} failed (${detail})`, { cause: error, retryable: isTransient(error) });
};
