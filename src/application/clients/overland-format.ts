import type { Rejection } from '../receive/parse-locations';
import { parseJsonBody } from '../receive/receive-response';
import {
  type ClientFormat,
  type ClientReading,
  type ClientRequest,
  invalidRequest,
  isPlainObject,
  type MappedItem,
  unlessNegative,
} from './client-format';

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

const readItem = (
  item: unknown,
  index: number,
  fallbackDeviceId: string | undefined,
): MappedItem | Rejection | 'ignored' => {
  if (!isPlainObject(item))
    return { index, field: '', reason: 'a location must be a GeoJSON Feature object' };
  const properties = item.properties;
  if (!isPlainObject(properties))
    return { index, field: 'properties', reason: 'properties must be an object' };
  // App events and visits ("action": "visit", "paused_location_updates", …) are not position fixes.
  if (typeof properties.action === 'string') return 'ignored';
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
  return {
    index,
    location: {
      deviceId,
      // GeoJSON order: [longitude, latitude(, altitude)].
      longitude: coordinates[0],
      latitude: coordinates[1],
      timestamp: properties.timestamp,
      accuracy: properties.horizontal_accuracy,
      altitude: properties.altitude ?? coordinates[2],
      speed: unlessNegative(properties.speed),
      heading: unlessNegative(properties.course),
    },
  };
};

const readOverland = (request: ClientRequest): ClientReading => {
  const parsed = parseJsonBody(request.body, request.header('content-type'));
  if (!parsed.ok) return { kind: 'reply', response: parsed.response };
  const body = parsed.value;
  if (!isPlainObject(body) || !Array.isArray(body.locations)) {
    return { kind: 'reply', response: refuseOverland('send { "locations": [ GeoJSON Feature, … ] }', []) };
  }
  if (body.locations.length === 0)
    return { kind: 'reply', response: refuseOverland('"locations" is empty', []) };
  const fallbackDeviceId = nonEmpty(request.query.device_id);
  const items: MappedItem[] = [];
  const rejected: Rejection[] = [];
  let ignored = 0;
  body.locations.forEach((item: unknown, index: number) => {
    const read = readItem(item, index, fallbackDeviceId);
    if (read === 'ignored') ignored++;
    else if ('location' in read) items.push(read);
    else rejected.push(read);
  });
  return { kind: 'locations', items, rejected, ignored };
};

const refuseOverland = (message: string, rejected: readonly Rejection[]) => {
  const refusal = invalidRequest(message, rejected);
  return { ...refusal, body: { result: 'error', ...(refusal.body as object) } };
};

/**
 * Overland (iOS/Android, https://github.com/aaronpk/Overland-iOS#api): `{ "locations": [ GeoJSON
 * Feature … ] }`, coordinates `[lon, lat]`, `properties.timestamp` (ISO 8601), `horizontal_accuracy`,
 * `altitude`, `speed` (m/s), `device_id`. The app deletes its batch only on `{ "result": "ok" }`,
 * so that is the answer only when every location of the batch is durable; otherwise the valid
 * ones are stored (a resend gives them the same record ids, so they are kept once), the invalid
 * ones are reported and the app keeps the batch.
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
  accepted: ({ ids, rejected, ignored }) => {
    const status = ids.length > 0 ? 202 : 200;
    if (rejected.length === 0) {
      return { status, body: { result: 'ok', accepted: ids.length, ids, rejected, ignored } };
    }
    const invalid = new Set(rejected.map((r) => r.index)).size;
    return {
      status,
      body: {
        result: 'error',
        error: 'invalid_request',
        message:
          `${invalid} location(s) of the batch are invalid and were not stored; the ${ids.length} valid ones are ` +
          'stored (sent again, they are kept once)',
        accepted: ids.length,
        ids,
        rejected,
        ignored,
      },
    };
  },
  refused: refuseOverland,
};
