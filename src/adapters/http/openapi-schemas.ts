import { getMetadataStorage, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { LocationDto } from '../../application/receive/location-dto';

type Schema = Record<string, unknown>;

/** The validator's own timestamp rule (`isLocationTimestamp`): ISO 8601 with a zone, or epoch seconds. */
const converters: ISchemaConverters = {
  [ValidationTypes.CUSTOM_VALIDATION]: (meta) =>
    meta.name === 'isLocationTimestamp'
      ? {
          oneOf: [
            { type: 'string', format: 'date-time', description: 'ISO 8601 with an offset or Z' },
            { type: 'number', minimum: 0, description: 'Unix epoch seconds' },
          ],
        }
      : {},
};

/**
 * The JSON Schemas of the ingest DTOs, read from their class-validator decorators (the very rules
 * the server validates with). Optional numbers may also be sent as `null`, which the validator
 * takes as absent.
 */
export const dtoSchemas = (): Record<string, Schema> => {
  const location = targetConstructorToSchema(LocationDto, {
    classValidatorMetadataStorage: getMetadataStorage(),
    additionalConverters: converters,
  }) as Schema;
  const required = new Set((location.required as string[] | undefined) ?? []);
  const properties = location.properties as Record<string, Schema>;
  for (const [name, property] of Object.entries(properties)) {
    if (!required.has(name) && typeof property.type === 'string') property.type = [property.type, 'null'];
  }
  return { [LocationDto.name]: location };
};
