import type { APIGatewayProxyEventV2, Context, ScheduledEvent } from 'aws-lambda';

let invocations = 0;

/** The context Lambda hands a handler (only what the handlers and Powertools read is meaningful). */
export const lambdaContext = (functionName: string): Context => {
  const awsRequestId = `c0ffee00-0000-4000-8000-${String(++invocations).padStart(12, '0')}`;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/28/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
};

export interface HttpEventOptions {
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly isBase64Encoded?: boolean;
  readonly requestId?: string;
}

/** `POST /locations` as an HTTP API (payload format 2.0) delivers it to `parse_request`. */
export const httpApiEvent = (options: HttpEventOptions = {}): APIGatewayProxyEventV2 => {
  const requestId = options.requestId ?? `Xk${String(++invocations).padStart(6, '0')}EFQ=`;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: 'POST /locations',
    rawPath: '/locations',
    rawQueryString: '',
    headers: {
      accept: '*/*',
      'content-length': String(Buffer.byteLength(options.body ?? '')),
      host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'locus-device/1.0',
      'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...options.headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: 'POST',
        path: '/locations',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'locus-device/1.0',
      },
      requestId,
      routeKey: 'POST /locations',
      stage: '$default',
      time: '28/Nov/2026:09:15:00 +0000',
      timeEpoch: Date.UTC(2026, 10, 28, 9, 15, 0),
    },
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
  return options.body === undefined ? event : { ...event, body: options.body };
};

export interface RouteEventOptions extends HttpEventOptions {
  /** The raw query string, without `?` (none by default). */
  readonly rawQueryString?: string;
  /** The query's parameters as the HTTP API parses them (absent by default). */
  readonly queryStringParameters?: Record<string, string>;
}

/**
 * A request to one route (`routeKey`, e.g. `GET /osmand`) as an HTTP API (payload format 2.0)
 * delivers it to `parse_request`: {@link httpApiEvent} with the route's method and path.
 */
export const routeEvent = (routeKey: string, options: RouteEventOptions = {}): APIGatewayProxyEventV2 => {
  const [method, path] = routeKey.split(' ') as [string, string];
  const base = httpApiEvent(options);
  return {
    ...base,
    routeKey,
    rawPath: path,
    rawQueryString: options.rawQueryString ?? '',
    ...(options.queryStringParameters === undefined
      ? {}
      : { queryStringParameters: options.queryStringParameters }),
    requestContext: {
      ...base.requestContext,
      routeKey,
      http: { ...base.requestContext.http, method, path },
    },
  };
};

/** A JSON `POST /locations` event. */
export const jsonEvent = (payload: unknown, headers: Record<string, string> = {}): APIGatewayProxyEventV2 =>
  httpApiEvent({
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    headers: { 'content-type': 'application/json', ...headers },
  });

/** An EventBridge scheduled event, as a schedule rule delivers it. */
export const scheduledEvent = (time = '2026-11-28T15:15:00Z'): ScheduledEvent => ({
  version: '0',
  id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time,
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/locus-store'],
  detail: {},
});
