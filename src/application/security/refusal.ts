/** Why the security rules refuse a request; each transport answers it its own way (HTTP: a status). */
export type RefusalReason =
  /** No valid credential (token missing, malformed, invalid, revoked, of another scope). */
  | 'unauthorized'
  /** A rate limit used up. */
  | 'too_many_requests'
  /** A valid credential that may not do this (a device the token is not bound to). */
  | 'forbidden'
  /** A signed download link past its expiry. */
  | 'link_expired'
  /** A signed download link that does not match the report. */
  | 'link_invalid'
  /** A body that nests deeper than allowed. */
  | 'invalid_json';

/** A refusal of the security rules: its reason, what to tell the client, and when to retry (rate limits). */
export interface Refusal {
  readonly reason: RefusalReason;
  readonly message: string;
  /** Of a rate limit: the seconds until the next request is taken. */
  readonly retryAfterSeconds?: number;
}

export const refusal = (reason: RefusalReason, message: string): Refusal => ({ reason, message });
