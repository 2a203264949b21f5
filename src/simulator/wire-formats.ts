import { type ClientName, osmAndFormat, overlandFormat, ownTracksFormat } from '../adapters/ingest';
import { parseLocations } from '../application/receive/parse-locations';
import { DEFAULT_TIME_POLICY, formatInstant } from '../domain';
import type { Fix } from './movement';
import type { SimulatorFormat } from './simulation-defaults';

/** A fix and when it was taken (epoch ms). */
export interface TimedFix extends Fix {
  readonly at: number;
}

/** One HTTP request as the simulator sends it. */
export interface WireRequest {
  readonly method: 'GET' | 'POST';
  /** The path under the base URL (`/locations`, `/owntracks`, …). */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The body; empty for none. */
  readonly body: string;
}

/** A record a request should make durable: what the day's CSV is reconciled against. */
export interface ExpectedRecord {
  readonly recordId: string;
  readonly deviceId: string;
  /** ISO 8601 UTC with milliseconds, as in the CSV. */
  readonly recordedAt: string;
}

/** The most fixes one request carries in the batch formats (native and Overland). */
export const MAX_BATCH = 100;

/** Whether a format sends a backlog as one batch rather than one request per fix. */
export const sendsBatches = (format: SimulatorFormat): boolean =>
  format === 'native' || format === 'overland';

const JSON_TYPE = { 'content-type': 'application/json' } as const;
/** The OwnTracks user every simulated device reports under (its record's device id is `locus:<name>`). */
export const OWNTRACKS_USER = 'locus';
/** m/s to knots as Traccar Client converts its speeds. */
const KNOTS_PER_MPS = 1.943844;

const wholeSecondsIso = (at: number): string =>
  `${new Date(Math.floor(at / 1000) * 1000).toISOString().slice(0, 19)}Z`;

const nativeRequest = (name: string, fixes: readonly TimedFix[]): WireRequest => {
  const locations = fixes.map((fix) => ({
    deviceId: name,
    latitude: fix.latitude,
    longitude: fix.longitude,
    timestamp: formatInstant(fix.at),
    accuracy: fix.accuracy,
    altitude: fix.altitude,
    speed: fix.speed,
    heading: fix.heading,
  }));
  const body = locations.length === 1 ? locations[0] : { locations };
  return { method: 'POST', path: '/locations', query: {}, headers: JSON_TYPE, body: JSON.stringify(body) };
};

/** As the OwnTracks apps send it: whole numbers, and `acc`, `alt`, `cog`, `vel` left out when zero. */
const ownTracksRequest = (name: string, fix: TimedFix): WireRequest => {
  const message: Record<string, unknown> = {
    _type: 'location',
    lat: fix.latitude,
    lon: fix.longitude,
    tst: Math.floor(fix.at / 1000),
    tid: name.slice(-2),
    t: 'p',
    batt: 80,
    topic: `owntracks/${OWNTRACKS_USER}/${name}`,
  };
  const whole = {
    acc: Math.round(fix.accuracy),
    alt: Math.round(fix.altitude),
    cog: Math.round(fix.heading) % 360,
    vel: Math.round(fix.speed * 3.6),
  };
  for (const [key, value] of Object.entries(whole)) if (value !== 0) message[key] = value;
  return {
    method: 'POST',
    path: '/owntracks',
    query: {},
    headers: { ...JSON_TYPE, 'x-limit-u': OWNTRACKS_USER, 'x-limit-d': name },
    body: JSON.stringify(message),
  };
};

/** As Overland for iOS sends it: whole seconds and whole numbers, `[lon, lat]`. */
const overlandRequest = (name: string, fixes: readonly TimedFix[]): WireRequest => {
  const locations = fixes.map((fix) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [fix.longitude, fix.latitude] },
    properties: {
      timestamp: wholeSecondsIso(fix.at),
      altitude: Math.round(fix.altitude),
      speed: Math.round(fix.speed),
      horizontal_accuracy: Math.round(fix.accuracy),
      vertical_accuracy: -1,
      motion: fix.speed > 3 ? ['driving'] : fix.speed > 0 ? ['walking'] : ['stationary'],
      battery_state: 'unplugged',
      battery_level: 0.8,
      device_id: name,
      wifi: '',
    },
  }));
  return {
    method: 'POST',
    path: '/overland',
    query: {},
    headers: JSON_TYPE,
    body: JSON.stringify({ locations }),
  };
};

/** As Traccar Client sends it: a POST with the location in the query string, speed in knots. */
const osmAndRequest = (name: string, fix: TimedFix): WireRequest => ({
  method: 'POST',
  path: '/osmand',
  query: {
    id: name,
    timestamp: String(Math.floor(fix.at / 1000)),
    lat: String(fix.latitude),
    lon: String(fix.longitude),
    speed: String(fix.speed * KNOTS_PER_MPS),
    bearing: String(fix.heading),
    altitude: String(fix.altitude),
    accuracy: String(fix.accuracy),
    batt: '80.0',
  },
  headers: {},
  body: '',
});

/** The request a device sends for its next fixes (several only in the batch formats). */
export const requestFor = (
  format: SimulatorFormat,
  name: string,
  fixes: readonly TimedFix[],
): WireRequest => {
  const first = fixes[0];
  if (first === undefined) throw new Error('a request needs at least one fix');
  switch (format) {
    case 'native':
      return nativeRequest(name, fixes);
    case 'overland':
      return overlandRequest(name, fixes);
    case 'owntracks':
      return ownTracksRequest(name, first);
    case 'osmand':
      return osmAndRequest(name, first);
  }
};

const CLIENT_FORMATS = {
  owntracks: ownTracksFormat,
  overland: overlandFormat,
  osmand: osmAndFormat,
} as const;

/**
 * The records a request makes durable if it is accepted, computed with the server's own reading
 * of the format and its record ids; `receivedAt` only decides validity.
 */
export const expectedRecords = (
  format: SimulatorFormat,
  request: WireRequest,
  receivedAt: number,
): ExpectedRecord[] => {
  let body: unknown;
  if (format === 'native') {
    body = JSON.parse(request.body);
  } else {
    const headers = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const reading = CLIENT_FORMATS[format as ClientName].read({
      method: request.method,
      query: request.query,
      header: (name) => headers.get(name.toLowerCase()),
      body: request.body,
    });
    body = { locations: reading.kind === 'locations' ? reading.items.map((item) => item.location) : [] };
  }
  return parseLocations(body, receivedAt, DEFAULT_TIME_POLICY, Number.MAX_SAFE_INTEGER).records.map(
    ({ record }) => ({
      recordId: record.recordId,
      deviceId: record.deviceId,
      recordedAt: formatInstant(record.recordedAt),
    }),
  );
};
