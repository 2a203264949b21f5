import {
  DEVICE_ID_PATTERN,
  epochSecondsToMillis,
  LOCATION_BOUNDS,
  type LocationContent,
  parseIsoTimestamp,
} from '../../domain';
import { LOCATION_MESSAGES as M } from './location-dto';

/** A field refused by the location rules, with the words the client is shown. */
export interface FieldError {
  readonly field: string;
  readonly reason: string;
}

/** A location item read against the rules: its content, or why its fields are refused. */
export type CheckedLocation =
  | { readonly ok: true; readonly content: LocationContent }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

const own = (item: Record<string, unknown>, name: string): unknown =>
  Object.hasOwn(item, name) ? item[name] : undefined;

/** class-validator's `IsNumber({ allowNaN: false, allowInfinity: false })`. */
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * A required number: its type, then its range (the type's message when both fail, as the
 * contract's first reason does).
 */
const required = (
  errors: FieldError[],
  field: string,
  value: unknown,
  bounds: { readonly min: number; readonly max: number },
  type: string,
  range: string,
): number => {
  if (!isFiniteNumber(value)) errors.push({ field, reason: type });
  else if (value < bounds.min || value > bounds.max) errors.push({ field, reason: range });
  return value as number;
};

/** An optional number: absent or null is no value; otherwise as {@link required}. */
const optional = (
  errors: FieldError[],
  field: string,
  value: unknown,
  bounds: { readonly min: number; readonly max: number },
  type: string,
  range: string,
): number | null => {
  if (value === undefined || value === null) return null;
  return required(errors, field, value, bounds, type, range);
};

/** The recorded time (epoch ms) of an ISO 8601 text or epoch seconds; undefined when it is neither. */
const recordedAtOf = (value: unknown): number | undefined => {
  if (typeof value === 'number')
    return Number.isFinite(value) && value >= 0 ? epochSecondsToMillis(value) : undefined;
  if (typeof value !== 'string') return undefined;
  try {
    return parseIsoTimestamp(value);
  } catch {
    return undefined;
  }
};

/**
 * The location rules of {@link LocationDto} checked directly on a parsed JSON object: the same
 * fields refused with the same words in the same order (deviceId, latitude, longitude, timestamp,
 * accuracy, altitude, speed, heading), one reason per field; only the item's own fields are read,
 * unknown ones ignored, no type converted. What the hot path uses instead of class-transformer
 * and class-validator (location-check.test.ts holds the two to the same answers).
 */
export const checkLocation = (item: Record<string, unknown>): CheckedLocation => {
  const errors: FieldError[] = [];
  const deviceId = own(item, 'deviceId');
  if (typeof deviceId !== 'string') errors.push({ field: 'deviceId', reason: M.deviceIdType });
  else if (!DEVICE_ID_PATTERN.test(deviceId)) errors.push({ field: 'deviceId', reason: M.deviceIdRule });
  const {
    latitude: lat,
    longitude: lon,
    accuracy: acc,
    altitude: alt,
    speed: spd,
    heading: hdg,
  } = LOCATION_BOUNDS;
  const latitude = required(errors, 'latitude', own(item, 'latitude'), lat, M.latitudeType, M.latitudeRange);
  const longitude = required(
    errors,
    'longitude',
    own(item, 'longitude'),
    lon,
    M.longitudeType,
    M.longitudeRange,
  );
  const recordedAt = recordedAtOf(own(item, 'timestamp'));
  if (recordedAt === undefined) errors.push({ field: 'timestamp', reason: M.timestamp });
  const accuracy = optional(errors, 'accuracy', own(item, 'accuracy'), acc, M.accuracyType, M.accuracyRange);
  const altitude = optional(errors, 'altitude', own(item, 'altitude'), alt, M.altitudeType, M.altitudeType);
  const speed = optional(errors, 'speed', own(item, 'speed'), spd, M.speedType, M.speedRange);
  const heading = optional(errors, 'heading', own(item, 'heading'), hdg, M.headingType, M.headingRange);
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    content: {
      deviceId: deviceId as string,
      recordedAt: recordedAt as number,
      latitude,
      longitude,
      accuracy,
      altitude,
      speed,
      heading,
    },
  };
};
