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
        defaultMessage: buildMessage(
          (prefix) =>
            `${prefix}$property must be ISO 8601 with a zone (e.g. 2026-11-28T09:15:00+09:00) or Unix epoch seconds`,
          options,
        ),
      },
    },
    options,
  );

/**
 * A location as devices send it (the contract's JSON). Validated at the edge; unknown fields are
 * ignored and no type is converted (a number sent as a string is refused).
 */
export class LocationDto {
  @IsString({ message: 'deviceId must be a string' })
  @Matches(DEVICE_ID_PATTERN, { message: `deviceId must be ${DEVICE_ID_RULE}` })
  deviceId!: string;

  @IsNumber(FINITE, { message: 'latitude must be a number' })
  @Min(LOCATION_BOUNDS.latitude.min, { message: 'latitude must be between -90 and 90' })
  @Max(LOCATION_BOUNDS.latitude.max, { message: 'latitude must be between -90 and 90' })
  latitude!: number;

  @IsNumber(FINITE, { message: 'longitude must be a number' })
  @Min(LOCATION_BOUNDS.longitude.min, { message: 'longitude must be between -180 and 180' })
  @Max(LOCATION_BOUNDS.longitude.max, { message: 'longitude must be between -180 and 180' })
  longitude!: number;

  @IsLocationTimestamp()
  timestamp!: string | number;

  @IsOptional()
  @IsNumber(FINITE, { message: 'accuracy must be a number' })
  @Min(0, { message: 'accuracy must be at least 0' })
  accuracy?: number | null;

  @IsOptional()
  @IsNumber(FINITE, { message: 'altitude must be a number' })
  altitude?: number | null;

  @IsOptional()
  @IsNumber(FINITE, { message: 'speed must be a number' })
  @Min(0, { message: 'speed must be at least 0' })
  speed?: number | null;

  @IsOptional()
  @IsNumber(FINITE, { message: 'heading must be a number' })
  @Min(LOCATION_BOUNDS.heading.min, { message: 'heading must be between 0 and 360' })
  @Max(LOCATION_BOUNDS.heading.max, { message: 'heading must be between 0 and 360' })
  heading?: number | null;
}
