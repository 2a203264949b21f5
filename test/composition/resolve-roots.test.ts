import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServiceIdentifier } from 'inversify';
import { sampleAwsEnv } from '../../deploy/build/sample-env';
import { createCollectServerRoot } from '../../deploy/collect-server/root';
import { createParseRequestRoot } from '../../deploy/lambda/parse-request/root';
import type { EntryRoot } from '../../deploy/lambda/shared/entry-root';
import { isUnavailablePort, PORT_TOKENS } from '../../deploy/lambda/shared/unavailable-port';
import { createStartCollectServerRoot } from '../../deploy/lambda/start-collect-server/root';
import { createStopCollectServerRoot } from '../../deploy/lambda/stop-collect-server/root';
import { createStoreRequestRoot } from '../../deploy/lambda/store-request/root';
import {
  DailyRunService,
  PartitionService,
  ReceiveService,
  ReportService,
  StoreService,
} from '../../src/application';
import { AcceptedTally, ReportCatalog, StatusService } from '../../src/application/status';
import { TOKENS } from '../../src/application/tokens';
import { PORT_NAMES, type PortName } from '../../src/composition/adapter-binders';
import { createCliRoot } from '../../src/composition/cli-root';
import { readLocusConfig } from '../../src/config/locus-config';
import { decodeLocationCsv } from '../../src/domain';
import { isLocusError } from '../../src/ports';
import { useFauxqs } from '../adapters/aws/fauxqs-setup';
import { ManualClock } from '../support/manual-clock';

process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.AWS_EC2_METADATA_DISABLED = 'true';

type RootFactory = (env: Record<string, string>) => EntryRoot;

/** Every AWS entry point: its root, and the ports it calls (the others are stand-ins). */
const ENTRY_ROOTS: readonly (readonly [string, RootFactory, readonly PortName[]])[] = [
  ['parse_request', createParseRequestRoot, ['queue', 'rejected']],
  ['store_request', createStoreRequestRoot, ['queue', 'batches', 'journal']],
  ['start_collect_server', createStartCollectServerRoot, ['journal', 'lifecycle']],
  ['stop_collect_server', createStopCollectServerRoot, ['lifecycle']],
  [
    'collect_server',
    createCollectServerRoot,
    ['batches', 'partitions', 'reportQuery', 'reports', 'journal', 'lock', 'scratch', 'lifecycle'],
  ],
];

const CLI_SERVICES: readonly ServiceIdentifier[] = [
  ReceiveService,
  StoreService,
  PartitionService,
  ReportService,
  DailyRunService,
  ReportCatalog,
  StatusService,
  AcceptedTally,
];

const aws = useFauxqs();
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'locus-roots-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('every composition root resolves every service', () => {
  it.each(['memory', 'local', 'aws'])('the CLI root on the %s profile', async (profile) => {
    const env = { ...sampleAwsEnv(dir), LOCUS_PROFILE: profile };
    const root = await createCliRoot(readLocusConfig({ env, cwd: dir }));
    try {
      for (const id of CLI_SERVICES) expect(root.get(id)).toBeDefined();
      for (const port of PORT_NAMES) expect(isUnavailablePort(root.get(PORT_TOKENS[port]))).toBe(false);
    } finally {
      await root.close();
    }
  });

  describe.each(ENTRY_ROOTS)('%s', (name, create, ports) => {
    it.each(['memory', 'aws'])(
      'on the %s profile: its services, its ports, stand-ins for the rest',
      async (profile) => {
        const root = create({ ...sampleAwsEnv(dir), LOCUS_PROFILE: profile });
        try {
          expect(root.name).toBe(name);
          expect(root.resolveAll().length).toBeGreaterThan(0);
          for (const port of PORT_NAMES) {
            expect([port, isUnavailablePort(root.get(PORT_TOKENS[port]))]).toEqual([
              port,
              !ports.includes(port),
            ]);
          }
        } finally {
          await root.close();
        }
      },
    );

    it('refuses the local profile, which its bundle does not ship', () => {
      const failure = (() => {
        try {
          create({ LOCUS_PROFILE: 'local', LOCUS_DATA_DIR: dir });
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(isLocusError(failure, 'CONFIGURATION')).toBe(true);
      expect((failure as Error).message).toContain(`${name} ships the memory and aws profiles only`);
    });
  });

  it('names every missing aws setting at once', () => {
    expect(() => createStoreRequestRoot({ LOCUS_PROFILE: 'aws' })).toThrow(
      /LOCUS_AWS_REGION is missing[\s\S]*LOCUS_AWS_QUEUE_URL is missing[\s\S]*LOCUS_AWS_WORK_BUCKET is missing/,
    );
  });
});

describe('a mixed composition: the local profile with the queue from aws (fauxqs)', () => {
  it('enqueues through SQS from parse_request and stores into the local folder tree', async () => {
    const queue = await aws.newQueue();
    const env = {
      LOCUS_PROFILE: 'local',
      LOCUS_ADAPTER_QUEUE: 'aws',
      LOCUS_DATA_DIR: dir,
      LOCUS_AWS_REGION: aws.fauxqs.region,
      LOCUS_AWS_ENDPOINT: aws.fauxqs.endpoint,
      LOCUS_AWS_QUEUE_URL: queue.url,
      LOCUS_AWS_BUCKET: 'locus-unused',
      LOCUS_AWS_SQS_WAIT_SECONDS: '0',
    };
    const clock = new ManualClock();
    // The Lambda root takes the same queue: LOCUS_PROFILE=memory there, the queue from aws.
    const parse = createParseRequestRoot({ ...env, LOCUS_PROFILE: 'memory' }, { clock });
    const cli = await createCliRoot(readLocusConfig({ env, cwd: dir }), { clock });
    try {
      const accepted = await parse.get(ReceiveService).accept(
        {
          locations: [
            { deviceId: 'phone-1', latitude: 35.6, longitude: 139.7, timestamp: '2026-11-28T09:00:00Z' },
            { deviceId: 'phone-2', latitude: 34.7, longitude: 135.5, timestamp: 1_795_856_400 },
          ],
        },
        { requestId: 'r-1', receivedAt: clock.now() },
      );
      expect(accepted.kind).toBe('accepted');
      const stored = await cli.get(StoreService).run();
      expect(stored.recordCount).toBe(2);
      const file = path.join(dir, 'work', `${stored.batchId}.csv`);
      expect(existsSync(file)).toBe(true);
      const records = decodeLocationCsv(readFileSync(file, 'utf8'));
      expect(records.map((r) => r.deviceId).sort()).toEqual(['phone-1', 'phone-2']);
      expect(await cli.get(TOKENS.LocationQueue).depth()).toEqual({ ready: 0, leased: 0, quarantined: 0 });
    } finally {
      await parse.close();
      await cli.close();
      await queue.remove();
    }
  });
});
