import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type ClientFormat,
  type ClientRequest,
  type ClientResponse,
  clientFormatFor,
  parseQueryString,
  receiveFromClient,
} from '../../../src/application/clients';
import { errorResponse } from '../../../src/application/receive/receive-response';
import type { ReceiveService } from '../../../src/application/receive/receive-service';
import type { Clock } from '../../../src/ports';
import { count, METRIC, type Telemetry } from '../shared/telemetry';
import { eventBody, eventQueryString, headerOf } from './http-event';

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
const routeOf = (event: HttpEvent): { method: string; path: string } => {
  const key = event.routeKey ?? '';
  const space = key.indexOf(' ');
  if (key !== '$default' && space > 0) return { method: key.slice(0, space), path: key.slice(space + 1) };
  return { method: event.requestContext?.http?.method ?? 'POST', path: event.rawPath ?? '' };
};

/** The tracking app whose route an event came in on (`/owntracks`, `/overland`, `/osmand`, `/`), if any. */
export const clientFormatOfEvent = (event: HttpEvent): ClientFormat | undefined => {
  const { method, path } = routeOf(event);
  return clientFormatFor(method, path);
};

/** An HTTP API event as the client formats read it. */
export const clientRequestOfEvent = (event: HttpEvent, body: string): ClientRequest => ({
  method: (event.requestContext?.http?.method ?? routeOf(event).method).toUpperCase(),
  query: parseQueryString(eventQueryString(event)),
  header: (name) => headerOf(event, name),
  body,
});

/** A client's answer as the Lambda result (JSON, or an empty body). */
export const clientResult = (response: ClientResponse): APIGatewayProxyStructuredResultV2 => ({
  statusCode: response.status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...response.headers },
  body: response.body === undefined ? '' : JSON.stringify(response.body),
});

const rejectedItems = (body: unknown): number => {
  const rejected = (body as { rejected?: unknown } | undefined)?.rejected;
  return Array.isArray(rejected) ? new Set(rejected.map((r: { index?: unknown }) => r.index)).size : 0;
};

export interface ClientAnswerDeps {
  readonly receive: Pick<ReceiveService, 'accept'>;
  readonly clock: Clock;
  readonly maxBodyBytes: number;
  readonly telemetry: Telemetry;
}

/**
 * `parse_request` for the tracking apps' routes: answers exactly as the local server's client
 * routes do (413 over `LOCUS_MAX_BODY_BYTES` first), and counts records and requests as the
 * native route does.
 */
export const createClientAnswer =
  (deps: ClientAnswerDeps) =>
  async (
    format: ClientFormat,
    event: HttpEvent,
    requestId: string,
  ): Promise<APIGatewayProxyStructuredResultV2> => {
    const { telemetry, maxBodyBytes } = deps;
    const body = eventBody(event);
    let response: ClientResponse;
    if (body.bytes > maxBodyBytes) {
      response = errorResponse(413, 'payload_too_large', `the body is larger than ${maxBodyBytes} bytes`);
    } else {
      const answer = await receiveFromClient(format, clientRequestOfEvent(event, body.text), deps.receive, {
        requestId,
        receivedAt: deps.clock.now(),
      });
      response = answer.response;
      if (answer.accepted > 0) count(telemetry, { [METRIC.acceptedRecords]: answer.accepted });
      if (answer.failure !== undefined) {
        telemetry.logger.error('a request could not be received', {
          status: response.status,
          client: format.name,
          error: answer.failure as Error,
        });
      }
    }
    count(telemetry, { [METRIC.rejectedRecords]: rejectedItems(response.body) });
    if (response.status >= 500) count(telemetry, { [METRIC.failedRequests]: 1 });
    else if (response.status >= 400) count(telemetry, { [METRIC.refusedRequests]: 1 });
    telemetry.logger.debug('request answered', { status: response.status, client: format.name });
    return clientResult(response);
  };
