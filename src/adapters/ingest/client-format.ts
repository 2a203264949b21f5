import type { ClientMessage, MappedItem, NativeLocation } from '../../application/clients/client-message';
import type { Rejection } from '../../application/receive/parse-locations';

export { isPlainObject } from '../../application/receive/parse-locations';
export type { MappedItem, NativeLocation };

/** The names of the client formats Locus takes besides its own. */
export type ClientName = 'owntracks' | 'overland' | 'osmand';

/** An HTTP request from a tracking app, whatever carried it (the local server or API Gateway). */
export interface ClientRequest {
  /** `GET`, `POST`, … in upper case. */
  readonly method: string;
  /** The query string's parameters, decoded; of a repeated name, the last value. */
  readonly query: Readonly<Record<string, string>>;
  /** A header's value by its name, in any case. */
  header(name: string): string | undefined;
  /** The body as text (empty when there is none). */
  readonly body: string;
}

/** A transport-neutral answer whose body may be any JSON value (OwnTracks expects an array). */
export interface ClientResponse {
  readonly status: number;
  /** The JSON body; `undefined` for an empty body. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The items of a request that holds locations (or items that should be), before the app is named. */
export interface ClientItems extends Omit<ClientMessage, 'client' | 'fieldNames'> {
  readonly kind: 'locations';
  /** Field names of this request's variant of the format, when they differ from the format's. */
  readonly fieldNames?: Readonly<Record<string, string>>;
}

/** What a client's request holds once read. */
export type ClientReading =
  /** Nothing to store: an acknowledgement (e.g. an OwnTracks message that is not a location), or no message at all. */
  | { readonly kind: 'reply'; readonly response: ClientResponse }
  /** A message the app sent that cannot be read as its format: kept whole as one refused item. */
  | {
      readonly kind: 'unreadable';
      readonly field: string;
      readonly reason: string;
      readonly deviceId?: string;
    }
  | ClientItems;

/** What became of the locations of a request of which at least one was stored (or none was sent). */
export interface ClientAcceptance {
  /** The record ids of the stored locations, in payload order. */
  readonly ids: readonly string[];
  /** The refused items, by their index in the client's payload and the client's field names. */
  readonly rejected: readonly Rejection[];
  /** Items acknowledged without being stored because they are not locations. */
  readonly ignored: number;
}

/** One client format: how to read its requests and how to answer them the way the app expects. */
export interface ClientFormat {
  readonly name: ClientName;
  /** The client's name of each native field, for rejections (`latitude` → `lat`). */
  readonly fieldNames: Readonly<Record<string, string>>;
  read(request: ClientRequest): ClientReading;
  /**
   * The app's "ok": the request's valid locations are durable and its refused items are kept in
   * the rejected store (or it held none of either), so the app may move on to its next message.
   */
  accepted(acceptance: ClientAcceptance): ClientResponse;
  /** The answer to a failure on Locus's side (503: the app sends the message again), as the app needs it. */
  failed?(response: ClientResponse): ClientResponse;
}

/**
 * A negative speed or course is how CoreLocation (iOS) and the apps built on it mark an unknown
 * value (e.g. `"vel": -1` in OwnTracks's own example payloads): the record leaves it empty.
 */
export const unlessNegative = (value: unknown): unknown =>
  typeof value === 'number' && value < 0 ? null : value;

/** A client's reply that stores nothing. */
export const reply = (status: number, body?: unknown): ClientReading => ({
  kind: 'reply',
  response: body === undefined ? { status } : { status, body },
});

/** The native refusal body (`400 invalid_request`), for a request that is no message of the app. */
export const invalidRequest = (message: string): ClientResponse => ({
  status: 400,
  body: { error: 'invalid_request', message, rejected: [] },
});

/** A message that cannot be read as the app's format (kept whole as one refused item). */
export const unreadable = (field: string, reason: string, deviceId?: string): ClientReading =>
  deviceId === undefined
    ? { kind: 'unreadable', field, reason }
    : { kind: 'unreadable', field, reason, deviceId };

/** A body that is not JSON as an unreadable message: the reason of the native 400/415. */
export const unreadableBody = (response: ClientResponse, deviceId?: string): ClientReading => {
  const message = (response.body as { message?: unknown } | undefined)?.message;
  return unreadable('', typeof message === 'string' ? message : 'the body cannot be read', deviceId);
};

/** A number that is at most 0 (an app's "unknown"), or any other value as it is. */
export const unlessPositive = (value: unknown): unknown =>
  typeof value === 'number' && value <= 0 ? null : value;

/** A query string (`a=1&b=2`, with or without the leading `?`) as name → last value. */
export const parseQueryString = (text: string): Record<string, string> => {
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text.startsWith('?') ? text.slice(1) : text))
    query[name] = value;
  return query;
};
