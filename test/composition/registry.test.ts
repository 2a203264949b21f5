import { S3Client } from '@aws-sdk/client-s3';
import type { Container } from 'inversify';
import { AWS_TOKENS } from '../../src/adapters/aws/aws-tokens';
import { Ec2ServerLifecycle } from '../../src/adapters/aws/ec2/ec2-server-lifecycle';
import { S3BatchStore } from '../../src/adapters/aws/s3/s3-batch-store';
import { SqsLocationQueue } from '../../src/adapters/aws/sqs/sqs-location-queue';
import { SsmTokenStore } from '../../src/adapters/aws/ssm/ssm-token-store';
import { DuckDbReportQuery } from '../../src/adapters/local/duckdb-report-query';
import { FileBatchStore } from '../../src/adapters/local/file-batch-store';
import { FileScratchSpace } from '../../src/adapters/local/file-scratch-space';
import { LocalServerLifecycle } from '../../src/adapters/local/local-server-lifecycle';
import { LOCAL_TOKENS } from '../../src/adapters/local/local-tokens';
import { SqliteLocationQueue } from '../../src/adapters/local/sqlite-location-queue';
import { SqliteTokenStore } from '../../src/adapters/local/sqlite-token-store';
import { InMemoryLocationQueue, InMemoryScratchSpace } from '../../src/adapters/memory';
import { DEFAULT_CORE_SETTINGS } from '../../src/application';
import { FAMILIES, loadFamilies } from '../../src/composition/load-families';
import { FAMILY_OF } from '../../src/composition/registry';
import { createRoot } from '../../src/composition/root';
import { PRESETS, PROFILE_NAMES, type ProfileName } from '../../src/config/presets';
import { isLocusError } from '../../src/ports';
import { PORT_NAMES, PORTS, type PortName } from '../../src/ports/port-names';
import { tempDataDir } from '../adapters/local/temp-data-dir';
import { ManualClock } from '../support/manual-clock';
import { aRecord } from '../support/records';

const AWS_ENV = {
  LOCUS_AWS_REGION: 'eu-west-1',
  LOCUS_AWS_ENDPOINT: 'http://127.0.0.1:9',
  LOCUS_AWS_QUEUE_URL: 'http://127.0.0.1:9/000000000000/locus',
};

const build = async (
  choices: Partial<Record<PortName, string>>,
  variables: Record<string, string> = {},
  dataDir = '/nonexistent',
): Promise<Container> => {
  const ports = Object.keys(choices) as PortName[];
  const picked = { ...PRESETS.memory, ...choices };
  return createRoot(
    {
      profile: 'memory',
      adapters: choices,
      variables,
      dataDir,
      cwd: process.cwd(),
      core: DEFAULT_CORE_SETTINGS,
    },
    { name: 'test', ports, adapters: await loadFamilies(ports.map((port) => picked[port])) },
    { clock: new ManualClock(), ids: { next: () => 'id-1' } },
  ).container;
};

const failureOf = (work: () => unknown): unknown => {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('the adapter registry', () => {
  it('holds every adapter each preset picks, in the family its name says', async () => {
    const all = await loadFamilies(Object.keys(FAMILY_OF));
    for (const profile of PROFILE_NAMES) {
      for (const port of PORT_NAMES) {
        const name = PRESETS[profile as ProfileName][port];
        expect({ profile, port, name, registered: all[port]?.[name] !== undefined }).toEqual({
          profile,
          port,
          name,
          registered: true,
        });
        const family = await FAMILIES[FAMILY_OF[name] as keyof typeof FAMILIES]();
        expect({ port, name, inFamily: family[port]?.[name] !== undefined }).toEqual({
          port,
          name,
          inFamily: true,
        });
      }
    }
  });

  it('builds the memory adapters once per container', async () => {
    const container = await build({ queue: 'memory', scratch: 'memory', links: 'signed' });
    expect(container.get(PORTS.queue)).toBeInstanceOf(InMemoryLocationQueue);
    expect(container.get(PORTS.queue)).toBe(container.get(PORTS.queue));
    expect(container.get(PORTS.scratch)).toBeInstanceOf(InMemoryScratchSpace);
    expect(container.isBound(PORTS.batches)).toBe(false);
  });

  it('builds the local adapters over the data folder, closing their databases when unbound', async () => {
    const { dataDir, remove } = await tempDataDir();
    try {
      const container = await build(
        {
          queue: 'sqlite',
          batches: 'folder',
          scratch: 'folder',
          reportQuery: 'duckdb',
          server: 'process',
          tokens: 'sqlite',
          keys: 'sqlite',
        },
        {},
        dataDir,
      );
      expect(container.get(PORTS.reportQuery)).toBeInstanceOf(DuckDbReportQuery);
      expect(container.get(PORTS.scratch)).toBeInstanceOf(FileScratchSpace);
      expect(container.get(PORTS.server)).toBeInstanceOf(LocalServerLifecycle);
      expect(container.get(PORTS.tokens)).toBeInstanceOf(SqliteTokenStore);
      expect(container.get<object>(PORTS.keys)).toBe(container.get<object>(PORTS.tokens));
      await container.get(PORTS.batches).put('b-1', [aRecord()]);
      expect(await new FileBatchStore({ dataDir }).listPending()).toEqual(['b-1']);
      const queue = container.get(PORTS.queue);
      expect(queue).toBeInstanceOf(SqliteLocationQueue);
      await container.unbindAll();
      const error = await queue.enqueue([aRecord()]).catch((e: unknown) => e);
      expect(isLocusError(error, 'QUEUE_UNAVAILABLE')).toBe(true);
    } finally {
      await remove();
    }
  });

  it('reads LOCUS_QUERY_MEMORY for the local adapters when they are made, refusing a bad size then', async () => {
    const { dataDir, remove } = await tempDataDir();
    try {
      const sized = await build({ reportQuery: 'duckdb' }, { LOCUS_QUERY_MEMORY: '1GiB' }, dataDir);
      expect(sized.get(PORTS.reportQuery)).toBeInstanceOf(DuckDbReportQuery);
      expect(sized.get(LOCAL_TOKENS.Config).queryMemoryBytes).toBe(2 ** 30);
      await sized.unbindAll();
      const wrong = await build({ reportQuery: 'duckdb' }, { LOCUS_QUERY_MEMORY: 'plenty' }, dataDir);
      const error = failureOf(() => wrong.get(PORTS.reportQuery));
      expect(String((error as Error).message)).toContain('LOCUS_QUERY_MEMORY "plenty"');
      await wrong.unbindAll();
    } finally {
      await remove();
    }
  });

  it('shares one SDK client per service on aws, S3 path-style when an endpoint is set', async () => {
    const container = await build(
      { batches: 's3', archive: 's3', queue: 'sqs' },
      { ...AWS_ENV, LOCUS_AWS_BUCKET: 'locus-data' },
    );
    expect(container.get(PORTS.batches)).toBeInstanceOf(S3BatchStore);
    container.get(PORTS.archive);
    const s3 = container.get(AWS_TOKENS.S3Client);
    expect(s3).toBeInstanceOf(S3Client);
    expect(s3.config.forcePathStyle).toBe(true);
    expect(await s3.config.region()).toBe('eu-west-1');
    expect(container.get(PORTS.queue)).toBeInstanceOf(SqsLocationQueue);
    await container.unbindAll();
  });

  it('reads only the settings of the aws adapters it builds, when they are built', async () => {
    const container = await build(
      { queue: 'sqs', batches: 's3', reportQuery: 'spectrum', server: 'ec2', tokens: 'ssm' },
      AWS_ENV,
    );
    expect(container.get(PORTS.queue)).toBeInstanceOf(SqsLocationQueue);
    expect(container.get(PORTS.tokens)).toBeInstanceOf(SsmTokenStore);
    // The S3 adapters are made without their buckets; they name the settings when used.
    const batches = container.get(PORTS.batches);
    expect(batches).toBeInstanceOf(S3BatchStore);
    const buckets = await batches.listPending().catch((error: unknown) => error);
    expect(isLocusError(buckets, 'CONFIGURATION')).toBe(true);
    expect((buckets as Error).message).toContain('LOCUS_AWS_WORK_BUCKET is missing');
    expect(
      isLocusError(
        failureOf(() => container.get(PORTS.reportQuery)),
        'CONFIGURATION',
      ),
    ).toBe(true);
    // The server adapter is made without an instance; it names the setting when it is used.
    const server = container.get(PORTS.server);
    expect(server).toBeInstanceOf(Ec2ServerLifecycle);
    const state = await server.state().catch((e: unknown) => e);
    expect(isLocusError(state, 'CONFIGURATION')).toBe(true);
    expect((state as Error).message).toContain('LOCUS_AWS_INSTANCE_ID');
    await container.unbindAll();
  });

  it('refuses a name no family registers for the port, listing the choices', async () => {
    const error = await build({ scratch: 'sqlite', queue: 'kafka-queue' }).catch((e: unknown) => e);
    expect(isLocusError(error, 'CONFIGURATION')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('LOCUS_ADAPTER_SCRATCH "sqlite" is not one of folder, memory (in test)');
    expect(message).toContain('LOCUS_ADAPTER_QUEUE=kafka-queue: no module kafka-queue can be loaded');
    expect(message).toContain('a registered adapter is one of memory, sqlite, sqs');
  });
});
