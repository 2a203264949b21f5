import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { IngestCore } from '../../../src/adapters/ingest';
import { ReceiveService } from '../../../src/application';
import { ClientIntake } from '../../../src/application/clients/client-intake';
import { IngestGuard } from '../../../src/application/security/ingest-guard';
import type { EntryRoot } from '../shared/entry-root';
import { count, METRIC, type Telemetry, withInvocation } from '../shared/telemetry';
import { ingestRequestOf, lambdaResult } from './http-event';

export type ParseRequestHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * `parse_request`: `POST /locations` and the tracking apps' routes from an HTTP API (payload 2.0),
 * a shim over the ingest core, which answers exactly as the local server does (its routes, guards,
 * body decoding and answers are the same code). Counts accepted and rejected records and refused
 * and failed requests as metrics, and logs a failure.
 */
export const createParseRequestHandler = (root: EntryRoot, telemetry: Telemetry): ParseRequestHandler => {
  const { logger } = telemetry;
  const core = new IngestCore({
    receive: root.get(ReceiveService),
    clients: root.get(ClientIntake),
    clock: root.clock,
    maxBodyBytes: root.config.http.maxBodyBytes,
    guard: root.get(IngestGuard),
  });

  return (event, context) => {
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    return withInvocation(telemetry, context, requestId, async () => {
      const reply = await core.handle(ingestRequestOf(event, requestId));
      const { response } = reply;
      if (reply.refused) {
        count(telemetry, { [METRIC.refusedRequests]: 1 });
        return lambdaResult(response);
      }
      const facts = {
        status: response.status,
        ...(reply.client === undefined ? {} : { client: reply.client }),
      };
      if (reply.accepted > 0) count(telemetry, { [METRIC.acceptedRecords]: reply.accepted });
      if (reply.failure !== undefined)
        logger.error('a request could not be received', { ...facts, error: reply.failure as Error });
      count(telemetry, { [METRIC.rejectedRecords]: reply.rejected });
      if (response.status >= 500) count(telemetry, { [METRIC.failedRequests]: 1 });
      else if (response.status >= 400) count(telemetry, { [METRIC.refusedRequests]: 1 });
      logger.debug('request answered', facts);
      return lambdaResult(response);
    });
  };
};
