import path from 'node:path';
import { type CoreSettings, DEFAULT_CORE_SETTINGS } from '../application/settings';
import { PORT_NAMES, type PortName, PROFILE_NAMES, type ProfileName } from '../composition/adapter-binders';
import { LocusError } from '../ports/errors';
import { readConfigFile } from './config-file';
import { adapterVariable } from './setting-catalog';
import { SettingReader } from './setting-reader';
import type { ClockTime } from './units';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the `locus` command and its server are configured with. */
export interface LocusConfig {
  /** The profile every port's adapter comes from unless `adapters` says otherwise. */
  readonly profile: ProfileName;
  readonly adapters: Partial<Record<PortName, ProfileName>>;
  /** The local profile's folder, absolute. */
  readonly dataDir: string;
  readonly core: CoreSettings;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly maxBodyBytes: number;
  };
  readonly schedule: {
    readonly storeEveryMs: number;
    /** Time of day of the daily run, in `core.timeZone`. */
    readonly dailyAt: ClockTime;
  };
  readonly logLevel: LogLevel;
  /** The config file read, if any (absolute). */
  readonly configFile?: string;
  /**
   * Every variable once the config file's values are put under the environment's; the `aws`
   * profile reads its `LOCUS_AWS_*` settings from here.
   */
  readonly variables: Readonly<Record<string, string | undefined>>;
}

export interface ConfigSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `--config FILE`; `LOCUS_CONFIG` is used when absent. */
  readonly configFile?: string;
  /** Where relative paths start (the working directory). */
  readonly cwd: string;
}

const HOST = /^[A-Za-z0-9.:\-[\]%]+$/;
const MiB = 1_048_576;
const DAY_MS = 86_400_000;

const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

/** Variables from the config file overlaid by the non-blank ones of the environment, and where each came from. */
const mergeSources = (sources: ConfigSources) => {
  const fileName = blank(sources.configFile) ? sources.env.LOCUS_CONFIG : sources.configFile;
  const file = blank(fileName) ? undefined : readConfigFile(fileName!.trim(), sources.cwd);
  const variables: Record<string, string | undefined> = {};
  const fromFile = new Map<string, string>();
  for (const [variable, { value, key }] of file?.variables ?? []) {
    variables[variable] = value;
    fromFile.set(variable, key);
  }
  for (const [variable, value] of Object.entries(sources.env)) {
    if (!blank(value)) {
      variables[variable] = value;
      fromFile.delete(variable);
    }
  }
  const origin = (variable: string): string => {
    const key = fromFile.get(variable);
    return key === undefined || file === undefined ? '' : ` (from "${key}" in ${file.file})`;
  };
  return { variables, origin, file: file?.file };
};

const readAdapters = (reader: SettingReader, variables: Readonly<Record<string, string | undefined>>) => {
  const adapters: Partial<Record<PortName, ProfileName>> = {};
  const known = new Set(PORT_NAMES.map(adapterVariable));
  for (const variable of Object.keys(variables)) {
    if (variable.startsWith('LOCUS_ADAPTER_') && !known.has(variable) && reader.raw(variable) !== undefined) {
      reader.refuse(
        variable,
        reader.raw(variable) ?? '',
        `not a port's variable (${[...known].join(', ')})`,
        null,
      );
    }
  }
  for (const port of PORT_NAMES) {
    const variable = adapterVariable(port);
    if (reader.raw(variable) !== undefined) adapters[port] = reader.oneOf(variable, PROFILE_NAMES, 'local');
  }
  return adapters;
};

/**
 * Reads the configuration from `LOCUS_*` variables (and `PORT`) over an optional JSON config
 * file, with defaults for everything. Throws `LocusError('CONFIGURATION')` naming every setting
 * that is wrong, its value and where it came from.
 */
export const readLocusConfig = (sources: ConfigSources): LocusConfig => {
  const { variables, origin, file } = mergeSources(sources);
  const reader = new SettingReader(variables, origin);
  const defaults = DEFAULT_CORE_SETTINGS;
  const profile = reader.oneOf('LOCUS_PROFILE', PROFILE_NAMES, 'local');
  const adapters = readAdapters(reader, variables);
  const timeZone = reader.timeZone('LOCUS_TIMEZONE', defaults.timeZone);
  const core: CoreSettings = {
    timeZone,
    timePolicy: {
      maxFutureSkewMs: reader.duration(
        'LOCUS_MAX_FUTURE_SKEW',
        defaults.timePolicy.maxFutureSkewMs,
        0,
        7 * DAY_MS,
        '0s to 7d',
      ),
      maxAgeMs: reader.duration(
        'LOCUS_MAX_AGE',
        defaults.timePolicy.maxAgeMs,
        60_000,
        3660 * DAY_MS,
        '1m to 3660d',
      ),
    },
    maxBatchItems: reader.integer('LOCUS_MAX_BATCH', defaults.maxBatchItems, 1, 10_000),
    allowNullIsland: reader.oneOf('LOCUS_ALLOW_NULL_ISLAND', ['off', 'on'] as const, 'off') === 'on',
    store: {
      ...defaults.store,
      maxRecords: reader.integer('LOCUS_STORE_MAX_RECORDS', defaults.store.maxRecords, 1, 10_000_000),
    },
    partition: {
      ...defaults.partition,
      targetRecordsPerPart: reader.integer(
        'LOCUS_PART_TARGET_RECORDS',
        defaults.partition.targetRecordsPerPart,
        1,
        100_000_000,
      ),
    },
  };
  const config: LocusConfig = {
    profile,
    adapters,
    dataDir: path.resolve(sources.cwd, reader.text('LOCUS_DATA_DIR', './data')),
    core,
    http: {
      host: reader.text('LOCUS_HOST', '127.0.0.1', HOST, 'not a host name or IP address'),
      port: reader.integer('PORT', 3000, 0, 65_535),
      maxBodyBytes: reader.bytes('LOCUS_MAX_BODY_BYTES', MiB, 256, 100 * MiB, '256 bytes to 100MiB'),
    },
    schedule: {
      storeEveryMs: reader.duration('LOCUS_STORE_EVERY', 5 * 60_000, 1_000, 7 * DAY_MS, '1s to 7d'),
      dailyAt: reader.clockTime('LOCUS_DAILY_AT', { hour: 0, minute: 5 }),
    },
    logLevel: reader.oneOf('LOCUS_LOG_LEVEL', LOG_LEVELS, 'info'),
    configFile: file,
    variables,
  };
  if (reader.problems.length > 0) {
    const list = reader.problems.map((problem) => `\n  - ${problem}`).join('');
    throw new LocusError('CONFIGURATION', `the configuration is not valid:${list}`);
  }
  return config;
};

/** Which profile each port's adapter comes from under this configuration. */
export const profileOf = (config: Pick<LocusConfig, 'profile' | 'adapters'>, port: PortName): ProfileName =>
  config.adapters[port] ?? config.profile;
