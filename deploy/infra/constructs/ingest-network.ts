import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface IngestNetworkProps {
  readonly logRetention: logs.RetentionDays;
}

/** The port `locus serve` listens on in its container. */
export const INGEST_PORT = 8080;

/**
 * The network of the container ingest: a VPC over two zones with public subnets only (no NAT
 * gateway), a free S3 gateway endpoint (image layers), flow logs of rejected traffic, and two security groups: the
 * load balancer's, open on 443, and the tasks', open only to the load balancer on the ingest port.
 * The tasks have public addresses for their way out to AWS APIs (ECR, SQS, SSM, CloudWatch Logs);
 * nothing can reach them but the load balancer.
 */
export class IngestNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly loadBalancerGroup: ec2.SecurityGroup;
  readonly serviceGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: IngestNetworkProps) {
    super(scope, id);
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: props.logRetention });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr('10.43.0.0/24'),
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'ingest', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 26 }],
      // Rejected traffic only: every device connection passes the load balancer's interfaces, and
      // logging accepted flows would cost more than the service (the access logs record requests).
      flowLogs: {
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });
    this.vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });

    this.loadBalancerGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: 'Locus ingest load balancer: HTTPS from devices; out only to the ingest tasks',
      allowAllOutbound: false,
    });
    this.loadBalancerGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from devices');
    acknowledge(
      this.loadBalancerGroup,
      'EC23',
      'The ingest endpoint is public by design: devices post from anywhere, over HTTPS only, with a device token.',
    );
    this.serviceGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: this.vpc,
      description: 'Locus ingest tasks: the ingest port from the load balancer only; HTTPS out to AWS APIs',
      allowAllOutbound: false,
    });
    this.serviceGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to AWS APIs (SQS, SSM, S3, ECR, logs)',
    );
    this.serviceGroup.connections.allowFrom(
      this.loadBalancerGroup,
      ec2.Port.tcp(INGEST_PORT),
      'requests and health checks from the load balancer',
    );
  }
}
