import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CLIENT_ROUTES } from '../../../src/adapters/ingest/ingest-routes';
import { acknowledge } from '../nag';

export interface IngestApiProps {
  readonly handler: lambda.IFunction;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: logs.RetentionDays;
  /**
   * Checks the device's credentials before `parse_request` runs (a Lambda or JWT authorizer).
   * Without it the route is open and any check happens inside `parse_request` (401 there).
   */
  readonly authorizer?: apigwv2.IHttpRouteAuthorizer;
}

/** One access log line per request, short keys (this log is written up to 277 times a second). */
const ACCESS_LOG_FORMAT = JSON.stringify({
  id: '$context.requestId',
  ip: '$context.identity.sourceIp',
  at: '$context.requestTimeEpoch',
  route: '$context.routeKey',
  status: '$context.status',
  bytes: '$context.responseLength',
  ms: '$context.responseLatency',
  error: '$context.integrationErrorMessage',
});

/** The device-facing HTTP API: `POST /locations` → `parse_request`, throttled, with an access log. */
export class IngestApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly route: apigwv2.HttpRoute;
  /** The tracking apps' routes (OwnTracks, Overland, OsmAnd/Traccar), to the same function. */
  readonly clientRoutes: readonly apigwv2.HttpRoute[];
  readonly accessLog: logs.LogGroup;

  constructor(scope: Construct, id: string, props: IngestApiProps) {
    super(scope, id);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'Locus: devices POST their locations here',
      createDefaultStage: false,
    });
    this.accessLog = new logs.LogGroup(this, 'AccessLog', { retention: props.logRetention });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLog),
        format: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
      },
    });
    const integration = new HttpLambdaIntegration('ParseRequest', props.handler, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    const [route] = this.api.addRoutes({
      path: '/locations',
      methods: [apigwv2.HttpMethod.POST],
      integration,
      authorizer: props.authorizer,
    });
    this.route = route as apigwv2.HttpRoute;
    this.clientRoutes = CLIENT_ROUTES.flatMap(({ paths, methods }) =>
      paths.flatMap((path) =>
        this.api.addRoutes({
          path,
          methods: methods.map((method) => apigwv2.HttpMethod[method]),
          integration,
          authorizer: props.authorizer,
        }),
      ),
    );
    if (props.authorizer === undefined) {
      for (const open of [this.route, ...this.clientRoutes]) {
        acknowledge(
          open,
          'APIG4',
          'Devices authenticate inside parse_request (bearer or Basic token checked against hashed secrets, ' +
            '401/403 there), so no API Gateway authorizer is attached; one can be set through IngestApiProps.authorizer.',
        );
      }
    }
  }

  /** The URL devices POST to (`…/locations`). */
  get locationsUrl(): string {
    return `${this.api.apiEndpoint}/locations`;
  }
}
