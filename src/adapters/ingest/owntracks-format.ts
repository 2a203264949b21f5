import {
  type ClientFormat,
  type ClientReading,
  type ClientRequest,
  isPlainObject,
  reply,
  unlessNegative,
  unreadable,
  unreadableBody,
} from './client-format';
import { parseJsonBody } from './request-body';
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

/** The device the request's headers or URL name, for a message that cannot be read. */
const requestDeviceId = (request: ClientRequest): string | undefined => ownTracksDeviceId(request, {});

const readOwnTracks = (request: ClientRequest): ClientReading => {
  // The booklet: a zero-length payload is posted when a friend is deleted; it is to be ignored.
  if (request.body.trim() === '') return reply(200, []);
  const parsed = parseJsonBody(request.body, request.header('content-type'));
  if (!parsed.ok) return unreadableBody(parsed.response, requestDeviceId(request));
  const message = parsed.value;
  if (!isPlainObject(message) || typeof message._type !== 'string') {
    return unreadable(
      '_type',
      'an OwnTracks message is a JSON object with a "_type"',
      requestDeviceId(request),
    );
  }
  if (message._type === 'encrypted') {
    return unreadable(
      '_type',
      'encrypted OwnTracks payloads are not supported: turn encryption off in the app',
      requestDeviceId(request),
    );
  }
  // Waypoints, transitions, cards, status, lwt, …: acknowledged with the reply the app expects, not stored.
  if (message._type !== 'location') return reply(200, []);
  const deviceId = ownTracksDeviceId(request, message);
  const items = {
    raw: () => request.body,
    deviceIdOf: () => deviceId ?? null,
    ignored: 0,
  };
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
      ...items,
    };
  }
  const location = {
    deviceId,
    latitude: message.lat,
    longitude: message.lon,
    timestamp: message.tst,
    accuracy: message.acc,
    // iOS marks an invalid altitude with a negative vertical accuracy (`vac`); Android sends no `vac` or 0.
    altitude: unlessNegative(message.vac) === null ? null : message.alt,
    speed: unlessNegative(converted(message.vel, kmhToMetresPerSecond)),
    heading: unlessNegative(message.cog),
  };
  return { kind: 'locations', items: [{ index: 0, location }], rejected: [], ...items };
};

/**
 * OwnTracks in HTTP mode (https://owntracks.org/booklet/tech/http/): one JSON message per POST.
 * `_type: "location"` (lat, lon, tst epoch seconds, acc m, alt m, vac m, vel km/h, cog °) becomes
 * one record (a negative `vel` or `cog` means unknown, a negative `vac` an invalid altitude); other
 * message types and empty bodies are acknowledged and ignored. The app expects a JSON array on
 * success (`[]`: nothing for it to act on). The Android app keeps a message that got any other
 * answer than a 2xx at the head of its queue and sends it again, with backoff, before any later
 * one (HttpMessageProcessorEndpoint.kt); so a refused location is kept in the rejected store and
 * answered `200 []`, and only a failure on Locus's side (503) asks for it again.
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
};
