import './quiet-sdk';
import {
  DescribeInstancesCommand,
  EC2Client,
  type InstanceStateName,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { Ec2ServerLifecycle } from '../../../src/adapters/aws/ec2/ec2-server-lifecycle';
import { describeServerLifecycleContract } from '../../contracts/server-lifecycle.contract';
import { ManualClock } from '../../support/manual-clock';

const INSTANCE = 'i-0123456789abcdef0';

/**
 * An EC2 instance as the mocked API shows it: a start or stop call puts it in transit (pending,
 * stopping), and it arrives after two more looks; calls in the wrong state are refused as EC2 does.
 */
const simulatedInstance = (client: EC2Client) => {
  let state: InstanceStateName = 'stopped';
  let looksUntilArrival = 0;
  const ec2 = mockClient(client);
  ec2.on(DescribeInstancesCommand).callsFake(() => {
    if (looksUntilArrival > 0 && --looksUntilArrival === 0)
      state = state === 'pending' ? 'running' : 'stopped';
    return { Reservations: [{ Instances: [{ InstanceId: INSTANCE, State: { Name: state } }] }] };
  });
  const move = (from: InstanceStateName, to: InstanceStateName) => () => {
    if (state !== from)
      throw Object.assign(new Error(`instance is ${state}`), { name: 'IncorrectInstanceState' });
    state = to;
    looksUntilArrival = 2;
    return {};
  };
  ec2.on(StartInstancesCommand).callsFake(move('stopped', 'pending'));
  ec2.on(StopInstancesCommand).callsFake(move('running', 'stopping'));
  return ec2;
};

describeServerLifecycleContract('Ec2ServerLifecycle', async () => {
  const client = new EC2Client({ region: 'eu-west-1' });
  const ec2 = simulatedInstance(client);
  const lifecycle = new Ec2ServerLifecycle(
    client,
    {
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
      ec2: { instanceId: INSTANCE, waitTimeoutMs: 60_000, pollIntervalMs: 1 },
    },
    new ManualClock(),
  );
  return {
    lifecycle,
    teardown: async () => {
      ec2.restore();
      client.destroy();
    },
  };
});
