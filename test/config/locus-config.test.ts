import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CORE_SETTINGS } from '../../src/application/settings';
import { adapterOf, readLocusConfig, usesDataDir } from '../../src/config/locus-config';
import { adapterVariable, SETTINGS } from '../../src/config/setting-catalog';
import { isLocusError } from '../../src/ports';

const CWD = '/srv/locus';

const read = (env: Record<string, string | undefined>, configFile?: string) =>
  readLocusConfig({ env, configFile, cwd: CWD });

/** The message of the configuration error `work` throws. */
const problemOf = (work: () => unknown): string => {
  try {
    work();
  } catch (error) {
    if (isLocusError(error, 'CONFIGURATION')) return error.message;
    throw error;
  }
  throw new Error('no configuration error was thrown');
};

describe('readLocusConfig', () => {
  it('has a default for every setting', () => {
    const config = read({});
    expect(config).toEqual(
      expect.objectContaining({
        profile: 'local',
        adapters: {},
        dataDir: path.resolve(CWD, 'data'),
        core: DEFAULT_CORE_SETTINGS,
        http: { host: '127.0.0.1', port: 3000, maxBodyBytes: 1_048_576 },
        schedule: { storeEveryMs: 300_000, dailyAt: { hour: 0, minute: 5 } },
        logLevel: 'info',
      }),
    );
    expect(config.configFile).toBeUndefined();
  });

  it('maps every variable onto the settings', () => {
    const config = read({
      LOCUS_PROFILE: 'memory',
      LOCUS_ADAPTER_QUEUE: 'sqs',
      LOCUS_ADAPTER_REPORT_QUERY: 'duckdb',
      LOCUS_DATA_DIR: 'var/locus',
      LOCUS_TIMEZONE: 'Asia/Tokyo',
      LOCUS_HOST: '0.0.0.0',
      PORT: '8080',
      LOCUS_STORE_EVERY: '30s',
      LOCUS_DAILY_AT: '01:30',
      LOCUS_MAX_BODY_BYTES: '256KiB',
      LOCUS_MAX_BATCH: '500',
      LOCUS_MAX_FUTURE_SKEW: '2m',
      LOCUS_MAX_AGE: '30d',
      LOCUS_STORE_MAX_RECORDS: '100_000',
      LOCUS_PART_TARGET_RECORDS: '2000000',
      LOCUS_LOG_LEVEL: 'debug',
      LOCUS_ALLOW_NULL_ISLAND: 'on',
    });
    expect(config.profile).toBe('memory');
    expect(config.adapters).toEqual({ queue: 'sqs', reportQuery: 'duckdb' });
    expect(adapterOf(config, 'queue')).toBe('sqs');
    expect(adapterOf(config, 'batches')).toBe('memory');
    expect(usesDataDir(config)).toBe(true);
    expect(usesDataDir({ profile: 'memory', adapters: { queue: 'sqs' } })).toBe(false);
    expect(config.dataDir).toBe('/srv/locus/var/locus');
    expect(config.core).toEqual({
      timeZone: 'Asia/Tokyo',
      timePolicy: { maxFutureSkewMs: 120_000, maxAgeMs: 30 * 86_400_000 },
      maxBatchItems: 500,
      store: { ...DEFAULT_CORE_SETTINGS.store, maxRecords: 100_000 },
      partition: { ...DEFAULT_CORE_SETTINGS.partition, targetRecordsPerPart: 2_000_000 },
      allowNullIsland: true,
    });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 8080, maxBodyBytes: 262_144 });
    expect(config.schedule).toEqual({ storeEveryMs: 30_000, dailyAt: { hour: 1, minute: 30 } });
    expect(config.logLevel).toBe('debug');
  });

  it('treats blank variables as unset and keeps an absolute data folder as it is', () => {
    const config = read({ LOCUS_TIMEZONE: '  ', PORT: '', LOCUS_DATA_DIR: '/data/locus' });
    expect(config.core.timeZone).toBe('UTC');
    expect(config.http.port).toBe(3000);
    expect(config.dataDir).toBe('/data/locus');
  });

  it.each([
    ['LOCUS_PROFILE', 'cloud', /LOCUS_PROFILE "cloud" is not one of memory, local, aws/],
    ['LOCUS_ADAPTER_QEUE', 'aws', /LOCUS_ADAPTER_QEUE "aws" is not a port's variable/],
    ['LOCUS_TIMEZONE', 'Mars/Olympus', /LOCUS_TIMEZONE "Mars\/Olympus" is not an IANA time zone/],
    ['LOCUS_HOST', 'local host', /LOCUS_HOST "local host" is not a host name/],
    ['PORT', '70000', /PORT "70000" is not a whole number from 0 to 65535/],
    ['PORT', '80.5', /PORT "80.5" is not a whole number/],
    ['LOCUS_STORE_EVERY', '5', /LOCUS_STORE_EVERY "5" is not a duration such as 30s/],
    ['LOCUS_STORE_EVERY', '100ms', /LOCUS_STORE_EVERY "100ms" is out of range \(1s to 7d\)/],
    ['LOCUS_DAILY_AT', '24:05', /LOCUS_DAILY_AT "24:05" is not a time of day HH:MM/],
    ['LOCUS_MAX_BODY_BYTES', 'lots', /LOCUS_MAX_BODY_BYTES "lots" is not a size/],
    ['LOCUS_MAX_BODY_BYTES', '1GiB', /LOCUS_MAX_BODY_BYTES "1GiB" is out of range/],
    ['LOCUS_MAX_BATCH', '0', /LOCUS_MAX_BATCH "0" is not a whole number from 1 to 10000/],
    ['LOCUS_MAX_FUTURE_SKEW', 'soon', /LOCUS_MAX_FUTURE_SKEW "soon" is not a duration/],
    ['LOCUS_MAX_AGE', '10s', /LOCUS_MAX_AGE "10s" is out of range/],
    ['LOCUS_STORE_MAX_RECORDS', 'many', /LOCUS_STORE_MAX_RECORDS "many" is not a whole number/],
    ['LOCUS_PART_TARGET_RECORDS', '-1', /LOCUS_PART_TARGET_RECORDS "-1" is not a whole number/],
    ['LOCUS_LOG_LEVEL', 'verbose', /LOCUS_LOG_LEVEL "verbose" is not one of fatal, error/],
  ])('refuses %s=%s with a message that names it', (variable, value, message) => {
    expect(problemOf(() => read({ [variable]: value }))).toMatch(message);
  });

  it('names every bad setting in one error', () => {
    const message = problemOf(() => read({ PORT: 'x', LOCUS_TIMEZONE: 'Nowhere', LOCUS_MAX_BATCH: '0' }));
    expect(message).toMatch(/^the configuration is not valid:/);
    expect(message).toContain('PORT "x"');
    expect(message).toContain('LOCUS_TIMEZONE "Nowhere"');
    expect(message).toContain('LOCUS_MAX_BATCH "0"');
  });

  it('keeps the aws variables for the aws profile to read', () => {
    const config = read({ LOCUS_PROFILE: 'aws', LOCUS_AWS_REGION: 'eu-west-1' });
    expect(config.variables.LOCUS_AWS_REGION).toBe('eu-west-1');
  });

  it('catalogues every port override variable', () => {
    expect(adapterVariable('reportQuery')).toBe('LOCUS_ADAPTER_REPORT_QUERY');
    const variables = SETTINGS.map((entry) => entry.variable);
    expect(variables).toEqual(
      expect.arrayContaining(['LOCUS_ADAPTER_QUEUE', 'LOCUS_ADAPTER_SERVER', 'PORT']),
    );
  });
});

describe('the config file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'locus-config-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const fileWith = async (content: unknown, name = 'locus.json'): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  it('reads settings by name or by variable, under the environment', async () => {
    const file = await fileWith({
      timezone: 'Europe/Paris',
      port: 8081,
      storeEvery: '1m',
      adapters: { journal: 'memory' },
      LOCUS_MAX_BATCH: 10,
      LOCUS_AWS_REGION: 'eu-west-3',
    });
    const config = read({ PORT: '9090' }, file);
    expect(config.configFile).toBe(file);
    expect(config.core.timeZone).toBe('Europe/Paris');
    expect(config.http.port).toBe(9090);
    expect(config.schedule.storeEveryMs).toBe(60_000);
    expect(config.adapters).toEqual({ journal: 'memory' });
    expect(config.core.maxBatchItems).toBe(10);
    expect(config.variables.LOCUS_AWS_REGION).toBe('eu-west-3');
  });

  it('is found through LOCUS_CONFIG, relative to the working directory', async () => {
    await fileWith({ logLevel: 'warn' }, 'conf.json');
    const config = readLocusConfig({ env: { LOCUS_CONFIG: 'conf.json' }, cwd: dir });
    expect(config.logLevel).toBe('warn');
  });

  it('names the file and the key of a bad value', async () => {
    const file = await fileWith({ timezone: 'Atlantis' });
    expect(problemOf(() => read({}, file))).toContain(
      `LOCUS_TIMEZONE "Atlantis" (from "timezone" in ${file})`,
    );
  });

  it('refuses unknown keys and values of the wrong type', async () => {
    const file = await fileWith({ timzone: 'UTC', port: [3000], adapters: { queues: 'aws' } });
    const message = problemOf(() => read({}, file));
    expect(message).toContain(file);
    expect(message).toContain('"timzone" is not a setting');
    expect(message).toContain('"port" must be a string, a number or a boolean');
    expect(message).toContain('"adapters.queues" is not a port');
  });

  it.each([
    ['a missing file', undefined, /does not exist/],
    ['broken JSON', '{ "port": ', /cannot be read: .*JSON/],
    ['a JSON array', '[]', /must hold a JSON object/],
  ])('refuses %s', async (_name, content, message) => {
    const file = content === undefined ? path.join(dir, 'absent.json') : await fileWith(content);
    expect(problemOf(() => read({}, file))).toMatch(message);
  });
});
