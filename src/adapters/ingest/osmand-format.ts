import type { Rejection } from '../../application/receive/parse-locations';
import {
  type ClientFormat,
  type ClientReading,
  type ClientRequest,
  invalidRequest,
  isPlainObject,
  type MappedItem,
  parseQueryString,
  unlessNegative,
  unlessPositive,
  unreadable,
  unreadableBody,
} from './client-format';
import { isJsonContentType, parseJsonBody } from './request-body';
import { knotsToMetresPerSecond } from './speed-units';

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const WHOLE = /^\d+$/;
/** Below this a whole-number timestamp is epoch seconds, from it on epoch milliseconds (as the Traccar server reads it). */
const MILLIS_FROM = 2_147_483_647;

/** A parameter's text as a number when it is one; other text is left for the receive rules to refuse by name. */
const numeric = (text: string | undefined): unknown => {
  if (text === undefined || text.trim() === '') return undefined;
  return DECIMAL.test(text.trim()) ? Number(text.trim()) : text;
};

/**
 * `timestamp`: epoch seconds or milliseconds (whole numbers from 2^31 − 1 on are milliseconds),
 * fractional epoch seconds, or ISO 8601 with a zone. A `+` of the zone that arrived unescaped in a
 * query string (decoded as a space) is put back. Times without a zone are left to be refused.
 */
export const osmAndTimestamp = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  const value = text.trim();
  if (WHOLE.test(value)) {
    const whole = Number(value);
    if (whole < MILLIS_FROM) return whole;
    const instant = new Date(whole);
    return Number.isFinite(instant.getTime()) ? instant.toISOString() : value;
  }
  if (DECIMAL.test(value)) return Number(value);
  return value.includes('T') ? value.replace(/ (\d{2}:?\d{2})$/, '+$1') : value;
};

/** `valid=false` or `valid=0`: the app says the fix is not valid (the Traccar server flags it so). */
const markedInvalid = (params: Readonly<Record<string, string>>): boolean =>
  params.valid !== undefined && ['false', '0'].includes(params.valid.trim().toLowerCase());

/**
 * The parameters as one location. Android reports an accuracy of 0 when it has none
 * (`Location.getAccuracy()`), which Traccar Client sends as it is: an `accuracy` of 0 or less is
 * left empty. A fix marked `valid=false` is refused.
 */
const fromParameters = (params: Readonly<Record<string, string>>): ClientReading => {
  let latitude = numeric(params.lat);
  let longitude = numeric(params.lon);
  if (latitude === undefined && longitude === undefined && params.location !== undefined) {
    const [lat, lon] = params.location.split(',');
    latitude = numeric(lat);
    longitude = numeric(lon);
  }
  const speed = numeric(params.speed);
  const deviceId = params.id ?? params.deviceid;
  const common = {
    kind: 'locations' as const,
    ignored: 0,
    raw: () => new URLSearchParams(params).toString(),
    deviceIdOf: () => deviceId ?? null,
  };
  if (markedInvalid(params)) {
    return {
      ...common,
      items: [],
      rejected: [{ index: 0, field: 'valid', reason: 'the app marks the fix as not valid' }],
    };
  }
  const location = {
    deviceId,
    latitude,
    longitude,
    timestamp: osmAndTimestamp(params.timestamp),
    accuracy: unlessPositive(numeric(params.accuracy)),
    altitude: numeric(params.altitude),
    speed: typeof speed === 'number' ? knotsToMetresPerSecond(speed) : speed,
    heading: numeric(params.bearing ?? params.heading),
  };
  return { ...common, items: [{ index: 0, location }], rejected: [] };
};

const JSON_FIELD_NAMES: Readonly<Record<string, string>> = {
  deviceId: 'device_id',
  latitude: 'location.coords.latitude',
  longitude: 'location.coords.longitude',
  timestamp: 'location.timestamp',
  accuracy: 'location.coords.accuracy',
  altitude: 'location.coords.altitude',
  speed: 'location.coords.speed',
  heading: 'location.coords.heading',
};

/**
 * Traccar Client 9+ posts JSON: `{ "location": { timestamp, coords: {…} }, "device_id" }`, speed
 * in m/s. Its location SDK marks unknown values with -1 (speed, heading, accuracy, altitude
 * accuracy): they are left empty, and an altitude whose accuracy is below 0 too. A location with
 * `sample: true` is one of the SDK's provisional samples, not a recorded fix: it is ignored.
 */
const fromJson = (body: unknown): ClientReading => {
  if (!isPlainObject(body) || body.location === undefined) {
    return unreadable('location', 'send { "location": { … }, "device_id": "…" }');
  }
  const locations: unknown[] = Array.isArray(body.location) ? body.location : [body.location];
  const deviceId = typeof body.device_id === 'string' ? body.device_id : null;
  const items: MappedItem[] = [];
  const rejected: Rejection[] = [];
  let ignored = 0;
  locations.forEach((location, index) => {
    const coords = isPlainObject(location) ? location.coords : undefined;
    if (!isPlainObject(location) || !isPlainObject(coords)) {
      rejected.push({ index, field: 'location.coords', reason: 'location.coords must be an object' });
      return;
    }
    if (location.sample === true) {
      ignored++;
      return;
    }
    items.push({
      index,
      location: {
        deviceId: body.device_id,
        latitude: coords.latitude,
        longitude: coords.longitude,
        timestamp: location.timestamp,
        accuracy: unlessPositive(coords.accuracy),
        altitude: unlessNegative(coords.altitude_accuracy) === null ? null : coords.altitude,
        speed: unlessNegative(coords.speed),
        heading: unlessNegative(coords.heading),
      },
    });
  });
  return {
    kind: 'locations',
    items,
    rejected,
    ignored,
    fieldNames: JSON_FIELD_NAMES,
    raw: (index) => JSON.stringify(locations[index]) ?? '',
    deviceIdOf: () => deviceId,
  };
};

const readOsmAnd = (request: ClientRequest): ClientReading => {
  const contentType = request.header('content-type');
  if (request.body.trim() !== '' && isJsonContentType(contentType)) {
    const parsed = parseJsonBody(request.body, contentType);
    return parsed.ok ? fromJson(parsed.value) : unreadableBody(parsed.response);
  }
  // Query parameters, or form parameters in the body; a parameter in both is taken from the query.
  const form = request.body.trim() === '' ? {} : parseQueryString(request.body.trim());
  const params = { ...form, ...request.query };
  if (Object.keys(params).length === 0) {
    // No message of an app (a browser or a probe at the root): nothing to keep.
    return {
      kind: 'reply',
      response: invalidRequest('send the location as parameters: ?id=…&lat=…&lon=…&timestamp=…'),
    };
  }
  return fromParameters(params);
};

/**
 * The OsmAnd protocol as Traccar Client and OsmAnd send it (https://www.traccar.org/osmand/):
 * `id` (or `deviceid`), `lat`, `lon` (or `location=lat,lon`), `timestamp`, `speed` in knots,
 * `bearing` (or `heading`), `altitude`, `accuracy`, as query parameters of a GET or POST or as
 * form parameters of a POST; also the JSON body of Traccar Client 9+. The apps take any 2xx as
 * delivered and send again after an error or no answer, so a refused location is kept in the
 * rejected store and answered with a 2xx too.
 */
export const osmAndFormat: ClientFormat = {
  name: 'osmand',
  fieldNames: {
    deviceId: 'id',
    latitude: 'lat',
    longitude: 'lon',
    timestamp: 'timestamp',
    accuracy: 'accuracy',
    altitude: 'altitude',
    speed: 'speed',
    heading: 'bearing',
  },
  read: readOsmAnd,
  accepted: ({ ids, rejected }) => ({
    status: ids.length > 0 ? 202 : 200,
    body: { accepted: ids.length, ids, rejected },
  }),
  // The old Traccar Client for iOS deletes a location after any answer with a body: a failure has none.
  failed: ({ status, headers }) => (headers === undefined ? { status } : { status, headers }),
};
