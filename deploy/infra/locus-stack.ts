import * as path from 'node:path';
import { Annotations, ArnFormat, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { Construct } from 'constructs';
import { BundleSource, findDeployRoot, type LambdaBundleName } from './bundles';
import { CollectServer } from './constructs/collect-server';
import { ContainerIngest } from './constructs/container-ingest';
import { DataBucket } from './constructs/data-bucket';
import { deviceAuthEnvironment, grantTokenList, grantTokenRead, tokenPath } from './constructs/device-tokens';
import { IngestApi } from './constructs/ingest-api';
import { IngestQueue } from './constructs/ingest-queue';
import { LocusFunction, type LocusFunctionProps } from './constructs/locus-function';
import { grantContainerIngest, grantLifecycle, grantReceive, grantStore } from './constructs/phase-grants';
import { PhaseSchedules } from './constructs/phase-schedules';
import { grantRedshiftData, redshiftEnvironment } from './constructs/redshift-access';
import { SpectrumCatalog } from './constructs/spectrum-catalog';
import type { LocusInfraSettings } from './settings';

export interface LocusStackProps extends StackProps {
  readonly settings: LocusInfraSettings;
  /** Authenticates devices on `POST /locations`; none by default (see IngestApiProps.authorizer). */
  readonly deviceAuthorizer?: apigwv2.IHttpRouteAuthorizer;
}

type PhaseFunctionOptions = Pick<
  LocusFunctionProps,
  'description' | 'memorySize' | 'timeout' | 'functionName' | 'quiet' | 'retryAttempts'
> & { readonly environment?: Readonly<Record<string, string>> };

/** How long start/stop may wait for the instance; the EC2 adapter gives up a minute earlier. */
const LIFECYCLE_TIMEOUT = Duration.minutes(5);

/**
 * Locus on AWS: receive (HTTP API → parse_request → SQS, or with `ingest: 'container'` a load
 * balancer → `locus serve` on Fargate → SQS, records of many requests per message), store (schedule → store_request → S3
 * `work/`), and the daily run (schedule → start_collect_server → EC2 collect server: partition into
 * `storage/`, report through Redshift Spectrum into `download/`, then stop_collect_server).
 * The Redshift cluster or workgroup is referenced, not created.
 */
export class LocusStack extends Stack {
  readonly data: DataBucket;
  readonly queue: IngestQueue;
  /** The ingest of `ingest: 'lambda'` (the default). */
  readonly lambdaIngest?: { readonly api: IngestApi; readonly parse: LocusFunction };
  /** The ingest of `ingest: 'container'`. */
  readonly containerIngest?: ContainerIngest;
  readonly server: CollectServer;
  readonly catalog: SpectrumCatalog;
  readonly functions: Readonly<Record<'store' | 'start' | 'stop', LocusFunction>> & {
    readonly parse?: LocusFunction;
  };

  constructor(scope: Construct, id: string, props: LocusStackProps) {
    super(scope, id, props);
    const settings = props.settings;
    const bundles = new BundleSource({
      mode: settings.bundles,
      bundleDir: settings.bundleDir,
      strict: settings.strict,
    });
    const storeTimeout = Duration.minutes(settings.storeTimeoutMinutes);

    this.data = new DataBucket(this, 'Storage', {
      workRetentionDays: settings.workRetentionDays,
      reportRetentionDays: settings.reportRetentionDays,
      unloadRetentionDays: settings.unloadRetentionDays,
      accessLogRetentionDays: settings.logRetention,
    });
    this.queue = new IngestQueue(this, 'Ingest', {
      storeTimeout,
      storeEveryMinutes: settings.storeEveryMinutes,
    });
    this.catalog = new SpectrumCatalog(this, 'Spectrum', {
      data: this.data,
      databaseName: settings.glueDatabaseName,
    });

    const common: Record<string, string> = {
      LOCUS_PROFILE: 'aws',
      LOCUS_TIMEZONE: settings.timeZone,
      LOCUS_AWS_REGION: this.region,
      LOCUS_AWS_QUEUE_URL: this.queue.queue.queueUrl,
      LOCUS_AWS_BUCKET: this.data.bucket.bucketName,
    };
    const fn = (id: string, bundle: LambdaBundleName, options: PhaseFunctionOptions): LocusFunction =>
      new LocusFunction(this, id, {
        ...options,
        bundle,
        code: bundles.lambdaCode(this, bundle),
        logRetention: settings.logRetention,
        environment: { ...common, ...options.environment },
      });

    const store = fn('StoreRequest', 'store_request', {
      description: 'Locus store: drain the queue into one deduplicated work/ object',
      memorySize: 1024,
      timeout: storeTimeout,
      // The next scheduled run takes over; a retry would only overlap it.
      retryAttempts: 0,
      environment: { LOCUS_AWS_DLQ_URL: this.queue.deadLetters.queueUrl },
    });
    const stopName = `${this.stackName}-stop-collect-server`;
    if (stopName.length > 64) throw new Error(`stack name "${this.stackName}" is too long for ${stopName}`);
    const stopArn = this.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: stopName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });

    const redshiftEnv = redshiftEnvironment(settings.redshift, this.catalog.role.roleArn);
    if (settings.redshift.target === undefined) {
      Annotations.of(this).addWarningV2(
        'locus:no-redshift',
        'No Redshift target (redshiftClusterId or redshiftWorkgroupName): the report phase cannot run.',
      );
    }
    this.server = new CollectServer(this, 'CollectServer', {
      data: this.data,
      bundle: bundles.collectServerAsset(this, 'CollectServerBundle'),
      instanceType: settings.instanceType,
      volumeGiB: settings.serverVolumeGiB,
      availabilityZone: settings.serverAvailabilityZone,
      maxRunHours: settings.serverMaxRunHours,
      logRetention: settings.logRetention,
      stopFunctionArn: stopArn,
      environment: {
        ...common,
        AWS_REGION: this.region,
        LOCUS_AWS_STOP_FUNCTION: stopName,
        ...redshiftEnv,
      },
    });
    grantRedshiftData(this.server.role, settings.redshift);

    const instanceEnv = {
      LOCUS_AWS_INSTANCE_ID: this.server.instance.instanceId,
      LOCUS_AWS_EC2_TIMEOUT_MS: String(LIFECYCLE_TIMEOUT.minus(Duration.minutes(1)).toMilliseconds()),
    };
    const start = fn('StartCollectServer', 'start_collect_server', {
      description: 'Locus daily run: start the collect server',
      memorySize: 256,
      timeout: LIFECYCLE_TIMEOUT,
      environment: instanceEnv,
    });
    const stop = fn('StopCollectServer', 'stop_collect_server', {
      description: 'Locus daily run: stop the collect server (called by the server when it is done)',
      memorySize: 256,
      timeout: LIFECYCLE_TIMEOUT,
      functionName: stopName,
      environment: instanceEnv,
    });
    grantStore(store.role, this.queue, this.data);
    grantLifecycle(start.role, this.data, this.server.instance.instanceId, 'ec2:StartInstances');
    grantLifecycle(stop.role, this.data, this.server.instance.instanceId, 'ec2:StopInstances');

    if (settings.ingest === 'container') {
      this.containerIngest = this.containerIngestOf(settings, common);
      this.functions = { store, start, stop };
    } else {
      const parse = fn('ParseRequest', 'parse_request', {
        description: 'Locus receive: validate a POST /locations request and enqueue its records',
        memorySize: 256,
        timeout: Duration.seconds(10),
        quiet: true,
        // One request per invocation: one request's records make one message, sent at once.
        environment: { ...deviceAuthEnvironment(this), LOCUS_AWS_SQS_LINGER_MS: '0' },
      });
      grantReceive(parse.role, this.queue, this.data);
      grantTokenRead(parse.role);
      const api = new IngestApi(this, 'Api', {
        handler: parse.function,
        throttle: settings.throttle,
        logRetention: settings.logRetention,
        authorizer: props.deviceAuthorizer,
      });
      this.lambdaIngest = { api, parse };
      this.functions = { parse, store, start, stop };
    }
    new PhaseSchedules(this, 'Schedules', {
      storeFunction: store.function,
      startFunction: start.function,
      storeEveryMinutes: settings.storeEveryMinutes,
      timeZone: settings.timeZone,
      collectAt: settings.collectAt,
    });
    this.outputs(stopName);
  }

  /** The API of `ingest: 'lambda'`; throws on a container ingest stack. */
  get api(): IngestApi {
    if (this.lambdaIngest === undefined) throw new Error('this stack takes requests with containers');
    return this.lambdaIngest.api;
  }

  /** `parse_request` of `ingest: 'lambda'`; throws on a container ingest stack. */
  get parseFunction(): LocusFunction {
    if (this.lambdaIngest === undefined) throw new Error('this stack takes requests with containers');
    return this.lambdaIngest.parse;
  }

  /**
   * `locus serve` on Fargate: HTTP only (no schedules: `store_request` and the collect server run
   * the phases), device tokens from SSM, warnings only in its log, the accepted counts journalled
   * every 5 minutes.
   */
  private containerIngestOf(settings: LocusInfraSettings, common: Record<string, string>): ContainerIngest {
    const ingest = new ContainerIngest(this, 'ContainerIngest', {
      imageDirectory: path.dirname(findDeployRoot()),
      settings: settings.container,
      environment: {
        ...common,
        ...deviceAuthEnvironment(this),
        LOCUS_SCHEDULES: 'off',
        LOCUS_TALLY_EVERY: '5m',
        LOCUS_LOG_LEVEL: 'warn',
      },
      accessLogs: this.data.accessLogs,
      logRetention: settings.logRetention,
    });
    grantContainerIngest(ingest.taskRole, this.queue, this.data);
    grantTokenRead(ingest.taskRole);
    grantTokenList(ingest.taskRole);
    return ingest;
  }

  private outputs(stopName: string): void {
    const out = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    const locationsUrl = this.lambdaIngest?.api.locationsUrl ?? this.containerIngest?.locationsUrl ?? '';
    out('LocationsUrl', locationsUrl, 'Devices POST locations here');
    out('TokenPath', tokenPath(this), 'LOCUS_AWS_TOKEN_PATH for `locus token create` (SSM parameters)');
    out('BucketName', this.data.bucket.bucketName, 'work/, storage/, download/ … (LOCUS_AWS_BUCKET)');
    out('QueueUrl', this.queue.queue.queueUrl, 'LOCUS_AWS_QUEUE_URL');
    out('DeadLetterQueueUrl', this.queue.deadLetters.queueUrl, 'LOCUS_AWS_DLQ_URL');
    out(
      'DeadLetterAlarmName',
      this.queue.deadLetterAlarm.alarmName,
      'In alarm while the dead-letter queue holds messages: attach an action (e.g. an SNS topic)',
    );
    out('CollectServerInstanceId', this.server.instance.instanceId, 'LOCUS_AWS_INSTANCE_ID');
    out('StopFunctionName', stopName, 'Called by the collect server when its run is over');
    out(
      'SpectrumRoleArn',
      this.catalog.role.roleArn,
      'Attach to the Redshift cluster/namespace (Spectrum, UNLOAD)',
    );
    out('GlueDatabase', this.catalog.database.ref, 'CREATE EXTERNAL SCHEMA … FROM DATA CATALOG DATABASE');
  }
}
