import {
  buildMessage,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateBy,
  type ValidationOptions,
} from 'class-validator';
import { DEVICE_ID_PATTERN, DEVICE_ID_RULE, LOCATION_BOUNDS, parseIsoTimestamp } from '../../domain';

const FINITE = { allowNaN: false, allowInfinity: false } as const;

/** What a refused field is told: the contract's words, which the hot path's check uses too. */
export const LOCATION_MESSAGES = {
  deviceIdType: 'deviceId must be a string',
  deviceIdRule: `deviceId must be ${DEVICE_ID_RULE}`,
  latitudeType: 'latitude must be a number',
  latitudeRange: 'latitude must be between -90 and 90',
  longitudeType: 'longitude must be a number',
  longitudeRange: 'longitude must be between -180 and 180',
  timestamp: 'timestamp must be ISO 8601 with a zone (e.g. 2026-11-28T09:15:00+09:00) or Unix epoch seconds',
  accuracyType: 'accuracy must be a number',
  accuracyRange: 'accuracy must be at least 0',
  altitudeType: 'altitude must be a number',
  speedType: 'speed must be a number',
  speedRange: 'speed must be at least 0',
  headingType: 'heading must be a number',
  headingRange: 'heading must be between 0 and 360',
} as const;

const M = LOCATION_MESSAGES;

/** An ISO 8601 date-time with a zone, or Unix epoch seconds. */
const IsLocationTimestamp = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isLocationTimestamp',
      validator: {
        validate: (value: unknown) => {
          if (typeof value === 'number') return Number.isFinite(value) && value >= 0;
          if (typeof value !== 'string') return false;
          try {
            parseIsoTimestamp(value);
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: buildMessage(() => M.timestamp, options),
      },
    },
    options,
  );

/**
 * A location as devices send it (the contract's JSON, and the OpenAPI document's schema). Unknown
 * fields are ignored and no type is converted (a number sent as a string is refused). This is the
 * declared contract; requests are checked by `checkLocation` (location-check.ts), which a test
 * holds to the same answers as this class with class-validator.
 */
export class LocationDto {
  @IsString({ message: M.deviceIdType })
  @Matches(DEVICE_ID_PATTERN, { message: M.deviceIdRule })
  deviceId!: string;

  @IsNumber(FINITE, { message: M.latitudeType })
  @Min(LOCATION_BOUNDS.latitude.min, { message: M.latitudeRange })
  @Max(LOCATION_BOUNDS.latitude.max, { message: M.latitudeRange })
  latitude!: number;

  @IsNumber(FINITE, { message: M.longitudeType })
  @Min(LOCATION_BOUNDS.longitude.min, { message: M.longitudeRange })
  @Max(LOCATION_BOUNDS.longitude.max, { message: M.longitudeRange })
  longitude!: number;

  @IsLocationTimestamp()
  timestamp!: string | number;

  @IsOptional()
  @IsNumber(FINITE, { message: M.accuracyType })
  @Min(0, { message: M.accuracyRange })
  accuracy?: number | null;

  @IsOptional()
  @IsNumber(FINITE, { message: M.altitudeType })
  altitude?: number | null;

  @IsOptional()
  @IsNumber(FINITE, { message: M.speedType })
  @Min(0, { message: M.speedRange })
  speed?: number | null;

  @IsOptional()
  @IsNumber(FINITE, { message: M.headingType })
  @Min(LOCATION_BOUNDS.heading.min, { message: M.headingRange })
  @Max(LOCATION_BOUNDS.heading.max, { message: M.headingRange })
  heading?: number | null;
}
