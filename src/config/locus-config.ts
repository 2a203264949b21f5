import path from 'node:path';
import { type CoreSettings, DEFAULT_CORE_SETTINGS } from '../application/settings';
import { LocusError } from '../ports/errors';
import { adapterVariable, PORT_NAMES, type PortName } from '../ports/port-names';
import { readConfigFile } from './config-file';
import { DATA_DIR_ADAPTERS, PRESETS, PROFILE_NAMES, type ProfileName } from './presets';
import { SettingReader } from './setting-reader';
import type { ClockTime } from './units';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the `locus` command and its server are configured with. */
export interface LocusConfig {
  /** The preset that picks every port's adapter unless `adapters` says otherwise. */
  readonly profile: ProfileName;
  /** Adapters picked one by one (`LOCUS_ADAPTER_<PORT>`): a registry name, a module path or a package. */
  readonly adapters: Partial<Record<PortName, string>>;
  /** The local profile's folder, absolute. */
  readonly dataDir: string;
  readonly core: CoreSettings;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly maxBodyBytes: number;
    /** Proxies (IPs or CIDRs, comma-separated) whose `X-Forwarded-For` names the client. */
    readonly trustProxy?: string;
  };
  readonly schedule: {
    readonly storeEveryMs: number;
    /** Time of day of the daily run, in `core.timeZone`. */
    readonly dailyAt: ClockTime;
  };
  readonly serve: {
    /** `off`: `serve` runs neither the store schedule nor the daily run (another process does). */
    readonly schedules: 'on' | 'off';
    /** How often `serve` journals its per-date counts of accepted records. */
    readonly tallyEveryMs: number;
  };
  readonly logLevel: LogLevel;
  /** What `locus serve` shows of itself. */
  readonly observability: {
    /** One `info` line per request (`LOCUS_ACCESS_LOG`). */
    readonly accessLog: boolean;
    /** `GET /metrics` needs `Authorization: Bearer <this>` when set (`LOCUS_METRICS_TOKEN`). */
    readonly metricsToken: string | null;
  };
  /** The config file read, if any (absolute). */
  readonly configFile?: string;
  /** The working directory: where relative paths (the data folder, adapter modules) start. */
  readonly cwd: string;
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

const PROXIES = /^[0-9A-Fa-f.:]+(\/\d{1,3})?(,[0-9A-Fa-f.:]+(\/\d{1,3})?)*$/;

/** `LOCUS_TRUST_PROXY`, spaces removed; absent when unset. */
const trustProxyOf = (reader: SettingReader): { trustProxy?: string } => {
  const text = reader.text('LOCUS_TRUST_PROXY', '').replace(/\s+/g, '');
  if (text === '') return {};
  if (!PROXIES.test(text)) {
    reader.problems.push(`LOCUS_TRUST_PROXY "${text}" is not a list of IP addresses or CIDR ranges`);
    return {};
  }
  return { trustProxy: text };
};

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
  const adapters: Partial<Record<PortName, string>> = {};
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
    const name = reader.raw(variable);
    if (name !== undefined) adapters[port] = name;
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
      ...trustProxyOf(reader),
    },
    schedule: {
      storeEveryMs: reader.duration('LOCUS_STORE_EVERY', 5 * 60_000, 1_000, 7 * DAY_MS, '1s to 7d'),
      dailyAt: reader.clockTime('LOCUS_DAILY_AT', { hour: 0, minute: 5 }),
    },
    serve: {
      schedules: reader.oneOf('LOCUS_SCHEDULES', ['on', 'off'] as const, 'on'),
      tallyEveryMs: reader.duration('LOCUS_TALLY_EVERY', 10_000, 1_000, 3_600_000, '1s to 1h'),
    },
    logLevel: reader.oneOf('LOCUS_LOG_LEVEL', LOG_LEVELS, 'info'),
    observability: {
      accessLog: reader.oneOf('LOCUS_ACCESS_LOG', ['on', 'off'] as const, 'on') === 'on',
      metricsToken: blank(reader.raw('LOCUS_METRICS_TOKEN'))
        ? null
        : reader.text(
            'LOCUS_METRICS_TOKEN',
            '',
            /^\S{16,}$/,
            'not a token of 16 or more characters without spaces',
          ),
    },
    configFile: file,
    cwd: sources.cwd,
    variables,
  };
  if (reader.problems.length > 0) {
    const list = reader.problems.map((problem) => `\n  - ${problem}`).join('');
    throw new LocusError('CONFIGURATION', `the configuration is not valid:${list}`);
  }
  return config;
};

/** The adapter a port takes under this configuration: its own choice, else the profile's. */
export const adapterOf = (config: Pick<LocusConfig, 'profile' | 'adapters'>, port: PortName): string =>
  config.adapters[port] ?? PRESETS[config.profile][port];

/** Every port's adapter under this configuration. */
export const adaptersOf = (config: Pick<LocusConfig, 'profile' | 'adapters'>): Record<PortName, string> =>
  Object.fromEntries(PORT_NAMES.map((port) => [port, adapterOf(config, port)])) as Record<PortName, string>;

/** Whether some port's adapter keeps its data in the data folder. */
export const usesDataDir = (config: Pick<LocusConfig, 'profile' | 'adapters'>): boolean =>
  PORT_NAMES.some((port) => DATA_DIR_ADAPTERS.has(adapterOf(config, port)));
