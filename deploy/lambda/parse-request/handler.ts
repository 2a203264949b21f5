import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import {
  acceptedResponse,
  errorResponse,
  failureResponse,
  type IngestResponse,
  parseJsonBody,
  ReceiveService,
} from '../../../src/application';
import type { EntryRoot } from '../shared/entry-root';
import { count, METRIC, type Telemetry, withInvocation } from '../shared/telemetry';
import { clientFormatOfEvent, createClientAnswer } from './client-answer';
import { eventBody, headerOf } from './http-event';
import { createInvocationGuard, IngestGuard } from './ingest-security';

export type ParseRequestHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

const toResult = (response: IngestResponse): APIGatewayProxyStructuredResultV2 => ({
  statusCode: response.status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...response.headers },
  body: JSON.stringify(response.body),
});

/** How many items of the request were refused (a rejection names an item once per bad field). */
const rejectedItems = (response: IngestResponse): number => {
  const rejected = response.body.rejected;
  if (!Array.isArray(rejected)) return 0;
  return new Set(rejected.map((r: { index?: unknown }) => r.index)).size;
};

/**
 * `parse_request`: `POST /locations` from an HTTP API (payload 2.0). Answers exactly as the local
 * server does: 202 once the records are on the queue (with each refused item of a batch), 400 when
 * nothing valid was sent, 413 over `LOCUS_MAX_BODY_BYTES`, 415 when the body is not JSON, 503 when
 * the queue cannot take the records; 401, 403 and 429 from the device token checks and limits
 * (`ingest-security.ts`). Counts accepted and rejected records as metrics.
 */
export const createParseRequestHandler = (root: EntryRoot, telemetry: Telemetry): ParseRequestHandler => {
  const receive = root.get(ReceiveService);
  const { maxBodyBytes } = root.config.http;
  const { logger } = telemetry;

  const answer = async (event: APIGatewayProxyEventV2, requestId: string): Promise<IngestResponse> => {
    const body = eventBody(event);
    if (body.bytes > maxBodyBytes) {
      return errorResponse(413, 'payload_too_large', `the body is larger than ${maxBodyBytes} bytes`);
    }
    const parsed = parseJsonBody(body.text, headerOf(event, 'content-type'));
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

  const answerClient = createClientAnswer({ receive, clock: root.clock, maxBodyBytes, telemetry });
  const guard = createInvocationGuard(root.get(IngestGuard), maxBodyBytes);

  return (event, context) => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    return withInvocation(telemetry, context, requestId, async () => {
      const refused = await guard(event);
      if (refused !== undefined) {
        count(telemetry, { [METRIC.refusedRequests]: 1 });
        return toResult(refused);
      }
      // The tracking apps' routes (POST /owntracks, POST /overland, GET|POST /osmand and /).
      const client = clientFormatOfEvent(event);
      if (client !== undefined) return answerClient(client, event, requestId);
      const response = await answer(event, requestId);
      count(telemetry, { [METRIC.rejectedRecords]: rejectedItems(response) });
      if (response.status >= 500) count(telemetry, { [METRIC.failedRequests]: 1 });
      else if (response.status >= 400) count(telemetry, { [METRIC.refusedRequests]: 1 });
      logger.debug('request answered', { status: response.status });
      return toResult(response);
    });
  };
};
