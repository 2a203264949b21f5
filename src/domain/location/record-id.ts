import { hash } from 'node:crypto';
import type { LocationContent } from './location-record';
import { formatInstant } from './timestamp';

/** The canonical text of a number: shortest round-trip form, with `-0` written as `0`. */
export const canonicalNumber = (value: number | null): string =>
  value === null ? '' : Object.is(value, -0) ? '0' : String(value);

/**
 * The canonical form of a location's content: every field but `receivedAt`, in contract order,
 * numbers in their shortest exact form, the time as an ISO UTC instant.
 */
export const canonicalContent = (content: LocationContent): string =>
  [
    content.deviceId,
    formatInstant(content.recordedAt),
    canonicalNumber(content.latitude),
    canonicalNumber(content.longitude),
    canonicalNumber(content.accuracy),
    canonicalNumber(content.altitude),
    canonicalNumber(content.speed),
    canonicalNumber(content.heading),
  ].join('\u001f');

/**
 * 128 bits of SHA-256 over the canonical content, as 32 lower-case hex digits (the one-shot
 * `crypto.hash`: no Hash object per record on the ingest path).
 */
export const computeRecordId = (content: LocationContent): string =>
  hash('sha256', canonicalContent(content), 'hex').slice(0, 32);

const RECORD_ID = /^[0-9a-f]{32}$/;

/** Whether a text has the shape of a record id. */
export const isRecordId = (text: string): boolean => RECORD_ID.test(text);
