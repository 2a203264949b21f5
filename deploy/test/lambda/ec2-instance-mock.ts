import {
  DescribeInstancesCommand,
  EC2Client,
  type InstanceStateName,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';

export const INSTANCE_ID = 'i-0123456789abcdef0';

/** One EC2 instance behind every EC2 client of the process (aws-sdk-client-mock on the class). */
export interface InstanceMock {
  state: InstanceStateName;
  readonly ec2: AwsClientStub<EC2Client>;
  readonly calls: () => string[];
  restore(): void;
}

export const mockInstance = (initial: InstanceStateName = 'stopped'): InstanceMock => {
  const ec2 = mockClient(EC2Client);
  const mock: InstanceMock = {
    state: initial,
    ec2,
    calls: () =>
      ec2.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name),
    restore: () => ec2.restore(),
  };
  ec2.on(DescribeInstancesCommand).callsFake(async () => ({
    Reservations: [{ Instances: [{ InstanceId: INSTANCE_ID, State: { Name: mock.state } }] }],
  }));
  ec2.on(StartInstancesCommand).callsFake(async () => {
    mock.state = 'running';
    return { StartingInstances: [{ InstanceId: INSTANCE_ID }] };
  });
  ec2.on(StopInstancesCommand).callsFake(async () => {
    mock.state = 'stopped';
    return { StoppingInstances: [{ InstanceId: INSTANCE_ID }] };
  });
  return mock;
};

/** The aws profile with EC2 for the lifecycle and the journal in memory (a mixed composition). */
export const lifecycleEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
  LOCUS_PROFILE: 'aws',
  LOCUS_ADAPTER_JOURNAL: 'memory',
  LOCUS_TIMEZONE: 'Asia/Tokyo',
  LOCUS_AWS_REGION: 'us-east-1',
  LOCUS_AWS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/locus',
  LOCUS_AWS_BUCKET: 'locus-data',
  LOCUS_AWS_INSTANCE_ID: INSTANCE_ID,
  LOCUS_AWS_EC2_POLL_MS: '10',
  LOCUS_AWS_EC2_TIMEOUT_MS: '5000',
  ...extra,
});
