import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { collectServerBootCommands } from './collect-server-boot';
import { type DataBucket, PREFIX } from './data-bucket';

/** The Node.js major the collect server installs from the Amazon Linux 2023 repositories (`nodejs22`). */
export const COLLECT_SERVER_NODE_MAJOR = 22;

export interface CollectServerProps {
  readonly data: DataBucket;
  readonly bundle: s3assets.Asset;
  readonly instanceType: string;
  readonly volumeGiB: number;
  /** The zone of the server's subnet; the region's first when absent. */
  readonly availabilityZone?: string;
  readonly maxRunHours: number;
  readonly logRetention: logs.RetentionDays;
  /** ARN of `stop_collect_server`, built from its fixed name (a reference would make a cycle). */
  readonly stopFunctionArn: string;
  /** Environment of the entry point (the `LOCUS_*` variables). */
  readonly environment: Readonly<Record<string, string>>;
  /** Node.js major version installed from the Amazon Linux repositories. */
  readonly nodeMajor?: number;
}

/**
 * The server of the daily run: an instance that is stopped between runs, in an isolated subnet with
 * no inbound rules and no internet route. It reaches S3 through a gateway endpoint (free; also serves
 * the Amazon Linux package repositories) and Redshift Data and Lambda through interface endpoints.
 */
export class CollectServer extends Construct {
  readonly vpc: ec2.Vpc;
  readonly instance: ec2.Instance;
  readonly role: iam.Role;
  readonly securityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: CollectServerProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: props.logRetention });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.42.0.0/24'),
      ...(props.availabilityZone === undefined
        ? { maxAzs: 1 }
        : { availabilityZones: [props.availabilityZone] }),
      natGateways: 0,
      subnetConfiguration: [{ name: 'server', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 26 }],
      flowLogs: { all: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
    const subnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    this.securityGroup = new ec2.SecurityGroup(this, 'ServerSecurityGroup', {
      vpc: this.vpc,
      description: 'Locus collect server: no inbound rules; HTTPS out to the VPC endpoints only',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS; the subnet routes only to the VPC endpoints',
    );
    const endpointGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Locus interface endpoints: HTTPS from the collect server only',
      allowAllOutbound: false,
    });
    endpointGroup.addIngressRule(this.securityGroup, ec2.Port.tcp(443), 'HTTPS from the collect server');

    const s3Endpoint = this.vpc.addGatewayEndpoint('S3', {
      service: ec2.GatewayVpcEndpointAwsService.S3,
      subnets: [subnets],
    });
    s3Endpoint.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:GetObject'],
        resources: [
          `arn:${stack.partition}:s3:::al2023-repos-${stack.region}-*/*`,
          props.bundle.bucket.arnForObjects(props.bundle.s3ObjectKey),
        ],
      }),
    );
    s3Endpoint.addToPolicy(
      new iam.PolicyStatement({
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:ListBucket', 's3:GetObject', 's3:PutObject', 's3:DeleteObject'],
        resources: [props.data.bucket.bucketArn, props.data.bucket.arnForObjects('*')],
      }),
    );
    for (const [name, service] of [
      ['RedshiftData', ec2.InterfaceVpcEndpointAwsService.REDSHIFT_DATA],
      ['Lambda', ec2.InterfaceVpcEndpointAwsService.LAMBDA],
    ] as const) {
      this.vpc.addInterfaceEndpoint(name, {
        service,
        subnets,
        securityGroups: [endpointGroup],
        open: false,
        privateDnsEnabled: true,
      });
    }

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'The Locus collect server: partition and report',
    });
    this.grantPhases(props);

    const instanceType = new ec2.InstanceType(props.instanceType);
    const cpuType =
      instanceType.architecture === ec2.InstanceArchitecture.ARM_64
        ? ec2.AmazonLinuxCpuType.ARM_64
        : ec2.AmazonLinuxCpuType.X86_64;
    const userData = ec2.UserData.forLinux();
    userData.addCommands(
      ...collectServerBootCommands({
        bundleUrl: props.bundle.s3ObjectUrl,
        region: stack.region,
        environment: props.environment,
        nodeMajor: props.nodeMajor ?? COLLECT_SERVER_NODE_MAJOR,
        maxRunHours: props.maxRunHours,
      }),
    );
    this.instance = new ec2.Instance(this, 'Instance', {
      vpc: this.vpc,
      vpcSubnets: subnets,
      instanceType,
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType }),
      role: this.role,
      securityGroup: this.securityGroup,
      associatePublicIpAddress: false,
      requireImdsv2: true,
      detailedMonitoring: true,
      userData,
      userDataCausesReplacement: true,
      instanceInitiatedShutdownBehavior: ec2.InstanceInitiatedShutdownBehavior.STOP,
      propagateTagsToVolumeOnCreation: true,
      blockDevices: [
        {
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(props.volumeGiB, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
            deleteOnTermination: true,
          }),
        },
      ],
    });
    acknowledge(
      this.instance,
      'EC29',
      'The server keeps no state (its data lives in S3) and is replaced whenever its bundle changes; ' +
        'termination protection would block that replacement.',
    );
  }

  /** Exactly the objects and calls that partition and report need. */
  private grantPhases(props: CollectServerProps): void {
    const data = props.data;
    data.grantObjects(this.role, PREFIX.work, ['s3:GetObject', 's3:DeleteObject']);
    data.grantObjects(this.role, PREFIX.archive, ['s3:GetObject', 's3:PutObject']);
    data.grantObjects(this.role, PREFIX.quarantine, ['s3:GetObject', 's3:PutObject']);
    // Parts and reports are uploaded in parts; a failed upload is aborted.
    const upload = ['s3:PutObject', 's3:AbortMultipartUpload'];
    data.grantObjects(this.role, PREFIX.storage, ['s3:GetObject', ...upload, 's3:DeleteObject']);
    data.grantObjects(this.role, PREFIX.download, ['s3:GetObject', ...upload]);
    // Journal appends are written once (at their version) and never deleted.
    data.grantObjects(this.role, PREFIX.journal, ['s3:GetObject', 's3:PutObject']);
    data.grantObjects(this.role, PREFIX.journalIndex, ['s3:GetObject', 's3:PutObject']);
    // The journal's appends as last read (the report run folds every stream), saved for the next run.
    data.grantObjects(this.role, PREFIX.journalCache, ['s3:GetObject', 's3:PutObject']);
    data.grantObjects(this.role, PREFIX.locks, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
    data.grantObjects(this.role, PREFIX.unload, ['s3:GetObject', 's3:DeleteObject']);
    data.grantList(this.role, [
      PREFIX.work,
      PREFIX.archive,
      PREFIX.quarantine,
      PREFIX.storage,
      PREFIX.download,
      PREFIX.journal,
      PREFIX.journalIndex,
      PREFIX.locks,
      PREFIX.unload,
    ]);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [props.bundle.bucket.arnForObjects(props.bundle.s3ObjectKey)],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [props.stopFunctionArn] }),
    );
  }
}
