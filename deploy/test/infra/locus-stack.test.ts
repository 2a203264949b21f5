import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { LOCATION_COLUMNS } from '../../../src/domain/location/location-csv';
import { flattenCfnValue } from '../../infra/nag';
import { allPermissions, grantsOf, logicalId, permissionsOf } from './iam-permissions';
import { type LocusSynth, synthLocus } from './locus-synth';

type Json = Parameters<typeof flattenCfnValue>[0];

let synth: LocusSynth;
/** `<LogicalId>` / `<LogicalId.Arn>`-style text of a token, as cdk-nag writes it in finding ids. */
let ref: (token: string) => string;
let ids: { bucket: string; queue: string; dlq: string; instance: string };

beforeAll(() => {
  synth = synthLocus();
  const { stack } = synth;
  ref = (token) => flattenCfnValue(stack.resolve(token) as Json);
  ids = {
    bucket: logicalId(stack.data.bucket),
    queue: logicalId(stack.queue.queue),
    dlq: logicalId(stack.queue.deadLetters),
    instance: ref(stack.server.instance.instanceId).slice(1, -1),
  };
});

afterAll(() => synth.dispose());

const resourceOf = (id: string): { Properties: Record<string, Json> } =>
  synth.template.toJSON().Resources[id] as { Properties: Record<string, Json> };

describe('data bucket', () => {
  test('blocks public access, encrypts, and keeps server access logs', () => {
    expect(resourceOf(ids.bucket).Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(synth.stack.data.accessLogs) } },
    });
  });

  test('denies every request that is not TLS 1.2 or newer', () => {
    synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: ids.bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  test('expires processed batches, reports and query output, never pending work or storage', () => {
    const rules = (
      resourceOf(ids.bucket).Properties.LifecycleConfiguration as { Rules: Record<string, Json>[] }
    ).Rules;
    const byPrefix = Object.fromEntries(
      rules.filter((r) => r.Prefix !== undefined).map((r) => [r.Prefix as string, r.ExpirationInDays]),
    );
    expect(byPrefix).toEqual({ 'archive/work/': 30, 'download/': 90, 'unload/': 1 });
    expect(rules).toContainEqual(
      expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
    );
    expect(rules.some((r) => r.Prefix === undefined && r.ExpirationInDays !== undefined)).toBe(false);
  });
});

describe('ingest queue', () => {
  test('is a standard queue, encrypted, with a dead-letter queue after 5 receives', () => {
    const queue = resourceOf(ids.queue).Properties;
    expect(queue.FifoQueue).toBeUndefined();
    expect(queue).toMatchObject({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 86_400,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [ids.dlq, 'Arn'] }, maxReceiveCount: 5 },
    });
    expect(resourceOf(ids.dlq).Properties).toMatchObject({ SqsManagedSseEnabled: true });
  });

  test("keeps a leased message invisible for longer than store_request's timeout", () => {
    const storeTimeout = resourceOf(logicalId(synth.stack.functions.store.function)).Properties
      .Timeout as number;
    const visibility = resourceOf(ids.queue).Properties.VisibilityTimeout as number;
    expect(storeTimeout).toBe(600);
    expect(visibility).toBeGreaterThan(storeTimeout);
  });

  test('refuses requests without TLS', () => {
    synth.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: ids.queue }],
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
      synth.template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
        RouteKey: routeKey,
        AuthorizationType: 'NONE',
      });
    }
    synth.template.resourceCountIs('AWS::ApiGatewayV2::Route', routeKeys.length);
    synth.template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
      IntegrationUri: { 'Fn::GetAtt': [logicalId(synth.stack.functions.parse.function), 'Arn'] },
    });
  });

  test('throttles the stage and writes an access log with the request id', () => {
    synth.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [logicalId(synth.stack.api.accessLog), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
    synth.template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });
});

describe('functions', () => {
  const names = ['parse', 'store', 'start', 'stop'] as const;

  test.each(names)('%s runs index.handler on nodejs22.x or newer with the aws profile', (name) => {
    const props = resourceOf(logicalId(synth.stack.functions[name].function)).Properties;
    const major = Number(/^nodejs(\d+)\.x$/.exec(props.Runtime as string)?.[1]);
    expect(major).toBeGreaterThanOrEqual(22);
    expect(props.Handler).toBe('index.handler');
    const env = (props.Environment as { Variables: Record<string, Json> }).Variables;
    expect(env).toMatchObject({ LOCUS_PROFILE: 'aws', LOCUS_TIMEZONE: 'UTC' });
    expect(ref(env.LOCUS_AWS_QUEUE_URL as string)).toBe(`<${ids.queue}>`);
    expect(flattenCfnValue(env.LOCUS_AWS_BUCKET)).toBe(`<${ids.bucket}>`);
    expect(flattenCfnValue(env.LOCUS_AWS_REGION)).toBe('<AWS::Region>');
    // The Redshift variables form one group in src/config/aws-config.ts: functions get none of it.
    expect(Object.keys(env).filter((k) => k.startsWith('LOCUS_AWS_REDSHIFT_'))).toEqual([]);
  });

  test('start and stop know the instance; store knows the dead-letter queue', () => {
    for (const name of ['start', 'stop'] as const) {
      const env = resourceOf(logicalId(synth.stack.functions[name].function)).Properties.Environment as {
        Variables: Record<string, Json>;
      };
      expect(flattenCfnValue(env.Variables.LOCUS_AWS_INSTANCE_ID)).toBe(`<${ids.instance}>`);
    }
    const store = resourceOf(logicalId(synth.stack.functions.store.function)).Properties.Environment as {
      Variables: Record<string, Json>;
    };
    expect(flattenCfnValue(store.Variables.LOCUS_AWS_DLQ_URL)).toBe(`<${ids.dlq}>`);
  });

  test('a failed store run is not retried (the next scheduled run takes over)', () => {
    synth.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(synth.stack.functions.store.function) },
      MaximumRetryAttempts: 0,
    });
    synth.template.resourceCountIs('AWS::Lambda::EventInvokeConfig', 1);
  });
});

describe('schedules (EventBridge Scheduler)', () => {
  test('runs store_request every 5 minutes', () => {
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalId(synth.stack.functions.store.function), 'Arn'] },
      }),
    });
  });

  test('starts the collect server just after midnight in the configured time zone', () => {
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(15 0 * * ? *)',
      ScheduleExpressionTimezone: 'UTC',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [logicalId(synth.stack.functions.start.function), 'Arn'] },
      }),
    });
    synth.template.resourceCountIs('AWS::Events::Rule', 0);
  });
});

describe('collect server', () => {
  const instance = () => resourceOf(ids.instance).Properties;
  const userData = (): string =>
    flattenCfnValue((instance().UserData as { 'Fn::Base64': Json })['Fn::Base64']);

  test('requires IMDSv2, has no public address, an encrypted disk, and stops when shut down', () => {
    synth.template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } },
    });
    expect(instance()).toMatchObject({
      NetworkInterfaces: [expect.objectContaining({ AssociatePublicIpAddress: false })],
      BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: expect.objectContaining({ Encrypted: true }) }],
      InstanceInitiatedShutdownBehavior: 'stop',
      InstanceType: 'm7g.large',
      IamInstanceProfile: expect.anything(),
    });
  });

  test('admits no inbound traffic: no ingress rule on its security group, no internet route', () => {
    const groupId = logicalId(synth.stack.server.securityGroup);
    expect(resourceOf(groupId).Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(synth.template.findResources('AWS::EC2::SecurityGroupIngress')) as {
      Properties: { GroupId: Json };
    }[];
    expect(ingress.length).toBeGreaterThan(0);
    for (const rule of ingress) expect(flattenCfnValue(rule.Properties.GroupId)).not.toContain(groupId);
    synth.template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    synth.template.resourceCountIs('AWS::EC2::NatGateway', 0);
  });

  test('reaches S3 through a gateway endpoint and Redshift Data and Lambda through interface endpoints', () => {
    const endpoints = Object.values(synth.template.findResources('AWS::EC2::VPCEndpoint')) as {
      Properties: { ServiceName: Json; VpcEndpointType?: string };
    }[];
    const services = endpoints.map(
      (e) => `${e.Properties.VpcEndpointType} ${flattenCfnValue(e.Properties.ServiceName)}`,
    );
    expect(services.sort()).toEqual([
      'Gateway com.amazonaws.<AWS::Region>.s3',
      'Interface com.amazonaws.<AWS::Region>.lambda',
      'Interface com.amazonaws.<AWS::Region>.redshift-data',
    ]);
  });

  test('installs the bundled entry point as a systemd unit that runs on every boot', () => {
    const script = userData();
    expect(script).toContain('ExecStart=/usr/bin/node-22 /opt/locus/collect-server/index.js');
    expect(script).toContain('systemctl enable locus-collect.service');
    expect(script).toMatch(/aws s3 cp 's3:\/\/.+\.zip' \/tmp\/collect-server\.zip/);
    expect(script).toContain('WantedBy=multi-user.target');
  });

  test('gives the entry point the aws profile, the bucket, the stop function and the Redshift target', () => {
    const script = userData();
    for (const line of [
      'LOCUS_PROFILE=aws',
      'LOCUS_TIMEZONE=UTC',
      `LOCUS_AWS_BUCKET=<${ids.bucket}>`,
      `LOCUS_AWS_QUEUE_URL=<${ids.queue}>`,
      'LOCUS_AWS_STOP_FUNCTION=Locus-stop-collect-server',
      'LOCUS_AWS_REDSHIFT_WORKGROUP=locus-analytics',
      'LOCUS_AWS_REDSHIFT_DATABASE=analytics',
      `LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN=<${logicalId(synth.stack.catalog.role)}.Arn>`,
      'LOCUS_AWS_REDSHIFT_SCHEMA=locus',
    ]) {
      expect(script.split('\n')).toContain(line);
    }
  });
});

describe('Spectrum catalog', () => {
  test('describes storage/ as a CSV table partitioned by dt with the contract columns', () => {
    const table = Object.values(synth.template.findResources('AWS::Glue::Table'))[0] as {
      Properties: { DatabaseName: string; TableInput: Record<string, Json> };
    };
    const input = table.Properties.TableInput as {
      Name: string;
      TableType: string;
      PartitionKeys: { Name: string; Type: string }[];
      StorageDescriptor: { Columns: { Name: string; Type: string }[]; Location: Json; SerdeInfo: Json };
    };
    expect(table.Properties.DatabaseName).toBe('locus');
    expect(input.Name).toBe('locations');
    expect(input.TableType).toBe('EXTERNAL_TABLE');
    expect(input.PartitionKeys).toEqual([expect.objectContaining({ Name: 'dt', Type: 'date' })]);
    expect(input.StorageDescriptor.Columns.map((c) => c.Name)).toEqual([...LOCATION_COLUMNS]);
    // Text columns give back the exact stored characters (record_id hashes them).
    expect(input.StorageDescriptor.Columns.every((c) => c.Type.startsWith('varchar('))).toBe(true);
    expect(flattenCfnValue(input.StorageDescriptor.Location)).toBe(`s3://<${ids.bucket}>/storage/`);
    expect(input.StorageDescriptor.SerdeInfo).toMatchObject({ Parameters: { 'field.delim': ',' } });
    synth.template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'locus' } });
  });
});

describe('least privilege', () => {
  const logs = (fn: 'parse' | 'store' | 'start' | 'stop'): string[] => {
    const group = `<${logicalId(synth.stack.functions[fn].logGroup)}.Arn>`;
    return [`logs:CreateLogStream ${group}`, `logs:PutLogEvents ${group}`];
  };
  const objects = (prefix: string) => `<${ids.bucket}.Arn>/${prefix}*`;
  const instanceArn = () =>
    `arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/<${ids.instance}>`;

  test('parse_request may only send to the queue and read the token parameters', () => {
    expect(grantsOf(synth.template, synth.stack.functions.parse.role)).toEqual(
      [
        ...logs('parse'),
        `sqs:SendMessage <${ids.queue}.Arn>`,
        `ssm:GetParameter arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/locus/${synth.stack.stackName}/tokens/*`,
      ].sort(),
    );
  });

  const journal = (streams: string) => [
    `s3:GetObject ${objects(streams)}`,
    `s3:PutObject ${objects(streams)}`,
    `s3:DeleteObject ${objects(streams)}`,
    `s3:PutObject ${objects('journal-index/')}`,
    `s3:ListBucket <${ids.bucket}.Arn>`,
  ];

  test('store_request may drain the queue, put work/ objects and journal its batch-… streams', () => {
    expect(grantsOf(synth.template, synth.stack.functions.store.role)).toEqual(
      [
        ...logs('store'),
        `sqs:ReceiveMessage <${ids.queue}.Arn>`,
        `sqs:DeleteMessage <${ids.queue}.Arn>`,
        `sqs:GetQueueAttributes <${ids.queue}.Arn>`,
        `sqs:SendMessage <${ids.dlq}.Arn>`,
        `sqs:GetQueueAttributes <${ids.dlq}.Arn>`,
        `s3:PutObject ${objects('work/')}`,
        `s3:AbortMultipartUpload ${objects('work/')}`,
        ...journal('journal/batch-'),
      ].sort(),
    );
  });

  test('start and stop may only start, respectively stop, that one instance and journal it', () => {
    expect(grantsOf(synth.template, synth.stack.functions.start.role)).toEqual(
      [
        ...logs('start'),
        `ec2:StartInstances ${instanceArn()}`,
        'ec2:DescribeInstances *',
        ...journal('journal/collection-server/'),
      ].sort(),
    );
    expect(grantsOf(synth.template, synth.stack.functions.stop.role)).toEqual(
      [
        ...logs('stop'),
        `ec2:StopInstances ${instanceArn()}`,
        'ec2:DescribeInstances *',
        ...journal('journal/collection-server/'),
      ].sort(),
    );
  });

  test('the instance reaches only the prefixes its phases use, its Redshift target and the stop function', () => {
    const grants = grantsOf(synth.template, synth.stack.server.role);
    const s3 = grants.filter((g) => g.startsWith('s3:') && g.includes(`<${ids.bucket}.Arn>/`));
    expect(s3).toEqual(
      [
        `s3:GetObject ${objects('work/')}`,
        `s3:DeleteObject ${objects('work/')}`,
        `s3:GetObject ${objects('archive/work/')}`,
        `s3:PutObject ${objects('archive/work/')}`,
        `s3:GetObject ${objects('quarantine/work/')}`,
        `s3:PutObject ${objects('quarantine/work/')}`,
        `s3:GetObject ${objects('storage/')}`,
        `s3:PutObject ${objects('storage/')}`,
        `s3:AbortMultipartUpload ${objects('storage/')}`,
        `s3:DeleteObject ${objects('storage/')}`,
        `s3:GetObject ${objects('download/')}`,
        `s3:PutObject ${objects('download/')}`,
        `s3:AbortMultipartUpload ${objects('download/')}`,
        `s3:GetObject ${objects('journal/')}`,
        `s3:PutObject ${objects('journal/')}`,
        `s3:DeleteObject ${objects('journal/')}`,
        `s3:GetObject ${objects('journal-index/')}`,
        `s3:PutObject ${objects('journal-index/')}`,
        `s3:GetObject ${objects('locks/')}`,
        `s3:PutObject ${objects('locks/')}`,
        `s3:DeleteObject ${objects('locks/')}`,
        `s3:GetObject ${objects('unload/')}`,
        `s3:DeleteObject ${objects('unload/')}`,
      ].sort(),
    );
    const workgroup =
      'arn:<AWS::Partition>:redshift-serverless:<AWS::Region>:<AWS::AccountId>:' +
      'workgroup/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
    expect(grants).toEqual(
      expect.arrayContaining([
        `s3:ListBucket <${ids.bucket}.Arn>`,
        `redshift-data:ExecuteStatement ${workgroup}`,
        `redshift-data:BatchExecuteStatement ${workgroup}`,
        `redshift-serverless:GetCredentials ${workgroup}`,
        'lambda:InvokeFunction arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:Locus-stop-collect-server',
      ]),
    );
    expect(grants.filter((g) => g.startsWith('lambda:') || g.startsWith('ec2:'))).toHaveLength(1);
  });

  test('listing the bucket is limited to the prefixes of the phase', () => {
    const prefixesOf = (role: Parameters<typeof permissionsOf>[1]) =>
      permissionsOf(synth.template, role)
        .filter((p) => p.grant.startsWith('s3:ListBucket'))
        .map(
          (p) => (p.condition as { StringLike: { 's3:prefix': string | string[] } }).StringLike['s3:prefix'],
        );
    expect(prefixesOf(synth.stack.functions.store.role)).toEqual([['journal/batch-*']]);
    expect(prefixesOf(synth.stack.functions.start.role)).toEqual([['journal/collection-server/*']]);
    expect(prefixesOf(synth.stack.catalog.role)).toEqual([['storage/*', 'unload/*']]);
    expect(prefixesOf(synth.stack.server.role)[0]).toHaveLength(9);
    const list = allPermissions(synth.template).filter((p) => p.grant.startsWith('s3:ListBucket'));
    expect(list.length).toBe(5);
    for (const permission of list) expect(permission.condition).toBeDefined();
  });

  test('the Redshift role reads storage/, writes unload/ and registers partitions of the one table', () => {
    const grants = grantsOf(synth.template, synth.stack.catalog.role);
    expect(grants.filter((g) => g.startsWith('s3:'))).toEqual(
      [
        `s3:GetObject ${objects('storage/')}`,
        `s3:PutObject ${objects('unload/')}`,
        `s3:DeleteObject ${objects('unload/')}`,
        `s3:GetBucketLocation <${ids.bucket}.Arn>`,
        `s3:ListBucket <${ids.bucket}.Arn>`,
      ].sort(),
    );
    const glue = grants.filter((g) => g.startsWith('glue:')).map((g) => g.split(' ')[1]);
    expect([...new Set(glue)].sort()).toEqual([
      'arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:catalog',
      'arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:database/locus',
      'arn:<AWS::Partition>:glue:<AWS::Region>:<AWS::AccountId>:table/locus/locations',
    ]);
  });

  test('no wildcard actions, no whole-bucket object access, and `*` only where IAM has no resource type', () => {
    const permissions = allPermissions(synth.template);
    expect(permissions.filter((p) => p.grant.split(' ')[0]?.includes('*'))).toEqual([]);
    expect(permissions.filter((p) => p.grant.endsWith(`<${ids.bucket}.Arn>/*`))).toEqual([]);
    const star = permissions.filter((p) => p.grant.endsWith(' *'));
    const unconditioned = star.filter((p) => p.condition === undefined).map((p) => p.grant);
    expect([...new Set(unconditioned)]).toEqual(['ec2:DescribeInstances *']);
    for (const p of star.filter((p) => p.condition !== undefined)) {
      expect(p.grant).toMatch(/^redshift-data:/);
      expect(p.condition).toEqual({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM
        StringEquals: { 'redshift-data:statement-owner-iam-userid': '${aws:userid}' },
      });
    }
  });
});

describe('cdk-nag (AwsSolutions)', () => {
  test('synthesis left no unacknowledged error or warning in the validation report', () => {
    const report = JSON.parse(
      fs.readFileSync(path.join(synth.assembly.directory, 'validation-report.json'), 'utf8'),
    ) as { pluginReports: { violations?: unknown[] }[] };
    expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  });

  test('every AwsSolutions acknowledgement gives a reason', () => {
    const acknowledgements = synth.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .filter(([id]) => id.includes('AwsSolutions-'));
    expect(acknowledgements.map(([id]) => id.replace(/^.*AwsSolutions-([A-Z]+\d+).*$/, '$1')).sort()).toEqual(
      expect.arrayContaining(['APIG4', 'EC29', 'IAM5', 'S1']),
    );
    for (const [, reason] of acknowledgements) {
      expect(reason.length).toBeGreaterThan(60);
    }
  });
});
