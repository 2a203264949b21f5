import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import {
  acceptedResponse,
  errorResponse,
  failureResponse,
  type IngestResponse,
  parseJsonBody,
  ReceiveService,
} from '../../../src/application';
import { ClientIntake, type ClientResponse, ingestMethodsOf } from '../../../src/application/clients';
import type { EntryRoot } from '../shared/entry-root';
import { count, METRIC, type Telemetry, withInvocation } from '../shared/telemetry';
import { clientFormatOfEvent, clientResult, createClientAnswer, routeOfEvent } from './client-answer';
import { eventBody, headerOf } from './http-event';
import { createInvocationGuard, IngestGuard } from './ingest-security';

export type ParseRequestHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** How many items of the request were refused (a rejection names an item once per bad field). */
const rejectedItems = (body: unknown): number => {
  const rejected = (body as { rejected?: unknown } | undefined)?.rejected;
  return Array.isArray(rejected) ? new Set(rejected.map((r: { index?: unknown }) => r.index)).size : 0;
};

/**
 * The answer to an event on no ingest route, as the local server gives it: `405` with `Allow` for
 * another method on an ingest path (`GET /locations`), `404` for any other path (API Gateway's
 * `$default` route hands those over); `undefined` for `POST /locations`.
 */
const unroutedAnswer = (event: APIGatewayProxyEventV2): ClientResponse | undefined => {
  const { method, path } = routeOfEvent(event);
  const allowed = ingestMethodsOf(path);
  if (path === '/locations' && method.toUpperCase() === 'POST') return undefined;
  if (allowed.length > 0) {
    return {
      status: 405,
      headers: { allow: allowed.join(', ') },
      body: { error: 'method_not_allowed', message: `${path} takes ${allowed.join(', ')}` },
    };
  }
  return { status: 404, body: { error: 'not_found', message: `no route ${method} ${path}` } };
};

/**
 * `parse_request`: `POST /locations` and the tracking apps' routes from an HTTP API (payload 2.0).
 * Answers exactly as the local server does: 202 once the records are on the queue (with each
 * refused item of a batch), 400 when nothing valid was sent, 413 over `LOCUS_MAX_BODY_BYTES`, 415
 * when the body is not JSON, 503 when the queue cannot take the records; 401, 403 and 429 from the
 * device token checks and limits (`ingest-security.ts`). Counts accepted and rejected records as
 * metrics. The route and the (decoded) body are read once per invocation.
 */
export const createParseRequestHandler = (root: EntryRoot, telemetry: Telemetry): ParseRequestHandler => {
  const receive = root.get(ReceiveService);
  const { maxBodyBytes } = root.config.http;
  const { logger } = telemetry;

  const answerNative = async (
    event: APIGatewayProxyEventV2,
    body: string,
    requestId: string,
  ): Promise<IngestResponse> => {
    const parsed = parseJsonBody(body, headerOf(event, 'content-type'));
    if (!parsed.ok) return parsed.response;
    try {
      const outcome = await receive.accept(parsed.value, { requestId, receivedAt: root.clock.now() });
      if (outcome.kind === 'accepted') count(telemetry, { [METRIC.acceptedRecords]: outcome.ids.length });
      return acceptedResponse(outcome);
    } catch (error) {
      const response = failureResponse(error);
      logger.error('a request could not be received', { status: response.status, error: error as Error });
      return response;
    }
  };

  const answerClient = createClientAnswer({ clients: root.get(ClientIntake), clock: root.clock, telemetry });
  const guard = createInvocationGuard(root.get(IngestGuard), maxBodyBytes);

  return (event, context) => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    return withInvocation(telemetry, context, requestId, async () => {
      // The tracking apps' routes (POST /owntracks, POST /overland, GET|POST /osmand and /), or none.
      const client = clientFormatOfEvent(event);
      const unrouted = client === undefined ? unroutedAnswer(event) : undefined;
      if (unrouted !== undefined) {
        count(telemetry, { [METRIC.refusedRequests]: 1 });
        return clientResult(unrouted);
      }
      const body = eventBody(event);
      const refused = await guard(event, client, body);
      if (refused !== undefined) {
        count(telemetry, { [METRIC.refusedRequests]: 1 });
        return clientResult(refused);
      }
      let response: ClientResponse;
      let rejected = 0;
      if (body.bytes > maxBodyBytes) {
        response = errorResponse(413, 'payload_too_large', `the body is larger than ${maxBodyBytes} bytes`);
      } else if (client === undefined) {
        response = await answerNative(event, body.text, requestId);
        rejected = rejectedItems(response.body);
      } else {
        const answer = await answerClient(client, event, body.text, requestId);
        response = answer.response;
        rejected = answer.rejected;
      }
      count(telemetry, { [METRIC.rejectedRecords]: rejected });
      if (response.status >= 500) count(telemetry, { [METRIC.failedRequests]: 1 });
      else if (response.status >= 400) count(telemetry, { [METRIC.refusedRequests]: 1 });
      logger.debug('request answered', {
        status: response.status,
        ...(client === undefined ? {} : { client: client.name }),
      });
      return clientResult(response);
    });
  };
};
