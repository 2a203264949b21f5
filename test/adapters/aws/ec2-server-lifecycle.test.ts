import './quiet-sdk';
import {
  DescribeInstancesCommand,
  type EC2Client,
  type InstanceStateName,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { Ec2ServerLifecycle } from '../../../src/adapters/aws/ec2/ec2-server-lifecycle';
import { isLocusError, type LocusError } from '../../../src/ports';
import type { ManualClock } from '../../support/manual-clock';
import { described, type Ec2Stub, ec2Config, INSTANCE, mockedEc2Lifecycle } from './ec2-lifecycle-fixture';

describe('Ec2ServerLifecycle', () => {
  let client: EC2Client;
  let ec2: Ec2Stub;
  let clock: ManualClock;
  let lifecycle: Ec2ServerLifecycle;
  let restore: () => void;

  beforeEach(() => {
    ({ client, ec2, clock, lifecycle, restore } = mockedEc2Lifecycle());
  });

  afterEach(() => {
    restore();
  });

  /** DescribeInstances answers the states in turn (the last one from then on); each look takes 10 s. */
  const states = (...sequence: InstanceStateName[]) => {
    let call = 0;
    ec2.on(DescribeInstancesCommand).callsFake(() => {
      clock.advance(10_000);
      return described(sequence[Math.min(call++, sequence.length - 1)] as InstanceStateName);
    });
  };

  const failureOf = (promise: Promise<unknown>): Promise<LocusError> =>
    promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: LocusError) => error,
    );

  it('treats starting a running instance as success, without a start call', async () => {
    states('running');
    await lifecycle.start();
    expect(ec2.commandCalls(StartInstancesCommand)).toHaveLength(0);
  });

  it('starts a stopped instance and waits until it runs', async () => {
    states('stopped', 'pending', 'pending', 'running');
    ec2.on(StartInstancesCommand).resolves({});
    await lifecycle.start();
    expect(ec2.commandCalls(StartInstancesCommand).map((c) => c.args[0].input)).toEqual([
      { InstanceIds: [INSTANCE] },
    ]);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(4);
  });

  it('waits for a pending instance without starting it again', async () => {
    states('pending', 'pending', 'running');
    await lifecycle.start();
    expect(ec2.commandCalls(StartInstancesCommand)).toHaveLength(0);
  });

  it('waits for a stopping instance to stop, then starts it', async () => {
    states('stopping', 'stopping', 'stopped', 'pending', 'running');
    ec2.on(StartInstancesCommand).resolves({});
    await lifecycle.start();
    expect(ec2.commandCalls(StartInstancesCommand)).toHaveLength(1);
  });

  it('treats stopping a stopped instance as success, without a stop call', async () => {
    states('stopped');
    await lifecycle.stop();
    expect(ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
  });

  it('stops a running instance and waits until it has stopped', async () => {
    states('running', 'stopping', 'stopped');
    ec2.on(StopInstancesCommand).resolves({});
    await lifecycle.stop();
    expect(ec2.commandCalls(StopInstancesCommand).map((c) => c.args[0].input)).toEqual([
      { InstanceIds: [INSTANCE] },
    ]);
  });

  it('waits for a stopping instance without stopping it again', async () => {
    states('stopping', 'stopped');
    await lifecycle.stop();
    expect(ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
  });

  it('lets a pending instance come up before stopping it', async () => {
    states('pending', 'running', 'stopping', 'stopped');
    ec2.on(StopInstancesCommand).resolves({});
    await lifecycle.stop();
    expect(ec2.commandCalls(StopInstancesCommand)).toHaveLength(1);
  });

  it('looks again when the instance moved between the look and the call', async () => {
    states('stopped', 'pending', 'running');
    ec2
      .on(StartInstancesCommand)
      .rejects(Object.assign(new Error('not stopped'), { name: 'IncorrectInstanceState' }));
    await lifecycle.start();
  });

  it('fails with LIFECYCLE_FAILED when the instance does not get there before the deadline', async () => {
    states('stopped', 'pending');
    ec2.on(StartInstancesCommand).resolves({});
    const error = await failureOf(lifecycle.start());
    expect(error.code).toBe('LIFECYCLE_FAILED');
    expect(error.message).toContain('did not become running within 60000 ms');
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(6);
  });

  it('fails with LIFECYCLE_FAILED for a terminated instance', async () => {
    states('terminated');
    const error = await failureOf(lifecycle.start());
    expect(error.code).toBe('LIFECYCLE_FAILED');
    expect(ec2.commandCalls(StartInstancesCommand)).toHaveLength(0);
  });

  it('translates SDK errors into LIFECYCLE_FAILED with the cause, retryable when throttled', async () => {
    const throttled = Object.assign(new Error('slow down'), { name: 'RequestLimitExceeded', $metadata: {} });
    ec2.on(DescribeInstancesCommand).rejects(throttled);
    const error = await failureOf(lifecycle.stop());
    expect(error.code).toBe('LIFECYCLE_FAILED');
    expect(error.retryable).toBe(true);
    expect(error.cause).toBe(throttled);

    states('running');
    const denied = Object.assign(new Error('not allowed'), {
      name: 'UnauthorizedOperation',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    ec2.on(StopInstancesCommand).rejects(denied);
    const refused = await failureOf(lifecycle.stop());
    expect(refused.code).toBe('LIFECYCLE_FAILED');
    expect(refused.retryable).toBe(false);
    expect(refused.cause).toBe(denied);
  });

  it('tells the server state', async () => {
    for (const [ec2State, expected] of [
      ['running', 'running'],
      ['pending', 'pending'],
      ['stopping', 'stopping'],
      ['stopped', 'stopped'],
      ['terminated', 'unknown'],
    ] as const) {
      ec2.on(DescribeInstancesCommand).resolves(described(ec2State));
      expect(await lifecycle.state()).toBe(expected);
    }
  });

  it('refuses to start without an instance id (it is made without one: a caller may never drive the server)', async () => {
    const error = await new Ec2ServerLifecycle(client, ec2Config(undefined), clock)
      .start()
      .catch((e: unknown) => e);
    expect(isLocusError(error, 'CONFIGURATION')).toBe(true);
    expect((error as Error).message).toContain('LOCUS_AWS_INSTANCE_ID');
  });
});
