import * as fs from 'node:fs';
import * as path from 'node:path';
import { INGEST_PATHS } from '../../infra/constructs/container-ingest';
import { flattenCfnValue } from '../../infra/nag';
import { grantsOf, logicalId } from './iam-permissions';
import type { Json } from './locus-stack-fixture';
import type { LocusSynth } from './locus-synth';

type Resource = { Properties: Record<string, Json> };

const resourcesOf = (synth: LocusSynth, type: string): Resource[] =>
  Object.values(synth.template.findResources(type)) as Resource[];

const only = (synth: LocusSynth, type: string): Resource => {
  const [resource, ...rest] = resourcesOf(synth, type);
  expect(rest).toEqual([]);
  return resource as Resource;
};

/** The container ingest's service, load balancer and task definition, as the template has them. */
export const describeContainerServiceChecks = (current: () => LocusSynth, certificateArn: string): void => {
  const ingest = () => {
    const ci = current().stack.containerIngest;
    if (ci === undefined) throw new Error('no container ingest in this stack');
    return ci;
  };
  const ref = (token: string) => flattenCfnValue(current().stack.resolve(token) as Json);

  test('replaces the HTTP API and parse_request, and needs no NAT gateway', () => {
    const synth = current();
    synth.template.resourceCountIs('AWS::ApiGatewayV2::Api', 0);
    synth.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    synth.template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceId: { Ref: logicalId(ingest().network.vpc) },
      TrafficType: 'REJECT',
    });
    expect(synth.stack.functions.parse).toBeUndefined();
    const handlers = resourcesOf(synth, 'AWS::Lambda::Function').map((f) => f.Properties.Description);
    expect(handlers.some((d) => String(d).includes('POST /locations'))).toBe(false);
  });

  test('runs at least two arm64 Fargate tasks over subnets in two zones', () => {
    const synth = current();
    const service = only(synth, 'AWS::ECS::Service').Properties;
    expect(service).toMatchObject({
      LaunchType: 'FARGATE',
      DesiredCount: 2,
      DeploymentConfiguration: {
        MinimumHealthyPercent: 100,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      },
    });
    const network = (service.NetworkConfiguration as { AwsvpcConfiguration: { Subnets: Json[] } })
      .AwsvpcConfiguration;
    const zones = network.Subnets.map((s) => {
      const subnet = synth.template.toJSON().Resources[flattenCfnValue(s).slice(1, -1)] as Resource;
      return flattenCfnValue(subnet.Properties.AvailabilityZone);
    });
    expect(new Set(zones).size).toBe(2);
    expect(only(synth, 'AWS::ECS::TaskDefinition').Properties).toMatchObject({
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      Cpu: '256',
      Memory: '512',
    });
  });

  test('runs locus serve from the Dockerfile asset, HTTP only, with device tokens and packed messages', () => {
    const synth = current();
    const [container] = only(synth, 'AWS::ECS::TaskDefinition').Properties.ContainerDefinitions as {
      Command: string[];
      Environment: { Name: string; Value: Json }[];
      HealthCheck: { Command: string[] };
      PortMappings: { ContainerPort: number }[];
    }[];
    const env = Object.fromEntries(
      (container?.Environment ?? []).map((e) => [e.Name, flattenCfnValue(e.Value)]),
    );
    expect(env).toMatchObject({
      LOCUS_PROFILE: 'aws',
      LOCUS_HOST: '0.0.0.0',
      PORT: '8080',
      LOCUS_SCHEDULES: 'off',
      LOCUS_AUTH: 'on',
      LOCUS_LOG_LEVEL: 'warn',
      LOCUS_AWS_SQS_LINGER_MS: '1000',
      LOCUS_AWS_QUEUE_URL: ref(synth.stack.queue.queue.queueUrl),
      LOCUS_TRUST_PROXY: ref(ingest().network.vpc.vpcCidrBlock),
    });
    expect(env.LOCUS_AWS_DLQ_URL).toBeUndefined();
    expect(container?.Command).toEqual(['serve']);
    expect(container?.PortMappings).toEqual([expect.objectContaining({ ContainerPort: 8080 })]);
    expect(container?.HealthCheck.Command.join(' ')).toContain('/health');
    const manifest = JSON.parse(
      fs.readFileSync(path.join(synth.assembly.directory, `${synth.stack.artifactId}.assets.json`), 'utf8'),
    ) as { dockerImages: Record<string, { source: { directory: string; platform?: string } }> };
    const [image, ...others] = Object.values(manifest.dockerImages);
    expect(others).toEqual([]);
    expect(image?.source.platform).toBe('linux/arm64');
    // Staged, not built: the folder holds the Dockerfile and the sources, not node_modules.
    const staged = path.join(synth.assembly.directory, image?.source.directory ?? '');
    expect(fs.readdirSync(staged).sort()).toEqual(
      expect.arrayContaining(['Dockerfile', 'package-lock.json', 'src', 'bin']),
    );
    expect(fs.existsSync(path.join(staged, 'node_modules'))).toBe(false);
  });

  test('ends TLS on an internet-facing load balancer that logs to S3 and forwards only the ingest routes', () => {
    const synth = current();
    const lb = only(synth, 'AWS::ElasticLoadBalancingV2::LoadBalancer').Properties;
    expect(lb.Scheme).toBe('internet-facing');
    const attributes = Object.fromEntries(
      (lb.LoadBalancerAttributes as { Key: string; Value: Json }[]).map((a) => [
        a.Key,
        flattenCfnValue(a.Value),
      ]),
    );
    expect(attributes).toMatchObject({
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': ref(synth.stack.data.accessLogs.bucketName),
      'access_logs.s3.prefix': 'alb',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      // Shorter than the tasks' keep-alive (5 s), so no request meets a closing connection.
      'idle_timeout.timeout_seconds': '4',
    });
    const listener = only(synth, 'AWS::ElasticLoadBalancingV2::Listener').Properties;
    expect(listener).toMatchObject({
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: expect.stringMatching(/TLS13/),
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
    });
    expect(
      flattenCfnValue((listener.Certificates as { CertificateArn: Json }[])[0]?.CertificateArn ?? ''),
    ).toBe(certificateArn);
    const forwarded = resourcesOf(synth, 'AWS::ElasticLoadBalancingV2::ListenerRule').flatMap((rule) =>
      (rule.Properties.Conditions as { PathPatternConfig: { Values: string[] } }[]).flatMap(
        (c) => c.PathPatternConfig.Values,
      ),
    );
    expect(forwarded.sort()).toEqual([...INGEST_PATHS].sort());
    expect(only(synth, 'AWS::ElasticLoadBalancingV2::TargetGroup').Properties).toMatchObject({
      TargetType: 'ip',
      Port: 8080,
      Protocol: 'HTTP',
      HealthCheckPath: '/health',
      Matcher: { HttpCode: '200' },
    });
  });

  test('scales between the task bounds on CPU and on requests per task', () => {
    const synth = current();
    expect(only(synth, 'AWS::ApplicationAutoScaling::ScalableTarget').Properties).toMatchObject({
      MinCapacity: 2,
      MaxCapacity: 8,
      ScalableDimension: 'ecs:service:DesiredCount',
    });
    const policies = resourcesOf(synth, 'AWS::ApplicationAutoScaling::ScalingPolicy').map(
      (p) =>
        p.Properties.TargetTrackingScalingPolicyConfiguration as {
          TargetValue: number;
          PredefinedMetricSpecification: { PredefinedMetricType: string };
        },
    );
    expect(
      policies.map((p) => [p.PredefinedMetricSpecification.PredefinedMetricType, p.TargetValue]).sort(),
    ).toEqual([
      ['ALBRequestCountPerTarget', 30_000],
      ['ECSServiceAverageCPUUtilization', 50],
    ]);
  });

  test('lets only the load balancer reach the tasks, on the ingest port', () => {
    const synth = current();
    const { loadBalancerGroup, serviceGroup } = ingest().network;
    const lbId = logicalId(loadBalancerGroup);
    const serviceId = logicalId(serviceGroup);
    const groups = synth.template.toJSON().Resources as Record<string, Resource>;
    const inline = (id: string, key: string) => (groups[id]?.Properties[key] ?? []) as Record<string, Json>[];
    expect(inline(serviceId, 'SecurityGroupIngress')).toEqual([]);
    const ingress = resourcesOf(synth, 'AWS::EC2::SecurityGroupIngress').map((r) => r.Properties);
    expect(ingress.filter((r) => flattenCfnValue(r.GroupId as Json) === `<${serviceId}.GroupId>`)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 8080,
        ToPort: 8080,
        SourceSecurityGroupId: { 'Fn::GetAtt': [lbId, 'GroupId'] },
      }),
    ]);
    expect(inline(lbId, 'SecurityGroupIngress')).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 }),
    ]);
    const egress = resourcesOf(synth, 'AWS::EC2::SecurityGroupEgress').map((r) => r.Properties);
    expect(egress.filter((r) => flattenCfnValue(r.GroupId as Json) === `<${lbId}.GroupId>`)).toEqual([
      expect.objectContaining({
        FromPort: 8080,
        DestinationSecurityGroupId: { 'Fn::GetAtt': [serviceId, 'GroupId'] },
      }),
    ]);
    expect(inline(lbId, 'SecurityGroupEgress')).toEqual([]);
    expect(inline(serviceId, 'SecurityGroupEgress')).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443 }),
    ]);
  });

  test('gives the task the permissions of receive only: send and queue depth, tokens, its counts', () => {
    const synth = current();
    const queue = `<${logicalId(synth.stack.queue.queue)}.Arn>`;
    const bucket = `<${logicalId(synth.stack.data.bucket)}.Arn>`;
    const ssm = 'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/locus/Locus/tokens';
    expect(grantsOf(synth.template, ingest().taskRole)).toEqual(
      [
        `sqs:SendMessage ${queue}`,
        `sqs:GetQueueAttributes ${queue}`,
        `ssm:GetParameter ${ssm}/*`,
        `ssm:GetParametersByPath ${ssm}`,
        `ssm:GetParametersByPath ${ssm}/*`,
        `s3:GetObject ${bucket}/journal/accepted-*`,
        `s3:PutObject ${bucket}/journal/accepted-*`,
        `s3:PutObject ${bucket}/journal-index/*`,
        `s3:ListBucket ${bucket}`,
      ].sort(),
    );
    const execution = grantsOf(synth.template, ingest().taskDefinition.obtainExecutionRole());
    expect(execution.filter((g) => !g.startsWith('ecr:') && !g.startsWith('logs:'))).toEqual([]);
    expect(execution).toContain('ecr:GetAuthorizationToken *');
    const logGroup = `<${logicalId(ingest().logGroup)}.Arn>`;
    expect(execution).toEqual(
      expect.arrayContaining([`logs:CreateLogStream ${logGroup}`, `logs:PutLogEvents ${logGroup}`]),
    );
    expect(
      execution.filter((g) => g.startsWith('ecr:BatchGetImage')).every((g) => g.includes('container-assets')),
    ).toBe(true);
  });
};
