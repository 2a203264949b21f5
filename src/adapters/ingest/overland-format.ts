import type { Rejection } from '../../application/receive/parse-locations';
import {
  type ClientFormat,
  type ClientReading,
  type ClientRequest,
  isPlainObject,
  type MappedItem,
  unlessNegative,
  unlessPositive,
  unreadable,
  unreadableBody,
} from './client-format';
import { parseJsonBody } from './request-body';

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const propertiesOf = (item: unknown): Record<string, unknown> | undefined =>
  isPlainObject(item) && isPlainObject(item.properties) ? item.properties : undefined;

/**
 * An item of the batch. Not every item is a position fix: the app queues its visits and events
 * (`properties.action`: "visit", "paused_location_updates", …) and its trip summaries
 * (`properties.type: "trip"`, whose timestamp is the trip's end and whose geometry is its last
 * point, or none) with its locations; those are ignored. CoreLocation marks an invalid altitude
 * with a vertical accuracy below 0 (the README's example: `altitude: 0`, `vertical_accuracy: -1`);
 * the app rounds it to whole metres, so an altitude whose vertical accuracy is 0 or less is left
 * empty. A negative horizontal accuracy marks an invalid fix: it is refused.
 */
const readItem = (
  item: unknown,
  index: number,
  fallbackDeviceId: string | undefined,
): MappedItem | Rejection | 'ignored' => {
  if (!isPlainObject(item))
    return { index, field: '', reason: 'a location must be a GeoJSON Feature object' };
  const properties = propertiesOf(item);
  if (properties === undefined) return { index, field: 'properties', reason: 'properties must be an object' };
  if (typeof properties.action === 'string' || typeof properties.type === 'string') return 'ignored';
  const geometry = item.geometry;
  if (!isPlainObject(geometry) || geometry.type !== 'Point') {
    return { index, field: 'geometry', reason: 'geometry must be a GeoJSON Point' };
  }
  const coordinates = geometry.coordinates;
  if (!Array.isArray(coordinates) || coordinates.length < 2) {
    return {
      index,
      field: 'geometry.coordinates',
      reason: 'geometry.coordinates must be [longitude, latitude]',
    };
  }
  const deviceId = nonEmpty(properties.device_id) ?? fallbackDeviceId;
  if (deviceId === undefined) {
    return {
      index,
      field: 'properties.device_id',
      reason:
        'no device id: set one in the app (Receiver Endpoint → Device ID) or add ?device_id=<id> to the URL',
    };
  }
  const altitude = properties.altitude ?? coordinates[2];
  return {
    index,
    location: {
      deviceId,
      // GeoJSON order: [longitude, latitude(, altitude)].
      longitude: coordinates[0],
      latitude: coordinates[1],
      timestamp: properties.timestamp,
      accuracy: properties.horizontal_accuracy,
      altitude: unlessPositive(properties.vertical_accuracy) === null ? null : altitude,
      speed: unlessNegative(properties.speed),
      heading: unlessNegative(properties.course),
    },
  };
};

const readOverland = (request: ClientRequest): ClientReading => {
  const fallbackDeviceId = nonEmpty(request.query.device_id);
  const parsed = parseJsonBody(request.body, request.header('content-type'));
  if (!parsed.ok) return unreadableBody(parsed.response, fallbackDeviceId);
  const body = parsed.value;
  if (!isPlainObject(body) || !Array.isArray(body.locations)) {
    return unreadable('locations', 'send { "locations": [ GeoJSON Feature, … ] }', fallbackDeviceId);
  }
  const list: unknown[] = body.locations;
  const items: MappedItem[] = [];
  const rejected: Rejection[] = [];
  let ignored = 0;
  list.forEach((item, index) => {
    const read = readItem(item, index, fallbackDeviceId);
    if (read === 'ignored') ignored++;
    else if ('location' in read) items.push(read);
    else rejected.push(read);
  });
  return {
    kind: 'locations',
    items,
    rejected,
    ignored,
    raw: (index) => JSON.stringify(list[index]) ?? '',
    deviceIdOf: (index) => nonEmpty(propertiesOf(list[index])?.device_id) ?? fallbackDeviceId ?? null,
  };
};

/**
 * Overland (iOS/Android, https://github.com/aaronpk/Overland-iOS#api): `{ "locations": [ GeoJSON
 * Feature … ] }`, coordinates `[lon, lat]`, `properties.timestamp` (ISO 8601), `horizontal_accuracy`,
 * `altitude`, `vertical_accuracy`, `speed` (m/s), `device_id`. The app deletes its batch only on
 * `{ "result": "ok" }` and cannot drop one point of it, so that is the answer once the valid
 * locations are durable and the invalid ones are kept in the rejected store (listed in `rejected`).
 */
export const overlandFormat: ClientFormat = {
  name: 'overland',
  fieldNames: {
    deviceId: 'properties.device_id',
    latitude: 'geometry.coordinates[1]',
    longitude: 'geometry.coordinates[0]',
    timestamp: 'properties.timestamp',
    accuracy: 'properties.horizontal_accuracy',
    altitude: 'properties.altitude',
    speed: 'properties.speed',
    heading: 'properties.course',
  },
  read: readOverland,
  accepted: ({ ids, rejected, ignored }) => ({
    status: ids.length > 0 ? 202 : 200,
    body: { result: 'ok', accepted: ids.length, ids, rejected, ignored },
  }),
  failed: (response) => ({
    ...response,
    body: { result: 'error', ...(response.body as object | undefined) },
  }),
};
