import { DuckDbSqlConsole } from '../../../src/adapters/local/duckdb-sql-console';
import { FilePartitionStore } from '../../../src/adapters/local/file-partition-store';
import { isLocusError } from '../../../src/ports';
import { aRecord, inChunks } from '../../support/records';
import { tempDataDir } from './temp-data-dir';

describe('DuckDbSqlConsole', () => {
  let dataDir: string;
  let remove: () => Promise<void>;
  let sqlConsole: DuckDbSqlConsole;

  beforeEach(async () => {
    ({ dataDir, remove } = await tempDataDir());
    sqlConsole = new DuckDbSqlConsole({ dataDir });
  });

  afterEach(async () => {
    await sqlConsole.close();
    await remove();
  });

  it('answers over an empty locations table with its typed columns before any partition exists', async () => {
    const result = await sqlConsole.run('SELECT count(*) AS n FROM locations');
    expect(result).toEqual({ columns: ['n'], rows: [[0]] });
    const described = await sqlConsole.run('SELECT column_name, column_type FROM (DESCRIBE locations)');
    expect(described.rows).toEqual([
      ['record_id', 'VARCHAR'],
      ['device_id', 'VARCHAR'],
      ['recorded_at', 'TIMESTAMP'],
      ['latitude', 'DOUBLE'],
      ['longitude', 'DOUBLE'],
      ['accuracy', 'DOUBLE'],
      ['altitude', 'DOUBLE'],
      ['speed', 'DOUBLE'],
      ['heading', 'DOUBLE'],
      ['received_at', 'TIMESTAMP'],
      ['dt', 'DATE'],
    ]);
  });

  it('queries every date partition with typed values', async () => {
    const partitions = new FilePartitionStore({ dataDir });
    const first = aRecord({
      deviceId: 'p-1',
      recordedAt: Date.parse('2026-11-27T23:00:00.250Z'),
      accuracy: null,
    });
    const second = aRecord({
      deviceId: 'p-2',
      recordedAt: Date.parse('2026-11-28T01:00:00.000Z'),
      speed: 2.5,
    });
    await partitions.writePart({ date: '2026-11-27', index: 0, of: 1 }, inChunks([first]));
    await partitions.writePart({ date: '2026-11-28', index: 0, of: 1 }, inChunks([second]));
    const result = await sqlConsole.run(
      'SELECT device_id, recorded_at, latitude, accuracy, speed, dt FROM locations ORDER BY dt',
    );
    expect(result.columns).toEqual(['device_id', 'recorded_at', 'latitude', 'accuracy', 'speed', 'dt']);
    expect(result.rows).toEqual([
      ['p-1', '2026-11-27 23:00:00.25', first.latitude, null, null, '2026-11-27'],
      ['p-2', '2026-11-28 01:00:00', second.latitude, 12.5, 2.5, '2026-11-28'],
    ]);
  });

  it('fails with QUERY_FAILED on bad SQL', async () => {
    const error = await sqlConsole.run('SELEC nothing').catch((e: unknown) => e);
    expect(isLocusError(error, 'QUERY_FAILED')).toBe(true);
  });
});
