import { S3BatchStore } from '../../../src/adapters/aws/s3/s3-batch-store';
import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import type { AwsAdapterConfig } from '../../../src/config/aws-config';
import { eventually } from '../../support/eventually';
import { readAll } from '../../support/records';
import { requireBuild, runLocus, ServerProcess } from '../../support/server-process';
import { useFauxqs } from './fauxqs-setup';

process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
const aws = useFauxqs();

const CONNECTIONS = 40;

/** Posts one location per request from `CONNECTIONS` clients until `stop()` says so; collects the 202'd ids. */
const loadServer = (url: string, until: (sent: number) => boolean) => {
  const accepted: string[] = [];
  let sent = 0;
  let failed = 0;
  const client = async (c: number) => {
    while (!until(sent)) {
      const n = sent++;
      try {
        const response = await fetch(`${url}/locations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            deviceId: `device-${c}`,
            latitude: 35 + n / 1e5,
            longitude: 139 + n / 1e5,
            timestamp: new Date(Date.now() - n).toISOString(),
          }),
        });
        const answer = (await response.json()) as { ids?: string[] };
        if (response.status === 202) accepted.push(...(answer.ids ?? []));
        else failed++;
      } catch {
        failed++;
        return;
      }
    }
  };
  const done = Promise.all(Array.from({ length: CONNECTIONS }, (_, c) => client(c)));
  return {
    accepted,
    get sent() {
      return sent;
    },
    done: done.then(() => ({ sent, failed })),
  };
};

describe('locus serve on the aws profile, packing messages (fauxqs)', () => {
  let env: Record<string, string>;
  let config: AwsAdapterConfig;

  beforeAll(() => requireBuild());

  beforeEach(async () => {
    const queue = await aws.newQueue();
    const bucket = await aws.newBucket();
    config = aws.config({
      queue: { url: queue.url, waitTimeSeconds: 0, receivers: 4, sendLingerMs: 0 },
      buckets: { work: bucket, storage: bucket, download: bucket },
    });
    env = {
      LOCUS_PROFILE: 'aws',
      LOCUS_AWS_REGION: aws.fauxqs.region,
      LOCUS_AWS_ENDPOINT: aws.fauxqs.endpoint,
      LOCUS_AWS_QUEUE_URL: queue.url,
      LOCUS_AWS_BUCKET: bucket,
      LOCUS_AWS_MAX_ATTEMPTS: '2',
      LOCUS_AWS_SQS_WAIT_SECONDS: '0',
      LOCUS_AWS_LOCK_SETTLE_MS: '20',
      LOCUS_SCHEDULES: 'off',
      LOCUS_LOG_LEVEL: 'info',
    };
  });

  /** Every record id in the batches the store phase wrote. */
  const storedIds = async (): Promise<string[]> => {
    const batches = new S3BatchStore(aws.s3, config);
    const ids: string[] = [];
    for (const batch of await batches.listPending()) {
      ids.push(...(await readAll(batches.read(batch))).map((r) => r.recordId));
    }
    return ids;
  };

  /** Runs `locus store` until the queue is empty. */
  const storeAll = async (): Promise<void> => {
    const queue = new SqsLocationQueue(aws.sqs, config);
    for (let run = 0; run < 5; run++) {
      const result = await runLocus(['store'], env);
      expect(result.code).toBe(0);
      const depth = await queue.depth();
      if (depth.ready + depth.leased === 0) return;
    }
    throw new Error('the queue did not empty');
  };

  it('sends at least 20 times fewer messages than requests, and stores every 202d record once', async () => {
    // A long linger keeps the count independent of how busy the machine is.
    const server = await ServerProcess.start({ ...env, LOCUS_AWS_SQS_LINGER_MS: '1000' });
    const load = loadServer(server.url, (sent) => sent >= 400);
    const { sent, failed } = await load.done;
    await server.stop('SIGTERM');
    expect(failed).toBe(0);
    expect(load.accepted).toHaveLength(sent);
    const depth = await new SqsLocationQueue(aws.sqs, config).depth();
    expect(depth.ready).toBeGreaterThan(0);
    expect(depth.ready * 20).toBeLessThanOrEqual(sent);
    await storeAll();
    const stored = await storedIds();
    expect(stored.sort()).toEqual([...load.accepted].sort());
  }, 60_000);

  it('stores every 202d record once after the server is killed with messages half packed', async () => {
    const server = await ServerProcess.start({ ...env, LOCUS_AWS_SQS_LINGER_MS: '200' });
    let killed = false;
    const load = loadServer(server.url, () => killed);
    // Wait for answered requests, then kill while every client waits on an open message.
    await eventually(
      async () => load.accepted.length,
      (n) => n >= 200,
      { timeoutMs: 20_000, intervalMs: 5 },
    );
    killed = true;
    await server.stop('SIGKILL');
    const { sent, failed } = await load.done;
    expect(failed).toBeGreaterThan(0);
    expect(load.accepted.length).toBeLessThan(sent);
    await storeAll();
    const stored = await storedIds();
    expect(new Set(stored).size).toBe(stored.length);
    const storedSet = new Set(stored);
    expect(load.accepted.filter((id) => !storedSet.has(id))).toEqual([]);
  }, 60_000);
});
