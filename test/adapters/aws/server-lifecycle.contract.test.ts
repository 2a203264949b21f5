import './quiet-sdk';
import {
  DescribeInstancesCommand,
  type InstanceStateName,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { describeServerLifecycleContract } from '../../../src/testing';
import { described, type Ec2Stub, mockedEc2Lifecycle } from './ec2-lifecycle-fixture';

/**
 * An EC2 instance as the mocked API shows it: a start or stop call puts it in transit (pending,
 * stopping), and it arrives after two more looks; calls in the wrong state are refused as EC2 does.
 */
const simulateInstance = (ec2: Ec2Stub): void => {
  let state: InstanceStateName = 'stopped';
  let looksUntilArrival = 0;
  ec2.on(DescribeInstancesCommand).callsFake(() => {
    if (looksUntilArrival > 0 && --looksUntilArrival === 0)
      state = state === 'pending' ? 'running' : 'stopped';
    return described(state);
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
};

describeServerLifecycleContract('Ec2ServerLifecycle', async () => {
  const { ec2, lifecycle, restore } = mockedEc2Lifecycle();
  simulateInstance(ec2);
  return { lifecycle, teardown: async () => restore() };
});
