import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { runCollectServer } from '../../deploy/collect-server/collect-run';
import { createCollectServerRoot } from '../../deploy/collect-server/root';
import { createParseRequestHandler } from '../../deploy/lambda/parse-request/handler';
import { createParseRequestRoot } from '../../deploy/lambda/parse-request/root';
import type { EntryRoot } from '../../deploy/lambda/shared/entry-root';
import { createTelemetry } from '../../deploy/lambda/shared/telemetry';
import { createStartCollectServerHandler } from '../../deploy/lambda/start-collect-server/handler';
import { createStartCollectServerRoot } from '../../deploy/lambda/start-collect-server/root';
import { createStopCollectServerHandler } from '../../deploy/lambda/stop-collect-server/handler';
import { createStopCollectServerRoot } from '../../deploy/lambda/stop-collect-server/root';
import { createStoreRequestHandler } from '../../deploy/lambda/store-request/handler';
import { createStoreRequestRoot } from '../../deploy/lambda/store-request/root';
import { fauxqsEnv, useStaticAwsCredentials } from '../../deploy/test/lambda/aws-test-env';
import { type CapturedOutput, captureOutput } from '../../deploy/test/lambda/captured-output';
import { INSTANCE_ID, type InstanceMock, mockInstance } from '../../deploy/test/lambda/ec2-instance-mock';
import { httpApiEvent, lambdaContext, scheduledEvent } from '../../deploy/test/lambda/lambda-fixtures';
import { parseLocations } from '../../src/application';
import { TOKENS } from '../../src/application/tokens';
import {
  COLLECTION_SERVER_STREAM,
  compareForReport,
  decodeLocationCsv,
  LOCATION_CSV_HEADER,
  type LocationRecord,
  RecordDateResolver,
} from '../../src/domain';
import type { LocationQueue } from '../../src/ports';
import { seededRandom } from '../../src/simulator/random';
import { uniqueName, useFauxqs } from '../adapters/aws/fauxqs-setup';
import { SimulatedSpectrum } from '../adapters/aws/simulated-unload';
import { eventually } from '../support/eventually';
import { SimulatedCrash } from '../support/faults';
import { ManualClock } from '../support/manual-clock';
import { RedeliveringQueue } from '../support/memory-world';

useStaticAwsCredentials();
const aws = useFauxqs();

const ZONE = 'Asia/Tokyo';
/** Devices send through the evening of 28 November (Tokyo). */
const RECEIVING_FROM = Date.parse('2026-11-28T21:00:00+09:00');
/** The daily schedule starts the server at 00:15; it boots two minutes later. */
const SCHEDULED_AT = Date.parse('2026-11-29T00:15:00+09:00');
const BOOTED_AT = Date.parse('2026-11-29T00:17:00+09:00');
const REPORT_DATE = '2026-11-28';

/** What every accepted record must look like in its day's report: its earliest received copy, by id. */
type Expected = Map<string, Map<string, LocationRecord>>;

/** Locations recorded over the 27th and 28th (Tokyo), as devices send them. */
const makeLocations = (count: number, seed: number): Record<string, unknown>[] => {
  const random = seededRandom(seed);
  const span = 36 * 3_600_000;
  return Array.from({ length: count }, () => {
    const at = RECEIVING_FROM - 60_000 - Math.floor(random() * span);
    return {
      deviceId: `device-${Math.floor(random() * 12)}`,
      latitude: Math.round((random() * 180 - 90) * 1e6) / 1e6,
      longitude: Math.round((random() * 360 - 180) * 1e6) / 1e6,
      timestamp: random() < 0.5 ? new Date(at).toISOString() : Math.floor(at / 1000),
      ...(random() < 0.5 ? { accuracy: Math.round(random() * 500) / 10 } : {}),
    };
  });
};

/** The queue of one "process" whose acknowledgement crashes once: it dies after storing, before acknowledging. */
const crashingOnAcknowledge = (queue: LocationQueue): LocationQueue => {
  let crashed = false;
  return new Proxy(queue, {
    get: (target, key, receiver) =>
      key === 'acknowledge'
        ? async (receipts: readonly string[]) => {
            if (!crashed) {
              crashed = true;
              throw new SimulatedCrash('queue.acknowledge');
            }
            return target.acknowledge(receipts);
          }
        : Reflect.get(target, key, receiver),
  });
};

const readObject = async (bucket: string, key: string): Promise<string> => {
  const object = await aws.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (object.Body as { transformToString(): Promise<string> }).transformToString();
};

const listKeys = async (bucket: string, prefix: string): Promise<string[]> => {
  const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((object) => object.Key as string);
};

describe('the four phases on the aws profile (SQS and S3 in fauxqs, Redshift and EC2 mocked)', () => {
  let dataDir: string;
  let output: CapturedOutput;
  let instance: InstanceMock;
  const roots: EntryRoot[] = [];
  const redshift = mockClient(RedshiftDataClient);
  const lambda = mockClient(LambdaClient);

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'locus-aws-e2e-'));
    output = captureOutput();
    instance = mockInstance('stopped');
  });

  afterEach(async () => {
    output.restore();
    instance.restore();
    redshift.reset();
    lambda.reset();
    for (const root of roots.splice(0)) await root.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterAll(() => {
    redshift.restore();
    lambda.restore();
  });

  it('reports every accepted record exactly once, across duplicate sends, redeliveries and a crash before acknowledgement', async () => {
    const queue = await aws.newQueue();
    const bucket = await aws.newBucket();
    const env = fauxqsEnv(
      aws.fauxqs,
      { queueUrl: queue.url, bucket },
      {
        LOCUS_TIMEZONE: ZONE,
        LOCUS_DATA_DIR: dataDir,
        LOCUS_AWS_KEY_PREFIX: `${uniqueName('e2e')}/`,
        LOCUS_AWS_INSTANCE_ID: INSTANCE_ID,
        LOCUS_AWS_EC2_POLL_MS: '10',
        LOCUS_AWS_STOP_FUNCTION: 'Locus-stop-collect-server',
        LOCUS_AWS_REDSHIFT_WORKGROUP: 'locus',
        LOCUS_AWS_REDSHIFT_DATABASE: 'dev',
        LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN: 'arn:aws:iam::123456789012:role/locus-unload',
        LOCUS_AWS_REDSHIFT_POLL_INITIAL_MS: '1',
        LOCUS_AWS_REDSHIFT_POLL_MAX_MS: '5',
      },
    );
    const prefix = env.LOCUS_AWS_KEY_PREFIX as string;
    const clock = new ManualClock(RECEIVING_FROM);
    const root = <T extends EntryRoot>(made: T): T => {
      roots.push(made);
      return made;
    };
    const telemetry = (name: string) => createTelemetry(name);

    // Redshift answers from the partition objects in fauxqs S3; EC2 is one mocked instance.
    const spectrum = new SimulatedSpectrum(aws.s3);
    spectrum.answerFor(redshift);
    const stopHandler = createStopCollectServerHandler(
      root(createStopCollectServerRoot(env, { clock })),
      telemetry('stop_collect_server'),
    );
    const stopRequests: unknown[] = [];
    lambda.on(InvokeCommand).callsFake(async (input: { Payload: Uint8Array }) => {
      const request = JSON.parse(Buffer.from(input.Payload).toString('utf8'));
      stopRequests.push(request);
      await stopHandler(request, lambdaContext('stop_collect_server'));
      return { StatusCode: 202 };
    });

    // Receive: requests of 1 to 8 locations, some invalid items, some base64-encoded, about one in
    // six locations sent twice (later, so the earlier copy is the one reported).
    const parseRoot = root(createParseRequestRoot(env, { clock }));
    const parse = createParseRequestHandler(parseRoot, telemetry('parse_request'));
    const policy = parseRoot.config.core.timePolicy;
    const dates = new RecordDateResolver(ZONE);
    const expected: Expected = new Map();
    const random = seededRandom(20261128);
    let accepted = 0;
    const post = async (items: Record<string, unknown>[]) => {
      const body = JSON.stringify(items.length === 1 ? items[0] : { locations: items });
      const base64 = random() < 0.3;
      const event = httpApiEvent({
        body: base64 ? Buffer.from(body).toString('base64') : body,
        isBase64Encoded: base64,
        headers: { 'content-type': 'application/json' },
      });
      const receivedAt = clock.now();
      const result = await parse(event, lambdaContext('parse_request'));
      clock.advance(40);
      expect(result.statusCode).toBe(202);
      const answer = JSON.parse(result.body as string) as { ids: string[] };
      const records = parseLocations(JSON.parse(body), receivedAt, policy, 1000).records.map((r) => r.record);
      expect(answer.ids).toEqual(records.map((r) => r.recordId));
      accepted += records.length;
      for (const record of records) {
        const date = dates.dateOf(record.recordedAt);
        const day = expected.get(date) ?? new Map<string, LocationRecord>();
        expected.set(date, day);
        const seen = day.get(record.recordId);
        if (seen === undefined || record.receivedAt < seen.receivedAt) day.set(record.recordId, record);
      }
    };
    const locations = makeLocations(240, 7);
    const resend: Record<string, unknown>[] = [];
    const sendSome = async (from: number, to: number) => {
      let i = from;
      while (i < to) {
        const items = locations.slice(i, Math.min(to, i + 1 + Math.floor(random() * 8)));
        i += items.length;
        if (random() < 0.2)
          items.push({ deviceId: 'bad device', latitude: 95, longitude: 0, timestamp: 'soon' });
        await post(items);
        for (const item of items) if (random() < 0.17 && item.deviceId !== 'bad device') resend.push(item);
      }
    };

    // Store, first process: it writes its batch, then dies before acknowledging the messages.
    await sendSome(0, 120);
    const crashingRoot = root(
      createStoreRequestRoot(env, {
        clock,
        settings: (core) => ({ ...core, store: { ...core.store, leaseMs: 1_500 } }),
      }),
    );
    crashingRoot.container.onActivation(TOKENS.queue, (_context, q: LocationQueue) =>
      crashingOnAcknowledge(q),
    );
    const crashed = createStoreRequestHandler(crashingRoot, telemetry('store_request'));
    await expect(crashed(scheduledEvent(), lambdaContext('store_request'))).rejects.toBeInstanceOf(
      SimulatedCrash,
    );
    const [crashedBatch] = await listKeys(bucket, `${prefix}work/`);
    const crashedIds = decodeLocationCsv(await readObject(bucket, crashedBatch as string)).map(
      (r) => r.recordId,
    );
    expect(crashedIds.length).toBeGreaterThan(50);

    // More requests and the duplicate sends; then the next process stores on every schedule,
    // on a queue that also delivers some messages twice, until the crashed messages came back
    // after their visibility timeout and everything was stored.
    await sendSome(120, locations.length);
    for (let j = 0; j < resend.length; j += 4) await post(resend.slice(j, j + 4));
    const storeRoot = root(createStoreRequestRoot(env, { clock }));
    storeRoot.container.onActivation(TOKENS.queue, (_context, q: LocationQueue) => new RedeliveringQueue(q));
    const store = createStoreRequestHandler(storeRoot, telemetry('store_request'));
    const depth = storeRoot.get(TOKENS.queue);
    await eventually(
      async () => {
        await store(scheduledEvent(), lambdaContext('store_request'));
        return depth.depth();
      },
      (d) => d.ready === 0 && d.leased === 0,
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    const batchKeys = (await listKeys(bucket, `${prefix}work/`)).filter((key) => key !== crashedBatch);
    const later = new Set<string>();
    for (const key of batchKeys)
      for (const r of decodeLocationCsv(await readObject(bucket, key))) later.add(r.recordId);
    // The messages the crashed process stored came back after their visibility timeout and were stored again.
    expect(crashedIds.filter((id) => !later.has(id))).toEqual([]);
    const distinct = [...expected.values()].reduce((n, day) => n + day.size, 0);
    expect(distinct).toBe(240);
    expect(accepted).toBeGreaterThan(distinct);

    // The daily run: the schedule starts the server, which partitions, reports and stops itself.
    clock.set(SCHEDULED_AT);
    const start = createStartCollectServerHandler(
      root(createStartCollectServerRoot(env, { clock })),
      telemetry('start_collect_server'),
    );
    const started = await start(
      scheduledEvent('2026-11-28T15:15:00Z'),
      lambdaContext('start_collect_server'),
    );
    expect(started.date).toBe(REPORT_DATE);
    expect(instance.state).toBe('running');

    clock.set(BOOTED_AT);
    const server = root(createCollectServerRoot(env, { clock }));
    const run = await runCollectServer(server, telemetry('collect_server').logger);
    expect(run).toEqual({
      runId: started.runId,
      date: REPORT_DATE,
      outcome: 'succeeded',
      stopped: true,
      exitCode: 0,
    });
    expect(instance.state).toBe('stopped');
    expect(stopRequests).toEqual([
      { source: 'locus-collect-server', runId: started.runId, outcome: 'succeeded' },
    ]);

    // The report: every accepted record of the day once, its earliest received copy, in report order.
    const report = await readObject(bucket, `${prefix}download/locations-${REPORT_DATE}.csv`);
    expect(report.split('\r\n', 1)[0]).toBe(LOCATION_CSV_HEADER);
    const day = [...(expected.get(REPORT_DATE) as Map<string, LocationRecord>).values()].sort(
      compareForReport,
    );
    expect(day.length).toBeGreaterThan(100);
    expect(decodeLocationCsv(report)).toEqual(day);
    // The other day is partitioned (its report is not due): its parts hold each record once.
    const other = [...expected.keys()].find((date) => date !== REPORT_DATE) as string;
    const partRows = (
      await Promise.all(
        (
          await listKeys(bucket, `${prefix}storage/dt=${other}/`)
        ).map(async (key) => decodeLocationCsv(await readObject(bucket, key))),
      )
    ).flat();
    expect(partRows.sort(compareForReport)).toEqual(
      [...(expected.get(other)?.values() ?? [])].sort(compareForReport),
    );
    expect(await listKeys(bucket, `${prefix}work/`)).toEqual([]);
    expect(
      (await server.get(TOKENS.journal).readStream(COLLECTION_SERVER_STREAM)).events.map((e) => [
        e.type,
        (e.data as { runId: string }).runId,
      ]),
    ).toEqual([
      ['CollectionServerStarted', started.runId],
      ['CollectionServerStopped', started.runId],
    ]);
    await queue.remove();
  });
});
