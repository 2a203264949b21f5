import { answerClient, type ClientFormat, type ClientRequest } from '../../src/adapters/ingest';
import { InMemoryRejectedStore } from '../../src/adapters/memory';
import { ClientIntake } from '../../src/application/clients';
import { ReceiveService } from '../../src/application/receive/receive-service';
import { type CoreSettings, DEFAULT_CORE_SETTINGS } from '../../src/application/settings';
import type { LocationRecord } from '../../src/domain';
import { queueThat } from '../support/failing-queue';

/**
 * OwnTracks: the payload of the Recorder's documentation ("Assuming an OwnTracks device publishes
 * this payload"), https://github.com/owntracks/recorder/blob/master/doc/HOOKS.md. Its `cog` and
 * `vel` of -1 are iOS's "unknown".
 */
export const OWNTRACKS_RECORDER_EXAMPLE =
  '{"cog":-1,"batt":-1,"lon":2.29513,"acc":5,"vel":-1,"vac":-1,"lat":48.85833,"t":"u","tst":1441984413,"alt":0,"_type":"location","tid":"JJ"}';

/**
 * OwnTracks: a location with every element the booklet lists for `_type=location`
 * (https://owntracks.org/booklet/tech/json/: acc m, alt m, batt %, bs, cog °, lat, lon, t, tid,
 * tst epoch s, vac m, vel km/h, conn, topic (HTTP only), inregions, SSID, BSSID, created_at).
 */
export const OWNTRACKS_BOOKLET_LOCATION = {
  _type: 'location',
  acc: 12,
  alt: 41,
  batt: 85,
  bs: 1,
  cog: 270,
  lat: 35.681236,
  lon: 139.767125,
  t: 'u',
  tid: 'JP',
  tst: 1795857240,
  vac: 3,
  vel: 54,
  conn: 'w',
  topic: 'owntracks/jane/phone',
  inregions: ['Home'],
  SSID: 'home-wifi',
  BSSID: 'b0:f2:8:45:94:33',
  created_at: 1795857241,
};

/** OwnTracks messages that are not locations, as the booklet describes them (https://owntracks.org/booklet/tech/json/). */
export const OWNTRACKS_OTHER_MESSAGES: readonly Record<string, unknown>[] = [
  { _type: 'lwt', tst: 1795857240 },
  {
    _type: 'transition',
    wtst: 1795851000,
    lat: 35.681236,
    lon: 139.767125,
    tst: 1795857240,
    acc: 20,
    tid: 'JP',
    event: 'enter',
    desc: 'Office',
    t: 'c',
  },
  { _type: 'waypoint', desc: 'Office', lat: 35.681236, lon: 139.767125, rad: 100, tst: 1795851000 },
  { _type: 'card', name: 'Jane', face: '' },
  { _type: 'status', android: { hib: 1 } },
];

/**
 * Overland: the request body of the README's API section, https://github.com/aaronpk/Overland-iOS#api
 * (its optional "current" and "trip" placeholders left out). Its `device_id` is the empty string
 * the app sends when no device id is configured.
 */
export const OVERLAND_README_EXAMPLE = {
  locations: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [-122.030581, 37.3318] },
      properties: {
        timestamp: '2015-10-01T08:00:00-0700',
        altitude: 0,
        speed: 4,
        horizontal_accuracy: 30,
        vertical_accuracy: -1,
        motion: ['driving', 'stationary'],
        pauses: false,
        activity: 'other_navigation',
        desired_accuracy: 100,
        deferred: 1000,
        significant_change: 'disabled',
        locations_in_payload: 1,
        battery_state: 'charging',
        battery_level: 0.89,
        device_id: '',
        wifi: '',
      },
    },
  ],
};

/** When the README example was recorded: 2015-10-01T08:00:00-07:00. */
export const OVERLAND_README_TIME = Date.UTC(2015, 9, 1, 15, 0, 0);

/**
 * Traccar Client / OsmAnd: the query of the protocol page's example,
 * `?id=123456&lat={0}&lon={1}&timestamp={2}&hdop={3}&altitude={4}&speed={5}`
 * (https://www.traccar.org/osmand/), with values filled in.
 */
export const OSMAND_DOC_EXAMPLE_QUERY =
  'id=123456&lat=35.681236&lon=139.767125&timestamp=1795857240&hdop=1.2&altitude=40.5&speed=10';

/**
 * Traccar Client for Android: the parameters its ProtocolFormatter sends (id, timestamp in
 * seconds, lat, lon, speed in knots, bearing, altitude, accuracy, batt),
 * https://github.com/traccar/traccar-client-android/blob/master/app/src/main/java/org/traccar/client/ProtocolFormatter.kt
 */
export const TRACCAR_CLIENT_QUERY =
  'id=48241179&timestamp=1795857240&lat=35.681236&lon=139.767125&speed=19.438440000000003&bearing=92.5&altitude=40.0&accuracy=8.0&batt=76.0';

/**
 * Traccar Client 9+: the JSON format of the protocol page (https://www.traccar.org/osmand/), its
 * comments removed.
 */
export const TRACCAR_JSON_EXAMPLE = {
  location: {
    timestamp: '2000-01-01T00:00:00.000Z',
    coords: { latitude: 0.0, longitude: 0.0, accuracy: 0, speed: 0, heading: 0, altitude: 0 },
    is_moving: false,
    odometer: 0,
    event: 'motionchange',
    battery: { level: 1, is_charging: false },
    activity: { type: 'still' },
    extras: {},
  },
  device_id: '48241179',
};

/** 2026-11-28T09:15:00Z (the tests' time of receipt) in epoch ms, and a fix a minute before it in epoch seconds. */
export const NOW = Date.UTC(2026, 10, 28, 9, 15, 0);
export const FIX_SECONDS = 1795857240;

/** A request as a client format reads it. */
export const clientRequest = (
  options: { method?: string; query?: string; headers?: Record<string, string>; body?: string } = {},
): ClientRequest => {
  const headers = new Map(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(options.query ?? '')) query[name] = value;
  return {
    method: options.method ?? 'POST',
    query,
    header: (name) => headers.get(name.toLowerCase()),
    body: options.body ?? '',
  };
};

export const JSON_TYPE = { 'content-type': 'application/json' };

/** OwnTracks' HTTP mode: a JSON body, the user and device in the `X-Limit-U` and `X-Limit-D` headers. */
export const JANE = { ...JSON_TYPE, 'x-limit-u': 'jane', 'x-limit-d': 'phone' };

/**
 * What a client format's route makes of one request (a body that is not a string is sent as its
 * JSON), received at `receivedAt` ({@link NOW} by default), over a queue and a rejected store that
 * keep what they are given: its answer, the records it put on the queue, the items it kept as
 * rejected, and the answer's body.
 */
export const receiveAs = async (
  format: ClientFormat,
  options: {
    method?: string;
    query?: string;
    headers?: Record<string, string>;
    body?: unknown;
    receivedAt?: number;
    settings?: Partial<CoreSettings>;
  } = {},
) => {
  const enqueued: LocationRecord[] = [];
  const settings = { ...DEFAULT_CORE_SETTINGS, ...options.settings };
  const receive = new ReceiveService(
    queueThat(async (records) => {
      enqueued.push(...records);
    }),
    settings,
  );
  const store = new InMemoryRejectedStore();
  const { body } = options;
  const request = clientRequest({ ...options, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const receivedAt = options.receivedAt ?? NOW;
  const intake = new ClientIntake(receive, store, settings);
  const { response, outcome } = await answerClient(intake, format, request, format.read(request), {
    requestId: 'r1',
    receivedAt,
    route: `/${format.name}`,
  });
  const kept = (await Promise.all((await store.dates()).map((date) => store.list(date)))).flat();
  return {
    response,
    accepted: outcome.accepted,
    rejected: outcome.rejected,
    event: outcome.kind === 'received' ? outcome.event : undefined,
    failure: outcome.kind === 'failed' ? outcome.error : undefined,
    records: enqueued,
    kept,
    body: response.body as Record<string, unknown>,
  };
};
