import type { Refusal, RefusalReason } from '../../application/security/refusal';
import type { IngestResponse } from './ingest-response';

/** The challenge sent with every 401: a bearer token, or HTTP Basic as tracking apps send it. */
export const AUTH_CHALLENGE = 'Bearer realm="locus", Basic realm="locus"';

const STATUS: Readonly<Record<RefusalReason, number>> = {
  unauthorized: 401,
  too_many_requests: 429,
  forbidden: 403,
  link_expired: 403,
  link_invalid: 403,
  invalid_json: 400,
};

/**
 * A refusal of the security rules as HTTP answers it: its status, `{ error, message }`, the
 * challenge of a 401 and the `Retry-After` of a 429; never stored by a cache.
 */
export const refusalResponse = (refusal: Refusal): IngestResponse => {
  const headers: Record<string, string> = {};
  if (refusal.reason === 'unauthorized') headers['www-authenticate'] = AUTH_CHALLENGE;
  if (refusal.retryAfterSeconds !== undefined) headers['retry-after'] = String(refusal.retryAfterSeconds);
  headers['cache-control'] = 'no-store';
  return {
    status: STATUS[refusal.reason],
    body: { error: refusal.reason, message: refusal.message },
    headers,
  };
};
