import { DomainError } from '../shared/decider';
import {
  DEVICE_ID_PATTERN,
  DEVICE_ID_RULE,
  LOCATION_BOUNDS,
  type LocationContent,
  type LocationRecord,
} from './location-record';
import { computeRecordId } from './record-id';

/** How far from the time of receipt a location's own time may be. */
export interface TimePolicy {
  /** A location timestamped more than this after its receipt is refused (device clock too far ahead). */
  readonly maxFutureSkewMs: number;
  /** A location older than this at its receipt is refused. */
  readonly maxAgeMs: number;
}

export const DEFAULT_TIME_POLICY: TimePolicy = {
  maxFutureSkewMs: 5 * 60_000,
  maxAgeMs: 366 * 24 * 3_600_000,
};

/** One broken rule of one field. */
export interface FieldViolation {
  readonly field: string;
  readonly reason: string;
}

type Bounded = keyof typeof LOCATION_BOUNDS;

const checkBounds = (field: Bounded, value: number | null, out: FieldViolation[]): void => {
  if (value === null) return;
  const { min, max } = LOCATION_BOUNDS[field];
  if (!Number.isFinite(value)) out.push({ field, reason: 'must be a finite number' });
  else if (value < min || value > max) out.push({ field, reason: `must be between ${min} and ${max}` });
};

/** Every rule a location's content breaks at the time it was received; empty when it is valid. */
export const locationViolations = (
  content: LocationContent,
  receivedAt: number,
  policy: TimePolicy = DEFAULT_TIME_POLICY,
): FieldViolation[] => {
  const out: FieldViolation[] = [];
  if (!DEVICE_ID_PATTERN.test(content.deviceId)) {
    out.push({ field: 'deviceId', reason: `must be ${DEVICE_ID_RULE}` });
  }
  checkBounds('latitude', content.latitude, out);
  checkBounds('longitude', content.longitude, out);
  checkBounds('accuracy', content.accuracy, out);
  checkBounds('altitude', content.altitude, out);
  checkBounds('speed', content.speed, out);
  checkBounds('heading', content.heading, out);
  if (!Number.isFinite(content.recordedAt)) {
    out.push({ field: 'timestamp', reason: 'is not a valid time' });
  } else if (content.recordedAt - receivedAt > policy.maxFutureSkewMs) {
    out.push({ field: 'timestamp', reason: `is more than ${policy.maxFutureSkewMs / 1000} s in the future` });
  } else if (receivedAt - content.recordedAt > policy.maxAgeMs) {
    out.push({
      field: 'timestamp',
      reason: `is older than ${Math.round(policy.maxAgeMs / 86_400_000)} days`,
    });
  }
  return out;
};

/**
 * Makes the record of a location received at `receivedAt`: checks every rule, then identifies
 * the content. Throws a {@link DomainError} naming the first broken rule.
 */
export const createLocationRecord = (
  content: LocationContent,
  receivedAt: number,
  policy: TimePolicy = DEFAULT_TIME_POLICY,
): LocationRecord => {
  const violations = locationViolations(content, receivedAt, policy);
  const first = violations[0];
  if (first !== undefined) throw new DomainError('INVALID_LOCATION', `${first.field} ${first.reason}`);
  return { recordId: computeRecordId(content), ...content, receivedAt };
};
