import { CfnParameter, type CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { FactName } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { CLIENT_ROUTES } from '../../../src/adapters/ingest/ingest-routes';
import { acknowledge, acknowledgeWildcardResource } from '../nag';
import type { ContainerIngestSettings } from '../settings';
import { INGEST_PORT, IngestNetwork } from './ingest-network';

export interface ContainerIngestProps {
  /** The folder holding the `Dockerfile` (the repository root); staged as an image asset, built at deploy. */
  readonly imageDirectory: string;
  readonly settings: ContainerIngestSettings;
  /** The `LOCUS_*` variables of `locus serve` (profile, queue, bucket, tokens, …). */
  readonly environment: Readonly<Record<string, string>>;
  /** Where the load balancer writes its access logs (under `alb/`). */
  readonly accessLogs: s3.IBucket;
  readonly logRetention: logs.RetentionDays;
}

/** The container's own health check: `GET /health` on loopback (the Dockerfile's HEALTHCHECK does the same). */
const HEALTH_PROBE = `fetch('http://127.0.0.1:${INGEST_PORT}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
/** Target of the CPU scaling (percent of the tasks' vCPU). */
const TARGET_CPU_PERCENT = 50;
/** Target of the request scaling: requests per task and minute (500 a second; one task does far more). */
const REQUESTS_PER_TASK_MINUTE = 30_000;
/** The paths the load balancer forwards: the ingest routes of `parse_request`, nothing else. */
export const INGEST_PATHS: readonly string[] = [
  '/locations',
  ...CLIENT_ROUTES.flatMap((route) => route.paths),
];

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

/**
 * `locus serve` (aws profile, HTTP only) as an ECS Fargate service on arm64: at least two tasks
 * over two zones, scaled on CPU and on requests per task, behind an internet-facing Application
 * Load Balancer that ends TLS, forwards only the ingest routes, checks `/health` and writes its
 * access logs to S3.
 */
export class ContainerIngest extends Construct {
  readonly network: IngestNetwork;
  readonly cluster: ecs.Cluster;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ContainerIngestProps) {
    super(scope, id);
    const { settings } = props;
    this.network = new IngestNetwork(this, 'Network', { logRetention: props.logRetention });
    const { vpc } = this.network;
    this.cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    acknowledge(
      this.cluster,
      'ECS4',
      'Container Insights would add about 30 custom metrics (~$9 a month) to a two-task service; the free ' +
        'service CPU and memory metrics and the load balancer metrics drive the scaling and the alarms.',
    );

    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    this.taskDefinition.addContainer('Serve', {
      image: ecs.ContainerImage.fromAsset(props.imageDirectory, { platform: Platform.LINUX_ARM64 }),
      command: ['serve'],
      environment: {
        ...props.environment,
        LOCUS_HOST: '0.0.0.0',
        PORT: String(INGEST_PORT),
        LOCUS_TRUST_PROXY: vpc.vpcCidrBlock,
        LOCUS_AWS_SQS_LINGER_MS: String(settings.lingerMs),
      },
      portMappings: [{ containerPort: INGEST_PORT }],
      logging: ecs.LogDrivers.awsLogs({
        logGroup: this.logGroup,
        streamPrefix: 'serve',
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
      }),
      healthCheck: {
        command: ['CMD', 'node', '-e', HEALTH_PROBE],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        startPeriod: Duration.seconds(20),
        retries: 3,
      },
      // `locus serve` answers the requests in flight on SIGTERM, then sends what it packed.
      stopTimeout: Duration.seconds(30),
    });

    acknowledge(
      this.taskDefinition,
      'ECS2',
      'The variables are settings (queue URL, bucket name, token path, limits), no secret: device tokens ' +
        'are salted hashes in SSM, read by the task role at run time.',
    );
    const executionRole = this.taskDefinition.obtainExecutionRole();
    acknowledgeWildcardResource(
      executionRole,
      '*',
      'ecr:GetAuthorizationToken has no resource-level permissions; pulling the image is limited to its repository.',
    );
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: settings.minTasks,
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [this.network.serviceGroup],
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(60),
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      securityGroup: this.network.loadBalancerGroup,
      dropInvalidHeaderFields: true,
      // Below the 5 s keep-alive of `locus serve`: the load balancer closes an idle connection to a
      // task before the task does, so it never sends a request on a connection being closed (502).
      idleTimeout: Duration.seconds(4),
    });
    logAccessLogs(this.loadBalancer, props.accessLogs, 'alb');
    this.listener = this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      certificates: [elbv2.ListenerCertificate.fromArn(certificateArn(this, settings))],
      open: false,
      defaultAction: elbv2.ListenerAction.fixedResponse(404, {
        contentType: 'application/json',
        messageBody: '{"error":"not_found","message":"no such route"}',
      }),
    });
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'Targets', {
      vpc,
      port: INGEST_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      targets: [this.service],
      deregistrationDelay: Duration.seconds(15),
      healthCheck: {
        path: '/health',
        healthyHttpCodes: '200',
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
    // ALB allows few values per condition: the ingest paths go in rules of three.
    chunks(INGEST_PATHS, 3).forEach((paths, i) => {
      this.listener.addAction(`Ingest${i}`, {
        priority: 10 * (i + 1),
        conditions: [elbv2.ListenerCondition.pathPatterns(paths)],
        action: elbv2.ListenerAction.forward([this.targetGroup]),
      });
    });

    const scaling = this.service.autoScaleTaskCount({
      minCapacity: settings.minTasks,
      maxCapacity: settings.maxTasks,
    });
    scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: TARGET_CPU_PERCENT });
    scaling.scaleOnRequestCount('Requests', {
      requestsPerTarget: REQUESTS_PER_TASK_MINUTE,
      targetGroup: this.targetGroup,
    });
  }

  /** The task's role: what `locus serve` may do (grants are added by the stack). */
  get taskRole(): iam.IRole {
    return this.taskDefinition.taskRole;
  }

  /** The URL devices POST to (`https://<load balancer>/locations`; point a DNS name of the certificate at it). */
  get locationsUrl(): string {
    return `https://${this.loadBalancer.loadBalancerDnsName}/locations`;
  }
}

/** The certificate from the settings, else a `CertificateArn` parameter given at deployment. */
const certificateArn = (scope: Construct, settings: ContainerIngestSettings): string => {
  if (settings.certificateArn !== undefined) return settings.certificateArn;
  return new CfnParameter(Stack.of(scope), 'CertificateArn', {
    type: 'String',
    description: 'ACM certificate (ARN) of the HTTPS listener of the ingest load balancer',
    allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+$',
  }).valueAsString;
};

/**
 * Turns the load balancer's access logs on, into `bucket` under `prefix/`. The stack is not bound
 * to a region, so the Elastic Load Balancing account that writes the logs comes from a mapping by
 * region (`ApplicationLoadBalancer.logAccessLogs` needs the region at synthesis).
 */
const logAccessLogs = (lb: elbv2.ApplicationLoadBalancer, bucket: s3.IBucket, prefix: string): void => {
  const stack = Stack.of(lb);
  lb.setAttribute('access_logs.s3.enabled', 'true');
  lb.setAttribute('access_logs.s3.bucket', bucket.bucketName);
  lb.setAttribute('access_logs.s3.prefix', prefix);
  bucket.addToResourcePolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      principals: [new iam.AccountPrincipal(stack.regionalFact(FactName.ELBV2_ACCOUNT))],
      resources: [bucket.arnForObjects(`${prefix}/AWSLogs/${stack.account}/*`)],
    }),
  );
  const policy = bucket.policy?.node.defaultChild as CfnResource | undefined;
  if (policy !== undefined) (lb.node.defaultChild as CfnResource).addResourceDependency(policy);
};
