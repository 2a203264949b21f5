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

/** The fields a location is read from, in the contract's order. */
export const LOCATION_FIELDS = [
  'deviceId',
  'latitude',
  'longitude',
  'timestamp',
  'accuracy',
  'altitude',
  'speed',
  'heading',
] as const;

const own = (item: Record<string, unknown>, name: string): unknown =>
  Object.hasOwn(item, name) ? item[name] : undefined;

/** class-validator's `IsNumber({ allowNaN: false, allowInfinity: false })`. */
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/** A number field's rule: its bounds, and the words for the wrong type and for out of range. */
interface NumberRule {
  readonly field: NumberField;
  readonly bounds: { readonly min: number; readonly max: number };
  readonly type: string;
  readonly range: string;
}

type NumberField = 'latitude' | 'longitude' | 'accuracy' | 'altitude' | 'speed' | 'heading';

const rule = (field: NumberField, type: string, range: string = type): NumberRule => ({
  field,
  bounds: LOCATION_BOUNDS[field],
  type,
  range,
});

const LATITUDE = rule('latitude', M.latitudeType, M.latitudeRange);
const LONGITUDE = rule('longitude', M.longitudeType, M.longitudeRange);
const ACCURACY = rule('accuracy', M.accuracyType, M.accuracyRange);
const ALTITUDE = rule('altitude', M.altitudeType);
const SPEED = rule('speed', M.speedType, M.speedRange);
const HEADING = rule('heading', M.headingType, M.headingRange);

/**
 * A required number: its type, then its range (the type's words when both fail, as the
 * contract's first reason does).
 */
const required = (errors: FieldError[], item: Record<string, unknown>, r: NumberRule): number => {
  const value = own(item, r.field);
  if (!isFiniteNumber(value)) errors.push({ field: r.field, reason: r.type });
  else if (value < r.bounds.min || value > r.bounds.max) errors.push({ field: r.field, reason: r.range });
  return value as number;
};

/** An optional number: absent or null is no value; otherwise as {@link required}. */
const optional = (errors: FieldError[], item: Record<string, unknown>, r: NumberRule): number | null => {
  const value = own(item, r.field);
  return value === undefined || value === null ? null : required(errors, item, r);
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
  const latitude = required(errors, item, LATITUDE);
  const longitude = required(errors, item, LONGITUDE);
  const recordedAt = recordedAtOf(own(item, 'timestamp'));
  if (recordedAt === undefined) errors.push({ field: 'timestamp', reason: M.timestamp });
  const accuracy = optional(errors, item, ACCURACY);
  const altitude = optional(errors, item, ALTITUDE);
  const speed = optional(errors, item, SPEED);
  const heading = optional(errors, item, HEADING);
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
