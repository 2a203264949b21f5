import { Match } from 'aws-cdk-lib/assertions';
import { flattenCfnValue } from '../../infra/nag';
import { logicalId } from './iam-permissions';
import { type Json, type SynthesizedLocusStack } from './locus-stack-fixture';

// The ingest path: the HTTP API and its queue, the functions and the schedules that run them.
/** The checks of this concern on the synthesized stack. */
export const describeIngestChecks = (locus: SynthesizedLocusStack): void => {
  describe('ingest queue', () => {
    test('is a standard queue, encrypted, with a dead-letter queue after 5 receives', () => {
      const queue = locus.resourceOf(locus.ids.queue).Properties;
      expect(queue.FifoQueue).toBeUndefined();
      expect(queue).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 14 * 86_400,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [locus.ids.dlq, 'Arn'] }, maxReceiveCount: 5 },
      });
      expect(locus.resourceOf(locus.ids.dlq).Properties).toMatchObject({ SqsManagedSseEnabled: true });
    });

    test("keeps a leased message invisible for longer than store_request's timeout", () => {
      const storeTimeout = locus.resourceOf(logicalId(locus.stack.functions.store.function)).Properties
        .Timeout as number;
      const visibility = locus.resourceOf(locus.ids.queue).Properties.VisibilityTimeout as number;
      expect(storeTimeout).toBe(600);
      expect(visibility).toBeGreaterThan(storeTimeout);
    });

    test('refuses requests without TLS', () => {
      locus.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: locus.ids.queue }],
        PolicyDocument: {
          Statement: [
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ],
        },
      });
    });
  });

  describe('HTTP API', () => {
    test('routes POST /locations and the tracking apps to parse_request (payload 2.0), one integration', () => {
      const routeKeys = [
        'POST /locations',
        'POST /owntracks',
        'POST /overland',
        'GET /osmand',
        'POST /osmand',
        'GET /',
        'POST /',
      ];
      for (const routeKey of routeKeys) {
        locus.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
          RouteKey: routeKey,
          AuthorizationType: 'NONE',
        });
      }
      locus.template.resourceCountIs('AWS::ApiGatewayV2::Route', routeKeys.length);
      locus.template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
      locus.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
        IntegrationUri: { 'Fn::GetAtt': [logicalId(locus.stack.functions.parse.function), 'Arn'] },
      });
    });

    test('throttles the stage and writes an access log with the request id', () => {
      locus.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        DefaultRouteSettings: { ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000 },
        AccessLogSettings: {
          DestinationArn: { 'Fn::GetAtt': [logicalId(locus.stack.api.accessLog), 'Arn'] },
          Format: Match.stringLikeRegexp('\\$context\\.requestId'),
        },
      });
      locus.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });
  });

  describe('functions', () => {
    const names = ['parse', 'store', 'start', 'stop'] as const;

    test.each(names)('%s runs index.handler on nodejs22.x or newer with the aws profile', (name) => {
      const props = locus.resourceOf(logicalId(locus.stack.functions[name].function)).Properties;
      const major = Number(/^nodejs(\d+)\.x$/.exec(props.Runtime as string)?.[1]);
      expect(major).toBeGreaterThanOrEqual(22);
      expect(props.Handler).toBe('index.handler');
      const env = (props.Environment as { Variables: Record<string, Json> }).Variables;
      expect(env).toMatchObject({ LOCUS_PROFILE: 'aws', LOCUS_TIMEZONE: 'UTC' });
      expect(locus.ref(env.LOCUS_AWS_QUEUE_URL as string)).toBe(`<${locus.ids.queue}>`);
      expect(flattenCfnValue(env.LOCUS_AWS_BUCKET)).toBe(`<${locus.ids.bucket}>`);
      expect(flattenCfnValue(env.LOCUS_AWS_REGION)).toBe('<AWS::Region>');
      // The Redshift variables form one group in src/config/aws-redshift-config.ts: functions get none of it.
      expect(Object.keys(env).filter((k) => k.startsWith('LOCUS_AWS_REDSHIFT_'))).toEqual([]);
    });

    test('parse sends its records to SQS without waiting for other requests (one request per invocation)', () => {
      const props = locus.resourceOf(logicalId(locus.stack.functions.parse.function)).Properties;
      const env = (props.Environment as { Variables: Record<string, Json> }).Variables;
      expect(env.LOCUS_AWS_SQS_LINGER_MS).toBe('0');
    });

    test('start and stop know the instance; store knows the dead-letter queue', () => {
      for (const name of ['start', 'stop'] as const) {
        const env = locus.resourceOf(logicalId(locus.stack.functions[name].function)).Properties
          .Environment as {
          Variables: Record<string, Json>;
        };
        expect(flattenCfnValue(env.Variables.LOCUS_AWS_INSTANCE_ID)).toBe(`<${locus.ids.instance}>`);
      }
      const store = locus.resourceOf(logicalId(locus.stack.functions.store.function)).Properties
        .Environment as {
        Variables: Record<string, Json>;
      };
      expect(flattenCfnValue(store.Variables.LOCUS_AWS_DLQ_URL)).toBe(`<${locus.ids.dlq}>`);
    });

    test('a failed store run is not retried (the next scheduled run takes over)', () => {
      locus.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: logicalId(locus.stack.functions.store.function) },
        MaximumRetryAttempts: 0,
      });
      locus.template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
    });
  });

  describe('schedules (EventBridge Scheduler)', () => {
    test('runs store_request every 5 minutes', () => {
      locus.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'rate(5 minutes)',
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(locus.stack.functions.store.function), 'Arn'] },
        }),
      });
    });

    test('starts the collect server just after midnight in the configured time zone', () => {
      locus.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(15 0 * * ? *)',
        ScheduleExpressionTimezone: 'UTC',
        Target: Match.objectLike({
          Arn: { 'Fn::GetAtt': [logicalId(locus.stack.functions.start.function), 'Arn'] },
        }),
      });
      locus.template.resourceCountIs('AWS::Events::Rule', 0);
    });
  });
};
