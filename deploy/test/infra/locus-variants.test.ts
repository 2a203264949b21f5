import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { createLocusApp } from '../../infra/locus-app';
import { flattenCfnValue } from '../../infra/nag';
import { grantsOf, logicalId } from './iam-permissions';
import { cdkJsonContext, synthLocus, WORKGROUP_CONTEXT } from './locus-synth';

type Json = Parameters<typeof flattenCfnValue>[0];

const SECRET = 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:locus/redshift-AbCdEf';
const NO_WORKGROUP = { redshiftWorkgroupName: '', redshiftWorkgroupId: '' };

const userDataOf = (synth: ReturnType<typeof synthLocus>): string[] => {
  const instance = synth.template.toJSON().Resources[logicalId(synth.stack.server.instance)] as {
    Properties: { UserData: { 'Fn::Base64': Json } };
  };
  return flattenCfnValue(instance.Properties.UserData['Fn::Base64']).split('\n');
};

describe('a Tokyo deployment on a provisioned cluster with a secret', () => {
  let synth: ReturnType<typeof synthLocus>;
  beforeAll(() => {
    synth = synthLocus({
      ...NO_WORKGROUP,
      timeZone: 'Asia/Tokyo',
      collectTime: '00:05',
      // Values given with `cdk deploy -c key=value` arrive as strings.
      storeEveryMinutes: '10',
      storeTimeoutMinutes: '3',
      redshiftClusterId: 'locus-cluster',
      redshiftSecretArn: SECRET,
      serverAvailabilityZone: 'ap-northeast-1c',
      instanceType: 'c7i.large',
    });
  });
  afterAll(() => synth.dispose());

  test('runs the daily schedule in Asia/Tokyo and the store schedule at the configured interval', () => {
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(5 0 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
    });
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(10 minutes)',
    });
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { LOCUS_TIMEZONE: 'Asia/Tokyo' } },
    });
    expect(userDataOf(synth)).toContain('LOCUS_TIMEZONE=Asia/Tokyo');
  });

  test('derives the visibility timeout from the store timeout', () => {
    const queue = synth.template.toJSON().Resources[logicalId(synth.stack.queue.queue)] as {
      Properties: { VisibilityTimeout: number };
    };
    synth.template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 180, MemorySize: 1024 });
    expect(queue.Properties.VisibilityTimeout).toBe(180 + 300);
  });

  test('runs statements on the cluster with the secret, and tells the entry point so', () => {
    const grants = grantsOf(synth.template, synth.stack.server.role);
    const cluster = 'arn:<AWS::Partition>:redshift:<AWS::Region>:<AWS::AccountId>:cluster:locus-cluster';
    expect(grants).toEqual(
      expect.arrayContaining([
        `redshift-data:ExecuteStatement ${cluster}`,
        `secretsmanager:GetSecretValue ${SECRET}`,
      ]),
    );
    expect(grants.some((g) => g.startsWith('redshift:') || g.startsWith('redshift-serverless:'))).toBe(false);
    const env = userDataOf(synth);
    expect(env).toEqual(
      expect.arrayContaining([
        'LOCUS_AWS_REDSHIFT_CLUSTER_ID=locus-cluster',
        `LOCUS_AWS_REDSHIFT_SECRET_ARN=${SECRET}`,
      ]),
    );
    expect(env.filter((line) => line.startsWith('LOCUS_AWS_REDSHIFT_WORKGROUP='))).toEqual([]);
  });

  test('places the server in the chosen zone on an x86 image for an x86 instance type', () => {
    synth.template.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'ap-northeast-1c' });
    const parameters = Object.keys(synth.template.toJSON().Parameters ?? {});
    expect(parameters.some((p) => /al2023.*x8664/i.test(p))).toBe(true);
  });
});

describe('a provisioned cluster with IAM database credentials and a device authorizer', () => {
  let synth: ReturnType<typeof synthLocus>;
  let outdir: string;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'locus-cdk-'));
    synth = synthLocus({
      ...NO_WORKGROUP,
      redshiftClusterId: 'locus-cluster',
      redshiftDbUser: 'locus_report',
    });
  });
  afterAll(() => {
    synth.dispose();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('may obtain credentials for that user and database only', () => {
    const grants = grantsOf(synth.template, synth.stack.server.role).filter((g) => g.startsWith('redshift:'));
    const arn = 'arn:<AWS::Partition>:redshift:<AWS::Region>:<AWS::AccountId>';
    expect(grants).toEqual([
      `redshift:GetClusterCredentials ${arn}:dbname:locus-cluster/analytics`,
      `redshift:GetClusterCredentials ${arn}:dbuser:locus-cluster/locus_report`,
    ]);
    expect(userDataOf(synth)).toContain('LOCUS_AWS_REDSHIFT_DB_USER=locus_report');
  });

  test('puts a plugged-in authorizer on POST /locations (and cdk-nag accepts the route)', () => {
    const { app, stack } = createLocusApp({
      outdir,
      deviceAuthorizer: new HttpIamAuthorizer(),
      context: { ...cdkJsonContext(), bundles: 'placeholder', ...WORKGROUP_CONTEXT },
    });
    app.synth();
    const route = Object.values(stack.node.findAll())
      .map((c) => stack.resolve((c as { cfnProperties?: unknown }).cfnProperties))
      .find((p) => (p as { routeKey?: string } | undefined)?.routeKey === 'POST /locations') as {
      authorizationType: string;
    };
    expect(route.authorizationType).toBe('AWS_IAM');
    const acknowledged = stack.api.route.node.metadata.filter((m) =>
      JSON.stringify(m.data).includes('APIG4'),
    );
    expect(acknowledged).toEqual([]);
  });
});

describe('cdk-nag is part of the app', () => {
  test('an unacknowledged finding fails synthesis', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'locus-cdk-'));
    try {
      const { app, stack } = createLocusApp({
        outdir,
        context: { ...cdkJsonContext(), bundles: 'placeholder', ...WORKGROUP_CONTEXT },
      });
      new sqs.Queue(stack, 'Unchecked', { encryption: sqs.QueueEncryption.UNENCRYPTED });
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS3/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('without a Redshift target', () => {
  test('warns that the report phase cannot run and grants no Redshift access', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'locus-cdk-'));
    try {
      const { stack } = createLocusApp({ outdir, context: { ...cdkJsonContext(), bundles: 'placeholder' } });
      const warnings = stack.node.metadata
        .filter((m) => m.type === 'aws:cdk:warning')
        .map((m) => String(m.data));
      expect(warnings.some((w) => w.includes('No Redshift target'))).toBe(true);
      const statements = stack.server.role.node
        .findAll()
        .flatMap((c) =>
          JSON.stringify(stack.resolve((c as { cfnProperties?: unknown }).cfnProperties) ?? null),
        );
      expect(statements.join('')).not.toContain('redshift');
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
