import { StartInstancesCommand } from '@aws-sdk/client-ec2';
import { TOKENS } from '../../../src/application/tokens';
import { COLLECTION_SERVER_STREAM, type LocusEvent } from '../../../src/domain';
import { isLocusError } from '../../../src/ports';
import { ManualClock } from '../../../test/support/manual-clock';
import type { EntryRoot } from '../../lambda/shared/entry-root';
import { createTelemetry, METRIC } from '../../lambda/shared/telemetry';
import { createStartCollectServerHandler } from '../../lambda/start-collect-server/handler';
import { createStartCollectServerRoot } from '../../lambda/start-collect-server/root';
import { createStopCollectServerHandler } from '../../lambda/stop-collect-server/handler';
import { createStopCollectServerRoot } from '../../lambda/stop-collect-server/root';
import { useStaticAwsCredentials } from './aws-test-env';
import { type CapturedOutput, captureOutput } from './captured-output';
import { INSTANCE_ID, type InstanceMock, lifecycleEnv, mockInstance } from './ec2-instance-mock';
import { lambdaContext, scheduledEvent } from './lambda-fixtures';

useStaticAwsCredentials();

/** 00:15 on 29 November in Tokyo: the daily schedule's time; the run reports the 28th. */
const SCHEDULED_AT = Date.UTC(2026, 10, 28, 15, 15);

describe('start_collect_server and stop_collect_server (EC2 mocked)', () => {
  let output: CapturedOutput;
  let instance: InstanceMock;
  let root: EntryRoot;

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(async () => {
    output.restore();
    instance.restore();
    await root?.close();
  });

  const serverEvents = async (): Promise<readonly LocusEvent[]> =>
    (await root.get(TOKENS.journal).readStream(COLLECTION_SERVER_STREAM)).events;

  describe('start_collect_server', () => {
    const start = (env: Record<string, string> = {}) => {
      root = createStartCollectServerRoot(lifecycleEnv(env), { clock: new ManualClock(SCHEDULED_AT) });
      return createStartCollectServerHandler(root, createTelemetry('start_collect_server'));
    };

    it('starts the stopped instance and journals the run of the previous day in LOCUS_TIMEZONE', async () => {
      instance = mockInstance('stopped');
      const context = lambdaContext('start_collect_server');
      const started = await start()(scheduledEvent(), context);
      expect(started).toEqual({ runId: expect.any(String), date: '2026-11-28' });
      expect(instance.state).toBe('running');
      expect(instance.ec2.commandCalls(StartInstancesCommand)[0]?.args[0].input).toEqual({
        InstanceIds: [INSTANCE_ID],
      });
      expect(await serverEvents()).toEqual([
        {
          type: 'CollectionServerStarted',
          data: { runId: started.runId, date: '2026-11-28', startedAt: SCHEDULED_AT },
        },
      ]);
      expect(output.metric(METRIC.serverStarts)).toEqual([1]);
      expect(output.logs()).toContainEqual(
        expect.objectContaining({
          message: 'collect server started',
          requestId: context.awsRequestId,
          runId: started.runId,
        }),
      );
    });

    it('needs no Redshift setting: it builds the server and journal ports only', async () => {
      instance = mockInstance('stopped');
      await start()(scheduledEvent(), lambdaContext('start_collect_server'));
      expect(instance.calls()).toContain('StartInstancesCommand');
      expect(root.container.isBound(TOKENS.reportQuery)).toBe(false);
      expect(root.container.isBound(TOKENS.partitions)).toBe(false);
    });

    it('is idempotent: a second call on a running server starts nothing and journals nothing more', async () => {
      instance = mockInstance('stopped');
      const handler = start();
      await handler(scheduledEvent(), lambdaContext('start_collect_server'));
      await handler(scheduledEvent(), lambdaContext('start_collect_server'));
      expect(instance.calls().filter((name) => name === 'StartInstancesCommand')).toHaveLength(1);
      expect(await serverEvents()).toHaveLength(1);
    });

    it('fails, logging why, when the instance cannot start', async () => {
      instance = mockInstance('terminated');
      const failure = await start()(scheduledEvent(), lambdaContext('start_collect_server')).catch(
        (e: unknown) => e,
      );
      expect(isLocusError(failure, 'LIFECYCLE_FAILED')).toBe(true);
      expect(await serverEvents()).toEqual([]);
      expect(output.metric(METRIC.serverStarts)).toEqual([0]);
      expect(output.logs()).toContainEqual(
        expect.objectContaining({ level: 'ERROR', message: 'the collect server could not be started' }),
      );
    });
  });

  describe('stop_collect_server', () => {
    const stop = () => {
      root = createStopCollectServerRoot(lifecycleEnv(), { clock: new ManualClock(SCHEDULED_AT) });
      return createStopCollectServerHandler(root, createTelemetry('stop_collect_server'));
    };

    it('stops the running instance, logging the run the server says it finished', async () => {
      instance = mockInstance('running');
      const result = await stop()(
        { source: 'locus-collect-server', runId: 'run-7', outcome: 'succeeded' },
        lambdaContext('stop_collect_server'),
      );
      expect(result).toEqual({ stopped: true });
      expect(instance.state).toBe('stopped');
      expect(output.metric(METRIC.serverStops)).toEqual([1]);
      expect(output.logs()).toContainEqual(
        expect.objectContaining({ message: 'collect server stopped', runId: 'run-7', outcome: 'succeeded' }),
      );
    });

    it('succeeds without a call when the instance is already stopped', async () => {
      instance = mockInstance('stopped');
      await stop()({}, lambdaContext('stop_collect_server'));
      expect(instance.calls()).toEqual(['DescribeInstancesCommand']);
    });

    it('fails, logging why, when EC2 does not answer', async () => {
      instance = mockInstance('running');
      instance.ec2.rejects(
        Object.assign(new Error('service unavailable'), { $metadata: { httpStatusCode: 503 } }),
      );
      const failure = await stop()(null, lambdaContext('stop_collect_server')).catch((e: unknown) => e);
      expect(isLocusError(failure, 'LIFECYCLE_FAILED')).toBe(true);
      expect(output.logs()).toContainEqual(
        expect.objectContaining({ level: 'ERROR', message: 'the collect server could not be stopped' }),
      );
    });
  });
});
