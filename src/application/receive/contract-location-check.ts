import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { epochSecondsToMillis, parseIsoTimestamp } from '../../domain';
import { type CheckedLocation, LOCATION_FIELDS } from './location-check';
import { LocationDto } from './location-dto';

/**
 * The fields a location is read from, each an own property of the item; an object or array in one
 * is handed on empty (it is refused all the same): unknown fields, and nesting as deep as a
 * hostile client likes, never reach the transformer (whose recursion would overflow the stack).
 */
const knownFields = (item: Record<string, unknown>): Record<string, unknown> => {
  const fields: Record<string, unknown> = {};
  for (const name of LOCATION_FIELDS) {
    if (!Object.hasOwn(item, name)) continue;
    const value = item[name];
    fields[name] = value !== null && typeof value === 'object' ? (Array.isArray(value) ? [] : {}) : value;
  }
  return fields;
};

/** A field's reason: the wrong type first (a string sent for a number is not "out of range"). */
const firstReason = (field: string, constraints: Record<string, string> | undefined): string =>
  constraints?.isNumber ??
  constraints?.isString ??
  Object.values(constraints ?? {})[0] ??
  `${field} is invalid`;

/**
 * A location item checked by the declared contract itself: class-transformer into
 * {@link LocationDto}, then class-validator. The reference the hot path's `checkLocation` is held
 * to (the same content, or the same fields refused with the same words).
 */
export const checkLocationByContract = (item: Record<string, unknown>): CheckedLocation => {
  const dto = plainToInstance(LocationDto, knownFields(item), { enableImplicitConversion: false });
  const errors = validateSync(dto, { forbidUnknownValues: false, validationError: { target: false } });
  if (errors.length > 0) {
    return {
      ok: false,
      errors: errors.map((error) => ({
        field: error.property,
        reason: firstReason(error.property, error.constraints),
      })),
    };
  }
  return {
    ok: true,
    content: {
      deviceId: dto.deviceId,
      recordedAt:
        typeof dto.timestamp === 'number'
          ? epochSecondsToMillis(dto.timestamp)
          : parseIsoTimestamp(dto.timestamp),
      latitude: dto.latitude,
      longitude: dto.longitude,
      accuracy: dto.accuracy ?? null,
      altitude: dto.altitude ?? null,
      speed: dto.speed ?? null,
      heading: dto.heading ?? null,
    },
  };
};
