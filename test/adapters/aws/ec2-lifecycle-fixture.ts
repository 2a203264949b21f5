import './quiet-sdk';
import { EC2Client, type InstanceStateName } from '@aws-sdk/client-ec2';
import { type AwsStub, mockClient } from 'aws-sdk-client-mock';
import { Ec2ServerLifecycle } from '../../../src/adapters/aws/ec2/ec2-server-lifecycle';
import type { AwsAdapterConfig } from '../../../src/config/aws-config';
import { ManualClock } from '../../support/manual-clock';

export const INSTANCE = 'i-0123456789abcdef0';

/** The aws profile's configuration with `ec2` as its EC2 settings (nothing else is used). */
export const ec2Config = (ec2: AwsAdapterConfig['ec2']): AwsAdapterConfig => ({
  region: 'eu-west-1',
  maxAttempts: 1,
  queue: {
    url: 'https://sqs.eu-west-1.amazonaws.com/1/q',
    waitTimeSeconds: 0,
    receivers: 1,
    sendLingerMs: 0,
  },
  buckets: { work: 'w', storage: 's', download: 'd' },
  keyPrefix: '',
  lockSettleMs: 0,
  ec2,
});

/** What DescribeInstances answers for {@link INSTANCE} in `state`. */
export const described = (state: InstanceStateName) => ({
  Reservations: [{ Instances: [{ InstanceId: INSTANCE, State: { Name: state } }] }],
});

// biome-ignore lint/suspicious/noExplicitAny: the stub's generic parameters are the client's own
export type Ec2Stub = AwsStub<any, any, any>;

/** An {@link Ec2ServerLifecycle} of {@link INSTANCE} over a mocked EC2 client, on a manual clock. */
export interface MockedEc2Lifecycle {
  readonly client: EC2Client;
  /** The client's mock: what EC2 answers is set on it. */
  readonly ec2: Ec2Stub;
  readonly clock: ManualClock;
  readonly lifecycle: Ec2ServerLifecycle;
  /** Removes the mock and destroys the client. */
  restore(): void;
}

/** A lifecycle that waits up to 60 s for a state, looking every millisecond. */
export const mockedEc2Lifecycle = (): MockedEc2Lifecycle => {
  const client = new EC2Client({ region: 'eu-west-1' });
  const ec2 = mockClient(client);
  const clock = new ManualClock();
  const lifecycle = new Ec2ServerLifecycle(
    client,
    ec2Config({ instanceId: INSTANCE, waitTimeoutMs: 60_000, pollIntervalMs: 1 }),
    clock,
  );
  return {
    client,
    ec2,
    clock,
    lifecycle,
    restore: () => {
      ec2.restore();
      client.destroy();
    },
  };
};
