import { parseJsonBody } from '../receive/receive-response';
import {
  type ClientFormat,
  type ClientReading,
  type ClientRequest,
  invalidRequest,
  isPlainObject,
  reply,
  unlessNegative,
} from './client-format';
import { kmhToMetresPerSecond } from './speed-units';

/** `owntracks/<user>/<device>`: the topic an app publishes its locations to (sent as `topic` over HTTP). */
const TOPIC = /^owntracks\/([^/]+)\/([^/]+)$/;

const trimmed = (value: string | undefined): string | undefined => {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
};

/**
 * The device id of an OwnTracks request: `<user>:<device>`, or `<device>` when no user is named.
 * User and device are read as a pair from the first source that names a device: the
 * `X-Limit-U` / `X-Limit-D` headers, else `?u=` / `?d=`, else the message's `topic`
 * (`owntracks/<user>/<device>`).
 */
export const ownTracksDeviceId = (
  request: ClientRequest,
  message: Record<string, unknown>,
): string | undefined => {
  const topic = typeof message.topic === 'string' ? TOPIC.exec(message.topic) : null;
  const sources: readonly (readonly [string | undefined, string | undefined])[] = [
    [request.header('x-limit-u'), request.header('x-limit-d')],
    [request.query.u, request.query.d],
    [topic?.[1], topic?.[2]],
  ];
  for (const [user, device] of sources) {
    const named = trimmed(device);
    if (named === undefined) continue;
    const owner = trimmed(user);
    return owner === undefined ? named : `${owner}:${named}`;
  }
  return undefined;
};

/** A number converted; anything else is left as it is, for the receive rules to refuse by name. */
const converted = (value: unknown, convert: (n: number) => number): unknown =>
  typeof value === 'number' && Number.isFinite(value) ? convert(value) : value;

const readOwnTracks = (request: ClientRequest): ClientReading => {
  // The booklet: a zero-length payload is posted when a friend is deleted; it is to be ignored.
  if (request.body.trim() === '') return reply(200, []);
  const parsed = parseJsonBody(request.body, request.header('content-type'));
  if (!parsed.ok) return { kind: 'reply', response: parsed.response };
  const message = parsed.value;
  if (!isPlainObject(message) || typeof message._type !== 'string') {
    return {
      kind: 'reply',
      response: invalidRequest('an OwnTracks message is a JSON object with a "_type"', []),
    };
  }
  if (message._type === 'encrypted') {
    return {
      kind: 'reply',
      response: invalidRequest(
        'encrypted OwnTracks payloads are not supported: turn encryption off in the app',
        [{ index: 0, field: '_type', reason: '"encrypted" cannot be read' }],
      ),
    };
  }
  // Waypoints, transitions, cards, status, lwt, …: acknowledged with the reply the app expects, not stored.
  if (message._type !== 'location') return reply(200, []);
  const deviceId = ownTracksDeviceId(request, message);
  if (deviceId === undefined) {
    return {
      kind: 'locations',
      items: [],
      rejected: [
        {
          index: 0,
          field: 'X-Limit-D',
          reason:
            'no device named: send X-Limit-U/X-Limit-D, add ?u=<user>&d=<device> to the URL, or a topic',
        },
      ],
      ignored: 0,
    };
  }
  const location = {
    deviceId,
    latitude: message.lat,
    longitude: message.lon,
    timestamp: message.tst,
    accuracy: message.acc,
    altitude: message.alt,
    speed: unlessNegative(converted(message.vel, kmhToMetresPerSecond)),
    heading: unlessNegative(message.cog),
  };
  return { kind: 'locations', items: [{ index: 0, location }], rejected: [], ignored: 0 };
};

/**
 * OwnTracks in HTTP mode (https://owntracks.org/booklet/tech/http/): one JSON message per POST.
 * `_type: "location"` (lat, lon, tst epoch seconds, acc m, alt m, vel km/h, cog °) becomes one
 * record (a negative `vel` or `cog` means unknown); other message types and empty bodies are
 * acknowledged and ignored. The app expects a
 * JSON array on success (`[]`: nothing for it to act on); a 4xx makes it drop the message and show
 * the error, a 5xx or no answer makes it keep the message and send it again.
 */
export const ownTracksFormat: ClientFormat = {
  name: 'owntracks',
  fieldNames: {
    deviceId: 'X-Limit-U:X-Limit-D',
    latitude: 'lat',
    longitude: 'lon',
    timestamp: 'tst',
    accuracy: 'acc',
    altitude: 'alt',
    speed: 'vel',
    heading: 'cog',
  },
  read: readOwnTracks,
  accepted: (acceptance) => ({ status: acceptance.ids.length > 0 ? 202 : 200, body: [] }),
  refused: invalidRequest,
};
