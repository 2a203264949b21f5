import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { ReceiveService } from '../../../src/application/receive/receive-service';
import { DEFAULT_CORE_SETTINGS } from '../../../src/application/settings';
import { TOKENS } from '../../../src/application/tokens';
import type { LocationQueue } from '../../../src/ports';
import { httpFixture, NOW } from '../../../test/http/http-fixture';
import { ManualClock } from '../../../test/support/manual-clock';
import { lambdaContext, routeEvent } from './lambda-fixtures';
import { parseRequestFixture } from './parse-request-fixture';

/** One request to an ingest route, sent alike to `parse_request` and to the local server. */
export interface ParityRequest {
  readonly method: string;
  readonly path: string;
  /** The query string, without `?`. */
  readonly query?: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  /** `LOCUS_*` settings of both (over the memory profile). */
  readonly env?: Record<string, string>;
  /** When the request arrives (epoch ms); {@link NOW} by default. */
  readonly receivedAt?: number;
}

/** What parity tests compare of an answer: status, the headers that matter, the JSON body. */
export interface ComparedAnswer {
  readonly status: number | undefined;
  readonly contentType: unknown;
  readonly retryAfter: unknown;
  /** The body parsed as JSON; undefined when it is empty. */
  readonly body: unknown;
}

/** The event an HTTP API (payload 2.0) hands `parse_request` for a request. */
export const parityEvent = (request: ParityRequest): APIGatewayProxyEventV2 =>
  routeEvent(`${request.method} ${request.path}`, {
    headers: request.headers,
    rawQueryString: request.query ?? '',
    ...(request.body === undefined ? {} : { body: request.body }),
  });

const parsedBody = (text: string | undefined): unknown =>
  text === '' ? undefined : JSON.parse(text as string);

/**
 * `parse_request`'s answer to a request (memory profile; `queue` stands in for its queue when
 * given), and the ids of the records it put on the queue.
 */
export const lambdaAnswer = async (
  request: ParityRequest,
  queue?: LocationQueue,
): Promise<{ answer: ComparedAnswer; queued: string[] }> => {
  const lambda = parseRequestFixture(request.env, {
    clock: new ManualClock(request.receivedAt ?? NOW),
    ...(queue === undefined ? {} : { queue }),
  });
  try {
    const result = await lambda.handler(parityEvent(request), lambdaContext('parse_request'));
    const leased = await lambda.root.get(TOKENS.queue).lease(100, 60_000);
    const headers = result.headers ?? {};
    return {
      answer: {
        status: result.statusCode,
        contentType: headers['content-type'],
        retryAfter: headers['retry-after'],
        body: parsedBody(result.body),
      },
      queued: leased.flatMap((m) => m.records.map((r) => r.recordId)),
    };
  } finally {
    await lambda.close();
  }
};

/** The local server's answer to the same request (memory profile; over `queue` when given). */
export const serverAnswer = async (
  request: ParityRequest,
  queue?: LocationQueue,
): Promise<ComparedAnswer> => {
  const server = await httpFixture(
    request.env ?? {},
    queue === undefined ? {} : { receive: new ReceiveService(queue, DEFAULT_CORE_SETTINGS) },
  );
  try {
    server.clock.set(request.receivedAt ?? NOW);
    const response = await server.request({
      method: request.method,
      path: `${request.path}${request.query === undefined ? '' : `?${request.query}`}`,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    return {
      status: response.status,
      contentType: response.headers['content-type'],
      retryAfter: response.headers['retry-after'],
      body: parsedBody(response.text),
    };
  } finally {
    await server.close();
  }
};
