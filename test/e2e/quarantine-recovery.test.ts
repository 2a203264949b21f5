import { rm } from 'node:fs/promises';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { Container, ContainerModule } from 'inversify';
import { S3BatchStore } from '../../src/adapters/aws/s3/s3-batch-store';
import { SqsLocationQueue } from '../../src/adapters/aws/sqs/sqs-location-queue';
import { LOCAL_TOKENS } from '../../src/adapters/local/local-tokens';
import { SqliteLocationQueue } from '../../src/adapters/local/sqlite-location-queue';
import { InMemoryLocationQueue } from '../../src/adapters/memory';
import { DEFAULT_CORE_SETTINGS } from '../../src/application';
import { TOKENS } from '../../src/application/tokens';
import { LOCAL_ADAPTERS } from '../../src/composition/local-adapters';
import { PRESETS } from '../../src/config/presets';
import { uniqueName, useFauxqs } from '../adapters/aws/fauxqs-setup';
import { makeTempDir } from '../support/local-world';
import { ManualClock } from '../support/manual-clock';
import { memoryPorts, PIPELINE_PORTS, type PortSet, portsOf } from '../support/memory-ports';
import {
  manualStage,
  type QuarantineStage,
  replayQuarantineScenario,
  type ScenarioResult,
  storeThroughFailures,
} from './support/quarantine-stage';

const START = Date.UTC(2026, 10, 29, 0, 10);
const MAX_RECEIVES = 3;

/** Every accepted record is reported exactly once; nothing else is. */
const expectEveryRecordOnce = (result: ScenarioResult): void => {
  expect(result.reported.size).toBe(result.accepted.size);
  for (const id of result.accepted) expect(result.reported.get(id)).toBe(1);
};

/** The status an operator saw after the failures, before the redrive. */
const expectAlarm = (result: ScenarioResult): void => {
  expect(result.alarm).toMatch(/ALARM +8 queue messages quarantined \(40 records\)/);
  expect(result.alarm).toContain('locus quarantine redrive');
  expect(result.emptyStoreAfterRecovery).toBe(0);
};

const memoryStage = async (maxReceives?: number): Promise<QuarantineStage> => {
  const clock = new ManualClock(START);
  const ports = { ...memoryPorts(clock), queue: new InMemoryLocationQueue(clock, { maxReceives }) };
  return manualStage(ports, clock, async () => undefined);
};

const localStage = async (maxReceives?: number): Promise<QuarantineStage> => {
  const clock = new ManualClock(START);
  const dataDir = await makeTempDir('locus-quarantine-');
  const container = new Container();
  container.bind(TOKENS.Clock).toConstantValue(clock);
  container.bind(LOCAL_TOKENS.QueueTuning).toConstantValue({ maxReceives });
  container.loadSync(
    new ContainerModule((options) => {
      for (const port of PIPELINE_PORTS) {
        const entry = LOCAL_ADAPTERS[port]?.[PRESETS.local[port]];
        entry?.(options, { port, variables: {}, dataDir, cwd: dataDir });
      }
    }),
  );
  const ports: PortSet = portsOf(container);
  return manualStage(ports, clock, async () => {
    await (ports.queue as SqliteLocationQueue).close();
    await container.unbindAll();
    await rm(dataDir, { recursive: true, force: true });
  });
};

describe.each([
  ['memory', memoryStage],
  ['local', localStage],
])('failed store runs, recovery and redrive on the %s profile', (_name, open) => {
  let stage: QuarantineStage;

  afterEach(async () => {
    await stage?.close();
  });

  it('brings back every message a low receive limit set aside, each record reported once', async () => {
    stage = await open(MAX_RECEIVES);
    const result = await replayQuarantineScenario(stage);
    expect(result.failedRuns).toBe(MAX_RECEIVES);
    expectAlarm(result);
    expectEveryRecordOnce(result);
  });

  it('sets nothing aside without a receive limit, however many store runs fail', async () => {
    stage = await open();
    const outcome = await storeThroughFailures(stage, 12);
    expect(outcome).toEqual({ accepted: 40, failedRuns: 12, quarantined: 0, stored: 40 });
  });
});

describe('failed store runs, recovery and redrive on SQS and S3 (fauxqs)', () => {
  const aws = useFauxqs();
  let stage: QuarantineStage;

  afterEach(async () => {
    await stage?.close();
  });

  /** The queue with a dead-letter queue after `maxReceives` receives, the work bucket not made yet. */
  const awsStage = async (maxReceives: number): Promise<QuarantineStage> => {
    const clock = new ManualClock(START);
    const main = await aws.newQueue();
    const dead = await aws.newQueue();
    await aws.redrivePolicy(main.url, dead.url, maxReceives);
    const bucket = uniqueName('locus-work');
    const config = aws.config({
      queue: { url: main.url, deadLetterUrl: dead.url, waitTimeSeconds: 0, receivers: 4, sendLingerMs: 0 },
      buckets: { work: bucket, storage: bucket, download: bucket },
    });
    return {
      clock,
      // A one-second lease: SQS keeps real time, so a failed run's messages come back a second later.
      settings: { ...DEFAULT_CORE_SETTINGS, store: { ...DEFAULT_CORE_SETTINGS.store, leaseMs: 1_000 } },
      ports: {
        ...memoryPorts(clock),
        queue: new SqsLocationQueue(aws.sqs, config),
        batches: new S3BatchStore(aws.s3 as S3Client, config),
      },
      breakStore: async () => undefined,
      mendStore: async () => void (await aws.s3.send(new CreateBucketCommand({ Bucket: bucket }))),
      letLeasesExpire: async () => undefined,
      close: async () => {
        await main.remove();
        await dead.remove();
      },
    };
  };

  it('brings back what the redrive policy moved to the dead-letter queue, each record reported once', async () => {
    stage = await awsStage(MAX_RECEIVES);
    const result = await replayQuarantineScenario(stage);
    expect(result.failedRuns).toBeGreaterThanOrEqual(MAX_RECEIVES);
    expectAlarm(result);
    expectEveryRecordOnce(result);
  }, 60_000);
});
