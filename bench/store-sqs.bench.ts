/**
 * The store phase on the aws profile against fauxqs (SQS + S3 emulator in its own process): one
 * store run drains a queue of 83,000 records, writes the batch object and acknowledges. Baseline
 * in the same run, on the same emulator: a bare SDK loop (the same number of parallel receivers,
 * ReceiveMessage of ten, then DeleteMessageBatch) over the same messages. Target: the store run
 * reaches at least 50 % of the baseline's records/s.
 *
 * Run: `npm run bench:build && node .tmp/bench/bench/store-sqs.bench.js` from the repository root
 * (RECORDS=…, PER_MESSAGE=… records per message, RECEIVERS=…; WRITE=0 leaves BENCHMARKS.md alone).
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { encodeMessageBodies } from '../src/adapters/aws/sqs/sqs-message-body';
import { DEFAULT_CORE_SETTINGS, StoreService, TOKENS } from '../src/application';
import { AWS_ADAPTERS } from '../src/composition/aws-adapters';
import { MEMORY_ADAPTERS } from '../src/composition/memory-adapters';
import { mergeTables } from '../src/composition/registry';
import { startFauxqs } from '../test/support/fauxqs';
import { presetContainer } from '../test/support/preset-container';
import { machineLine, peakRssMiB, perSecond, writeBenchmarkSection } from './support/benchmarks-file';
import { simpleDayRecords } from './support/day-records';

const RECORDS = Number(process.env.RECORDS ?? 83_000);
const PER_MESSAGE = Number(process.env.PER_MESSAGE ?? 1);
const RECEIVERS = Number(process.env.RECEIVERS ?? 10);
const WAIT_SECONDS = 1;
const DAY = Date.UTC(2026, 10, 28);

process.env.AWS_ACCESS_KEY_ID ??= 'bench';
process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Puts the bodies on the queue with plain SendMessageBatch calls (ten per call, 16 in flight). */
const fill = async (sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> => {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const start = next;
      next += 10;
      const entries = bodies
        .slice(start, start + 10)
        .map((body, i) => ({ Id: String(i), MessageBody: body }));
      const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      if ((result.Failed ?? []).length > 0) throw new Error('fauxqs refused messages while filling');
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
};

const depth = async (sqs: SQSClient, queueUrl: string): Promise<number> => {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
};

/** The baseline: parallel workers receive ten, delete them, until a receive comes back empty. */
const bareReceiveDelete = async (sqs: SQSClient, queueUrl: string): Promise<number> => {
  let received = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: WAIT_SECONDS,
          VisibilityTimeout: 900,
        }),
      );
      if (Messages.length === 0) return;
      received += Messages.length;
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
        }),
      );
    }
  };
  await Promise.all(Array.from({ length: RECEIVERS }, worker));
  return received;
};

const main = async (): Promise<void> => {
  const fauxqs = await startFauxqs();
  const common = { region: fauxqs.region, endpoint: fauxqs.endpoint };
  const sqs = new SQSClient(common);
  const s3 = new S3Client({ ...common, forcePathStyle: true });
  try {
    const records = simpleDayRecords(RECORDS, DAY);
    const bodies: string[] = [];
    for (let i = 0; i < records.length; i += PER_MESSAGE) {
      bodies.push(...encodeMessageBodies(records.slice(i, i + PER_MESSAGE)));
    }
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'locus-bench' }));
    const queueUrl = QueueUrl as string;
    await s3.send(new CreateBucketCommand({ Bucket: 'locus-bench' }));

    const f = performance.now();
    await fill(sqs, queueUrl, bodies);
    const fillMs = performance.now() - f;

    const variables = {
      LOCUS_AWS_REGION: fauxqs.region,
      LOCUS_AWS_ENDPOINT: fauxqs.endpoint,
      LOCUS_AWS_MAX_ATTEMPTS: '3',
      LOCUS_AWS_QUEUE_URL: queueUrl,
      LOCUS_AWS_SQS_WAIT_SECONDS: String(WAIT_SECONDS),
      LOCUS_AWS_SQS_RECEIVERS: String(RECEIVERS),
      LOCUS_AWS_BUCKET: 'locus-bench',
      LOCUS_AWS_LOCK_SETTLE_MS: '0',
    };
    let sequence = 0;
    const container = presetContainer('aws', mergeTables([MEMORY_ADAPTERS, AWS_ADAPTERS]), {
      settings: DEFAULT_CORE_SETTINGS,
      clock: { now: () => Date.now() },
      ids: { next: () => `bench-${++sequence}` },
      variables,
      ports: ['queue', 'batches', 'journal'],
    });
    const s = performance.now();
    const outcome = await container.get(StoreService).run();
    const storeMs = performance.now() - s;
    if (outcome.recordCount !== RECORDS || outcome.batchId === null) {
      throw new Error(`one store run kept ${outcome.recordCount} of ${RECORDS} records`);
    }
    let stored = 0;
    for await (const chunk of container.get(TOKENS.batches).read(outcome.batchId)) stored += chunk.length;
    if (stored !== RECORDS) throw new Error(`the batch object holds ${stored} of ${RECORDS} records`);
    const left = await depth(sqs, queueUrl);
    if (left !== 0) throw new Error(`${left} messages are still on the queue after the store run`);
    await container.unbindAll();

    await fill(sqs, queueUrl, bodies);
    const b = performance.now();
    const received = await bareReceiveDelete(sqs, queueUrl);
    const baselineMs = performance.now() - b;
    if (received !== bodies.length)
      throw new Error(`the baseline received ${received} of ${bodies.length} messages`);

    const ratio = (RECORDS / storeMs / (RECORDS / baselineMs)) * 100;
    const table = [
      '### Store phase on SQS and S3 (fauxqs)',
      '',
      `\`node .tmp/bench/bench/store-sqs.bench.js\` — ${machineLine()}`,
      '',
      `${RECORDS.toLocaleString('en-US')} records in ${bodies.length.toLocaleString('en-US')} messages (${PER_MESSAGE} per message), ${RECEIVERS} parallel receivers, long polls of ${WAIT_SECONDS} s; fauxqs in its own process on the same machine.`,
      '',
      '| what | time | records/s |',
      '| --- | ---: | ---: |',
      `| fill the queue (SendMessageBatch, not part of the target) | ${(fillMs / 1000).toFixed(1)} s | ${perSecond(RECORDS, fillMs)} |`,
      `| **one store run**: lease all, write the batch object, journal, delete | **${(storeMs / 1000).toFixed(1)} s** | **${perSecond(RECORDS, storeMs)}** |`,
      `| baseline: bare SDK receive + delete loop | ${(baselineMs / 1000).toFixed(1)} s | ${perSecond(RECORDS, baselineMs)} |`,
      '',
      `Store run / baseline: **${ratio.toFixed(0)} %** of the baseline's rate (target ≥ 50 %). All ${RECORDS.toLocaleString('en-US')} records were stored in one run and the queue was empty after it. Peak RSS: ${peakRssMiB()} MiB.`,
    ].join('\n');
    console.log(table);
    if (process.env.WRITE !== '0') writeBenchmarkSection('store-sqs', table);
  } finally {
    sqs.destroy();
    s3.destroy();
    await fauxqs.stop();
  }
};

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
