import {
  FIX_SECONDS,
  JANE,
  JSON_TYPE,
  OSMAND_DOC_EXAMPLE_QUERY,
  OVERLAND_README_EXAMPLE,
  OVERLAND_README_TIME,
  OWNTRACKS_BOOKLET_LOCATION,
  OWNTRACKS_RECORDER_EXAMPLE,
  TRACCAR_CLIENT_QUERY,
  TRACCAR_JSON_EXAMPLE,
} from './client-fixtures';

/** One request of a tracking app, as sent over HTTP (the same through the server and the Lambda handler). */
export interface ClientCase {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** When the server receives it (epoch ms); a minute after the fix unless the example is older. */
  readonly receivedAt?: number;
  readonly env?: Record<string, string>;
  readonly status: number;
  /** How many of its items are kept as refused (none when absent). */
  readonly kept?: number;
}

const json = (value: unknown): string => JSON.stringify(value);

const overlandFeature = (coordinates: unknown, deviceId = 'phone-7') => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties: {
    timestamp: '2026-11-28T09:14:00Z',
    speed: 2,
    horizontal_accuracy: 10,
    altitude: 40,
    device_id: deviceId,
  },
});

/**
 * Each app's documented example, the malformed variants of each, and the edge cases of their
 * replies. A message of an app is always answered with its "ok" (2xx) once its valid locations are
 * durable and its refused items kept; only a request that is no message at all is refused.
 */
export const CLIENT_CASES: readonly ClientCase[] = [
  {
    name: "OwnTracks: the Recorder's documented payload",
    method: 'POST',
    path: '/owntracks',
    headers: JANE,
    body: OWNTRACKS_RECORDER_EXAMPLE,
    receivedAt: (1441984413 + 60) * 1000,
    status: 202,
  },
  {
    name: "OwnTracks: a location with the booklet's elements, charset and ?u=&d=",
    method: 'POST',
    path: '/owntracks',
    query: 'u=joe&d=tablet',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: json(OWNTRACKS_BOOKLET_LOCATION),
    status: 202,
  },
  {
    name: 'OwnTracks: an lwt message',
    method: 'POST',
    path: '/owntracks',
    headers: JANE,
    body: json({ _type: 'lwt', tst: FIX_SECONDS }),
    status: 200,
  },
  {
    name: 'OwnTracks: a zero-length body',
    method: 'POST',
    path: '/owntracks',
    headers: { 'x-limit-u': 'jane', 'x-limit-d': 'phone' },
    status: 200,
  },
  {
    name: 'OwnTracks: malformed JSON',
    method: 'POST',
    path: '/owntracks',
    headers: JANE,
    body: '{"_type":',
    status: 200,
    kept: 1,
  },
  {
    name: 'OwnTracks: not JSON',
    method: 'POST',
    path: '/owntracks',
    headers: { ...JANE, 'content-type': 'text/plain' },
    body: OWNTRACKS_RECORDER_EXAMPLE,
    status: 200,
    kept: 1,
  },
  {
    name: 'OwnTracks: latitude out of range',
    method: 'POST',
    path: '/owntracks',
    headers: JANE,
    body: json({ ...OWNTRACKS_BOOKLET_LOCATION, lat: 123 }),
    status: 200,
    kept: 1,
  },
  {
    name: 'OwnTracks: no device named',
    method: 'POST',
    path: '/owntracks',
    headers: JSON_TYPE,
    body: json({ _type: 'location', lat: 1, lon: 2, tst: FIX_SECONDS }),
    status: 200,
    kept: 1,
  },
  {
    name: "Overland: the README's example with ?device_id=",
    method: 'POST',
    path: '/overland',
    query: 'device_id=iphone-aaron',
    headers: JSON_TYPE,
    body: json(OVERLAND_README_EXAMPLE),
    receivedAt: OVERLAND_README_TIME + 60_000,
    status: 202,
  },
  {
    name: "Overland: the README's example without a device id",
    method: 'POST',
    path: '/overland',
    headers: JSON_TYPE,
    body: json(OVERLAND_README_EXAMPLE),
    receivedAt: OVERLAND_README_TIME + 60_000,
    status: 200,
    kept: 1,
  },
  {
    name: 'Overland: a partly invalid batch',
    method: 'POST',
    path: '/overland',
    headers: JSON_TYPE,
    body: json({
      locations: [overlandFeature([139.76, 35.68]), overlandFeature([139.76, 95]), { type: 'Feature' }],
    }),
    status: 202,
    kept: 2,
  },
  {
    name: 'Overland: malformed JSON',
    method: 'POST',
    path: '/overland',
    headers: JSON_TYPE,
    body: '{"locations": [',
    status: 200,
    kept: 1,
  },
  {
    name: 'Overland: an empty batch',
    method: 'POST',
    path: '/overland',
    headers: JSON_TYPE,
    body: '{"locations": []}',
    status: 200,
  },
  {
    name: 'Overland: not JSON',
    method: 'POST',
    path: '/overland',
    headers: { 'content-type': 'text/plain' },
    body: json(OVERLAND_README_EXAMPLE),
    status: 200,
    kept: 1,
  },
  {
    name: 'Overland: a batch over LOCUS_MAX_BODY_BYTES',
    method: 'POST',
    path: '/overland',
    headers: JSON_TYPE,
    body: json({ locations: Array.from({ length: 20 }, () => overlandFeature([139.76, 35.68])) }),
    env: { LOCUS_MAX_BODY_BYTES: '1KiB' },
    status: 413,
  },
  {
    name: 'Overland: a batch over LOCUS_MAX_BATCH',
    method: 'POST',
    path: '/overland',
    headers: JSON_TYPE,
    body: json({ locations: [1, 2, 3].map((n) => overlandFeature([139.76, 35.68 + n / 1000])) }),
    env: { LOCUS_MAX_BATCH: '2' },
    status: 200,
    kept: 3,
  },
  {
    name: "OsmAnd: the protocol page's example as a GET",
    method: 'GET',
    path: '/osmand',
    query: OSMAND_DOC_EXAMPLE_QUERY,
    headers: {},
    status: 202,
  },
  {
    name: 'Traccar Client: a POST to the root with its query and no body',
    method: 'POST',
    path: '/',
    query: TRACCAR_CLIENT_QUERY,
    headers: {},
    status: 202,
  },
  {
    name: 'Traccar Client: form parameters in the body',
    method: 'POST',
    path: '/osmand',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: TRACCAR_CLIENT_QUERY,
    status: 202,
  },
  {
    name: "Traccar Client 9: the protocol page's JSON example",
    method: 'POST',
    path: '/osmand',
    headers: JSON_TYPE,
    body: json(TRACCAR_JSON_EXAMPLE),
    receivedAt: Date.UTC(2000, 0, 1, 0, 1, 0),
    status: 200,
    kept: 1,
  },
  {
    name: 'OsmAnd: no id',
    method: 'GET',
    path: '/osmand',
    query: `lat=35&lon=139&timestamp=${FIX_SECONDS}`,
    headers: {},
    status: 200,
    kept: 1,
  },
  {
    name: 'OsmAnd: latitude as text',
    method: 'GET',
    path: '/',
    query: `id=a&lat=x&lon=139&timestamp=${FIX_SECONDS}`,
    headers: {},
    status: 200,
    kept: 1,
  },
  { name: 'OsmAnd: no parameters at all', method: 'GET', path: '/osmand', headers: {}, status: 400 },
  {
    name: 'OwnTracks: a trailing slash',
    method: 'POST',
    path: '/owntracks/',
    headers: JANE,
    body: OWNTRACKS_RECORDER_EXAMPLE,
    receivedAt: (1441984413 + 60) * 1000,
    status: 202,
  },
  {
    name: 'OsmAnd: a trailing slash',
    method: 'GET',
    path: '/osmand/',
    query: OSMAND_DOC_EXAMPLE_QUERY,
    headers: {},
    status: 202,
  },
  {
    name: 'Overland: a trailing slash',
    method: 'POST',
    path: '/overland/',
    query: 'device_id=iphone-aaron',
    headers: JSON_TYPE,
    body: json(OVERLAND_README_EXAMPLE),
    receivedAt: OVERLAND_README_TIME + 60_000,
    status: 202,
  },
  {
    name: 'OsmAnd: malformed JSON',
    method: 'POST',
    path: '/osmand',
    headers: JSON_TYPE,
    body: '{"location":',
    status: 200,
    kept: 1,
  },
];
