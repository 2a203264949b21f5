import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type ClientAnswer,
  type ClientFormat,
  type ClientIntake,
  type ClientRequest,
  type ClientResponse,
  clientFormatFor,
  parseQueryString,
  routePath,
} from '../../../src/application/clients';
import type { Clock } from '../../../src/ports';
import { count, METRIC, type Telemetry } from '../shared/telemetry';
import { eventQueryString, headerOf } from './http-event';

type HttpEvent = Pick<
  APIGatewayProxyEventV2,
  | 'routeKey'
  | 'rawPath'
  | 'rawQueryString'
  | 'queryStringParameters'
  | 'headers'
  | 'body'
  | 'isBase64Encoded'
  | 'requestContext'
>;

/** The method and path of an event: from its route key (`POST /owntracks`), else from the request. */
export const routeOfEvent = (event: HttpEvent): { method: string; path: string } => {
  const key = event.routeKey ?? '';
  const space = key.indexOf(' ');
  if (key !== '$default' && space > 0)
    return { method: key.slice(0, space), path: routePath(key.slice(space + 1)) };
  return { method: event.requestContext?.http?.method ?? 'POST', path: routePath(event.rawPath ?? '') };
};

/** The tracking app whose route an event came in on (`/owntracks`, `/overland`, `/osmand`, `/`), if any. */
export const clientFormatOfEvent = (event: HttpEvent): ClientFormat | undefined => {
  const { method, path } = routeOfEvent(event);
  return clientFormatFor(method, path);
};

/** An HTTP API event as the client formats read it. */
export const clientRequestOfEvent = (event: HttpEvent, body: string): ClientRequest => ({
  method: (event.requestContext?.http?.method ?? routeOfEvent(event).method).toUpperCase(),
  query: parseQueryString(eventQueryString(event)),
  header: (name) => headerOf(event, name),
  body,
});

/** An answer as the Lambda result (JSON, or an empty body). */
export const clientResult = (response: ClientResponse): APIGatewayProxyStructuredResultV2 => ({
  statusCode: response.status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...response.headers },
  body: response.body === undefined ? '' : JSON.stringify(response.body),
});

export interface ClientAnswerDeps {
  readonly clients: Pick<ClientIntake, 'receive'>;
  readonly clock: Clock;
  readonly telemetry: Telemetry;
}

/**
 * `parse_request` for the tracking apps' routes, once the body is known to fit: answers exactly as
 * the local server's client routes do (the refused items kept in the rejected store), counting the
 * accepted records and logging a failure.
 */
export const createClientAnswer =
  (deps: ClientAnswerDeps) =>
  async (format: ClientFormat, event: HttpEvent, body: string, requestId: string): Promise<ClientAnswer> => {
    const answer = await deps.clients.receive(format, clientRequestOfEvent(event, body), {
      requestId,
      receivedAt: deps.clock.now(),
      route: routeOfEvent(event).path,
    });
    if (answer.accepted > 0) count(deps.telemetry, { [METRIC.acceptedRecords]: answer.accepted });
    if (answer.failure !== undefined) {
      deps.telemetry.logger.error('a request could not be received', {
        status: answer.response.status,
        client: format.name,
        error: answer.failure as Error,
      });
    }
    return answer;
  };
