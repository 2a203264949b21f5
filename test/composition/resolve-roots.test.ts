import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServiceIdentifier } from 'inversify';
import { sampleAwsEnv } from '../../deploy/build/sample-env';
import { createCollectServerRoot } from '../../deploy/collect-server/root';
import { createParseRequestRoot } from '../../deploy/lambda/parse-request/root';
import type { EntryRoot } from '../../deploy/lambda/shared/entry-root';
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
import { createCliRoot } from '../../src/composition/cli-root';
import { readLocusConfig } from '../../src/config/locus-config';
import { decodeLocationCsv } from '../../src/domain';
import { isLocusError } from '../../src/ports';
import { PORT_NAMES, PORTS, type PortName } from '../../src/ports/port-names';
import { useFauxqs } from '../adapters/aws/fauxqs-setup';
import { ManualClock } from '../support/manual-clock';

process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.AWS_EC2_METADATA_DISABLED = 'true';

type RootFactory = (env: Record<string, string>) => EntryRoot;

/** Every AWS entry point: its root, and the ports it builds (no other is bound). */
const ENTRY_ROOTS: readonly (readonly [string, RootFactory, readonly PortName[]])[] = [
  ['parse_request', createParseRequestRoot, ['queue', 'rejected', 'tokens']],
  ['store_request', createStoreRequestRoot, ['queue', 'batches', 'journal']],
  ['start_collect_server', createStartCollectServerRoot, ['journal', 'server']],
  ['stop_collect_server', createStopCollectServerRoot, ['server']],
  [
    'collect_server',
    createCollectServerRoot,
    ['queue', 'batches', 'partitions', 'reportQuery', 'reports', 'journal', 'lock', 'scratch', 'server'],
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
    const config = readLocusConfig({ env, cwd: dir });
    const root = await createCliRoot(config);
    try {
      for (const id of CLI_SERVICES) expect(root.get(id)).toBeDefined();
      for (const port of PORT_NAMES) expect(root.get<object>(PORTS[port])).toBeDefined();
    } finally {
      await root.close();
    }
  });

  describe.each(ENTRY_ROOTS)('%s', (name, create, ports) => {
    it.each(['memory', 'aws'])(
      'on the %s profile: its services over its ports, and no other port',
      async (profile) => {
        const root = create({ ...sampleAwsEnv(dir), LOCUS_PROFILE: profile });
        try {
          expect(root.name).toBe(name);
          expect(root.resolveAll().length).toBeGreaterThan(0);
          for (const port of PORT_NAMES) {
            expect([port, root.container.isBound(PORTS[port])]).toEqual([port, ports.includes(port)]);
          }
        } finally {
          await root.close();
        }
      },
    );

    it('refuses the local adapters, which its bundle does not ship, naming the choices', () => {
      const failure = (() => {
        try {
          create({ LOCUS_PROFILE: 'local', LOCUS_DATA_DIR: dir });
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(isLocusError(failure, 'CONFIGURATION')).toBe(true);
      expect((failure as Error).message).toMatch(
        new RegExp(`LOCUS_ADAPTER_[A-Z_]+ "(sqlite|folder|duckdb|process)" is not one of .*\\(in ${name}\\)`),
      );
    });
  });

  it('names the missing aws settings of each adapter it builds', async () => {
    expect(() => createStoreRequestRoot({ LOCUS_PROFILE: 'aws' }).resolveAll()).toThrow(
      /LOCUS_AWS_REGION is missing/,
    );
    const root = createStoreRequestRoot({ LOCUS_PROFILE: 'aws', LOCUS_AWS_REGION: 'eu-west-1' });
    expect(() => root.resolveAll()).toThrow(/LOCUS_AWS_QUEUE_URL is missing/);
    await root.close();
  });
});

describe('a mixed composition: the local profile with the queue from aws (fauxqs)', () => {
  it('enqueues through SQS from parse_request and stores into the local folder tree', async () => {
    const queue = await aws.newQueue();
    const env = {
      LOCUS_PROFILE: 'local',
      LOCUS_ADAPTER_QUEUE: 'sqs',
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
      expect(await cli.get(TOKENS.queue).depth()).toEqual({ ready: 0, leased: 0, quarantined: 0 });
    } finally {
      await parse.close();
      await cli.close();
      await queue.remove();
    }
  });
});
