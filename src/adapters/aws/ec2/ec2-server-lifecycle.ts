import {
  DescribeInstancesCommand,
  type EC2Client,
  StartInstancesCommand,
  StopInstancesCommand,
} from '@aws-sdk/client-ec2';
import { inject, injectable } from 'inversify';
import { type AwsAdapterConfig, type AwsEc2Config, requireEc2Config } from '../../../config/aws-config';
import type { Clock, ServerLifecycle, ServerState } from '../../../ports';
import { LocusError } from '../../../ports/errors';
import { TOKENS } from '../../../ports/tokens';
import { errorName, translateAwsError } from '../aws-errors';
import { AWS_TOKENS } from '../aws-tokens';
import { sleep } from '../backoff';

type Ec2State = 'pending' | 'running' | 'shutting-down' | 'terminated' | 'stopping' | 'stopped' | 'unknown';

const TO_SERVER_STATE: Record<Ec2State, ServerState> = {
  pending: 'pending',
  running: 'running',
  stopping: 'stopping',
  stopped: 'stopped',
  'shutting-down': 'unknown',
  terminated: 'unknown',
  unknown: 'unknown',
};

/**
 * The collect server as one EC2 instance. Start and stop are idempotent: a running instance is
 * started, a stopped one stopped; an instance on its way (pending, stopping) is waited for, then
 * moved on. Each waits, polling `DescribeInstances`, until the instance is there or the deadline
 * passes; every failure is `LIFECYCLE_FAILED`.
 */
@injectable()
export class Ec2ServerLifecycle implements ServerLifecycle {
  constructor(
    @inject(AWS_TOKENS.Ec2Client) private readonly client: EC2Client,
    @inject(AWS_TOKENS.Config) private readonly config: AwsAdapterConfig,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  /** The instance and waits, read when first used: a caller that never drives the server needs none. */
  private get settings(): AwsEc2Config {
    return requireEc2Config(this.config);
  }

  async start(): Promise<void> {
    await this.drive('running', async (state) => {
      if (state === 'stopped') await this.command('start');
    });
  }

  async stop(): Promise<void> {
    await this.drive('stopped', async (state) => {
      if (state === 'running') await this.command('stop');
    });
  }

  async state(): Promise<ServerState> {
    return TO_SERVER_STATE[await this.describe()];
  }

  /** Acts on each state seen (`act`), polling until the instance reaches `goal` or the deadline passes. */
  private async drive(goal: 'running' | 'stopped', act: (state: Ec2State) => Promise<void>): Promise<void> {
    const { instanceId, waitTimeoutMs, pollIntervalMs } = this.settings;
    const deadline = this.clock.now() + waitTimeoutMs;
    for (;;) {
      const state = await this.describe();
      if (state === goal) return;
      if (state === 'terminated' || state === 'shutting-down' || state === 'unknown') {
        throw new LocusError(
          'LIFECYCLE_FAILED',
          `instance ${instanceId} is ${state} and cannot become ${goal}`,
        );
      }
      await act(state);
      if (this.clock.now() >= deadline) {
        throw new LocusError(
          'LIFECYCLE_FAILED',
          `instance ${instanceId} did not become ${goal} within ${waitTimeoutMs} ms (last seen ${state})`,
          { retryable: true },
        );
      }
      await sleep(pollIntervalMs);
    }
  }

  private async describe(): Promise<Ec2State> {
    const { instanceId } = this.settings;
    try {
      const result = await this.client.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
      const instance = result.Reservations?.flatMap((r) => r.Instances ?? []).find(
        (i) => i.InstanceId === instanceId,
      );
      if (instance === undefined)
        throw new LocusError('LIFECYCLE_FAILED', `instance ${instanceId} was not found`);
      return (instance.State?.Name as Ec2State | undefined) ?? 'unknown';
    } catch (error) {
      throw translateAwsError(error, 'LIFECYCLE_FAILED', `describing instance ${instanceId}`);
    }
  }

  private async command(action: 'start' | 'stop'): Promise<void> {
    const { instanceId } = this.settings;
    try {
      await this.client.send(
        action === 'start'
          ? new StartInstancesCommand({ InstanceIds: [instanceId] })
          : new StopInstancesCommand({ InstanceIds: [instanceId] }),
      );
    } catch (error) {
      // The instance moved between the look and the call: the next look decides again.
      if (errorName(error) === 'IncorrectInstanceState') return;
      throw translateAwsError(
        error,
        'LIFECYCLE_FAILED',
        `${action === 'start' ? 'starting' : 'stopping'} instance ${instanceId}`,
      );
    }
  }
}
