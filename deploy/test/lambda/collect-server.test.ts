import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { InMemoryServerLifecycle } from '../../../src/adapters/memory';
import { DailyRunService } from '../../../src/application';
import { TOKENS } from '../../../src/application/tokens';
import { COLLECTION_SERVER_STREAM, decodeLocationCsv, type LocationRecord } from '../../../src/domain';
import { isLocusError, LocusError, type PartitionStore, type ReportStore } from '../../../src/ports';
import { ManualClock } from '../../../test/support/manual-clock';
import { aRecord } from '../../../test/support/records';
import { putStoredBatch } from '../../../test/support/stored-batch';
import { runCollectServer } from '../../collect-server/collect-run';
import { createCollectServerRoot } from '../../collect-server/root';
import { parseRunArguments } from '../../collect-server/run-arguments';
import type { EntryRoot } from '../../lambda/shared/entry-root';
import { createTelemetry } from '../../lambda/shared/telemetry';
import { useStaticAwsCredentials } from './aws-test-env';
import { type CapturedOutput, captureOutput } from './captured-output';

const TOKYO_ZONE = { timeZone: 'Asia/Tokyo' };

useStaticAwsCredentials();

/** 00:17 on 29 November in Tokyo: the server boots after the daily start; the run reports the 28th. */
const BOOTED_AT = Date.UTC(2026, 10, 28, 15, 17);
const TOKYO = { LOCUS_PROFILE: 'memory', LOCUS_TIMEZONE: 'Asia/Tokyo' };

const onDate = (date: string, deviceId: string): LocationRecord =>
  aRecord({ deviceId, recordedAt: Date.parse(`${date}T12:00:00+09:00`) });

const reportOf = async (reports: ReportStore, date: string): Promise<LocationRecord[] | undefined> => {
  const bytes = await reports.open(date);
  if (bytes === undefined) return undefined;
  const parts: Buffer[] = [];
  for await (const chunk of bytes) parts.push(Buffer.from(chunk));
  return decodeLocationCsv(Buffer.concat(parts).toString('utf8'));
};

describe('the collect server run', () => {
  let output: CapturedOutput;
  let root: EntryRoot;

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(async () => {
    output.restore();
    await root?.close();
  });

  const logger = () => createTelemetry('collect_server').logger;

  const withBatches = async (env: Record<string, string> = {}) => {
    root = createCollectServerRoot({ ...TOKYO, ...env }, { clock: new ManualClock(BOOTED_AT) });
    const ports = { batches: root.get(TOKENS.batches), journal: root.get(TOKENS.journal) };
    await putStoredBatch(ports, 'b-1', [onDate('2026-11-28', 'a'), onDate('2026-11-27', 'b')], TOKYO_ZONE);
    await putStoredBatch(ports, 'b-2', [onDate('2026-11-28', 'a'), onDate('2026-11-28', 'c')], TOKYO_ZONE);
  };

  const serverEvents = async () =>
    (await root.get(TOKENS.journal).readStream(COLLECTION_SERVER_STREAM)).events.map((e) => ({
      type: e.type,
      runId: (e.data as { runId: string }).runId,
      ...('outcome' in e.data ? { outcome: e.data.outcome } : {}),
    }));

  it('partitions, reports the previous day in LOCUS_TIMEZONE, journals the run and stops the server', async () => {
    await withBatches();
    const result = await runCollectServer(root, logger());
    expect(result).toEqual({
      runId: expect.any(String),
      date: '2026-11-28',
      outcome: 'succeeded',
      stopped: true,
      exitCode: 0,
    });
    const report = await reportOf(root.get(TOKENS.reports), '2026-11-28');
    expect(report?.map((r) => r.deviceId)).toEqual(['a', 'c']);
    expect(await root.get(TOKENS.batches).listPending()).toEqual([]);
    expect(await serverEvents()).toEqual([
      { type: 'CollectionServerStarted', runId: result.runId },
      { type: 'CollectionServerStopped', runId: result.runId, outcome: 'succeeded' },
    ]);
    expect((root.get(TOKENS.server) as InMemoryServerLifecycle).transitions).toEqual(['started', 'stopped']);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        message: 'the daily run succeeded',
        runId: result.runId,
        date: '2026-11-28',
        batches: 2,
      }),
    );
  });

  it('continues the run start_collect_server journalled', async () => {
    await withBatches();
    await root.get(DailyRunService).startServer('run-from-schedule', '2026-11-28');
    const result = await runCollectServer(root, logger());
    expect(result.runId).toBe('run-from-schedule');
    expect(await serverEvents()).toEqual([
      { type: 'CollectionServerStarted', runId: 'run-from-schedule' },
      { type: 'CollectionServerStopped', runId: 'run-from-schedule', outcome: 'succeeded' },
    ]);
  });

  it('reports the date given as an argument instead, and a tagged date as well', async () => {
    await withBatches();
    const result = await runCollectServer(root, logger(), {
      ...parseRunArguments(['--date', '2026-11-27']),
      taggedDate: '2026-11-28',
    });
    expect(result.date).toBe('2026-11-27');
    const reports = root.get(TOKENS.reports);
    expect((await reportOf(reports, '2026-11-27'))?.map((r) => r.deviceId)).toEqual(['b']);
    expect((await reportOf(reports, '2026-11-28'))?.map((r) => r.deviceId)).toEqual(['a', 'c']);
  });

  it('stops the server after a failed step, logging it, and leaves the batches pending', async () => {
    const failingWrite: PartitionStore['writePart'] = async () => {
      throw new LocusError('STORE_UNAVAILABLE', 'the disk is full');
    };
    root = createCollectServerRoot(TOKYO, { clock: new ManualClock(BOOTED_AT) });
    root.container.onActivation(
      TOKENS.partitions,
      (_context, store: PartitionStore) =>
        new Proxy(store, {
          get: (t, key, r) => (key === 'writePart' ? failingWrite : Reflect.get(t, key, r)),
        }),
    );
    await putStoredBatch(
      { batches: root.get(TOKENS.batches), journal: root.get(TOKENS.journal) },
      'b-1',
      [onDate('2026-11-28', 'a')],
      TOKYO_ZONE,
    );
    const result = await runCollectServer(root, logger());
    expect(result).toEqual(expect.objectContaining({ outcome: 'failed', stopped: true, exitCode: 1 }));
    expect(await root.get(TOKENS.batches).listPending()).toEqual(['b-1']);
    expect(await serverEvents()).toContainEqual({
      type: 'CollectionServerStopped',
      runId: result.runId,
      outcome: 'failed',
    });
    expect(await root.get(TOKENS.server).state()).toBe('stopped');
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        message: 'the daily run failed; the batches not yet filed stay pending for the next run',
        error: expect.objectContaining({ message: 'the disk is full' }),
      }),
    );
  });

  describe('on aws, stopping through stop_collect_server', () => {
    const lambda = mockClient(LambdaClient);
    afterEach(() => lambda.reset());
    afterAll(() => lambda.restore());

    const env = {
      ...TOKYO,
      LOCUS_ADAPTER_SERVER: 'ec2',
      LOCUS_AWS_REGION: 'us-east-1',
      LOCUS_AWS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/locus',
      LOCUS_AWS_BUCKET: 'locus-data',
      LOCUS_AWS_STOP_FUNCTION: 'Locus-stop-collect-server',
    };

    it('invokes the function asynchronously with the run and its outcome', async () => {
      lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
      await withBatches(env);
      const result = await runCollectServer(root, logger());
      expect(result.exitCode).toBe(0);
      const [call] = lambda.commandCalls(InvokeCommand);
      expect(call?.args[0].input).toEqual(
        expect.objectContaining({ FunctionName: 'Locus-stop-collect-server', InvocationType: 'Event' }),
      );
      expect(JSON.parse(Buffer.from(call?.args[0].input.Payload as Uint8Array).toString('utf8'))).toEqual({
        source: 'locus-collect-server',
        runId: result.runId,
        outcome: 'succeeded',
      });
    });

    it('exits with 1 when the function cannot be invoked (the unit then powers the server off)', async () => {
      lambda
        .on(InvokeCommand)
        .rejects(
          Object.assign(new Error('access denied'), { name: 'AccessDeniedException', $fault: 'client' }),
        );
      await withBatches(env);
      const result = await runCollectServer(root, logger());
      expect(result).toEqual(expect.objectContaining({ outcome: 'succeeded', stopped: false, exitCode: 1 }));
      expect(output.logs()).toContainEqual(
        expect.objectContaining({
          level: 'ERROR',
          message: 'the server could not be stopped; it powers itself off when this process ends',
        }),
      );
    });

    it('refuses to start when it could not stop itself', () => {
      const { LOCUS_AWS_STOP_FUNCTION: _stop, ...withoutStop } = env;
      const failure = (() => {
        try {
          createCollectServerRoot(withoutStop);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(isLocusError(failure, 'CONFIGURATION')).toBe(true);
      expect((failure as Error).message).toMatch(/LOCUS_AWS_STOP_FUNCTION/);
    });
  });
});
