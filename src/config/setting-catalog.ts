import { adapterVariable, PORT_NAMES } from '../ports/port-names';
import { CONSOLE_SETTING_ENTRIES } from './console-settings';
import { PRESETS } from './presets';
import { SECURITY_SETTING_ENTRIES } from './security-settings';

/** One setting: its variable, its key in a config file, its default and what it means. */
export interface SettingEntry {
  readonly variable: string;
  readonly fileKey: string;
  readonly defaultValue: string;
  readonly meaning: string;
}

export { adapterVariable } from '../ports/port-names';

/** Every setting of the `locus` command and server (the `aws` profile adds its `LOCUS_AWS_*` variables). */
export const SETTINGS: readonly SettingEntry[] = [
  {
    variable: 'LOCUS_CONFIG',
    fileKey: '',
    defaultValue: '(none)',
    meaning: 'a JSON config file (also `--config FILE`)',
  },
  {
    variable: 'LOCUS_PROFILE',
    fileKey: 'profile',
    defaultValue: 'local',
    meaning:
      "the preset of adapters: `local` (one machine), `memory` (in-process, nothing kept) or `aws`; `LOCUS_ADAPTER_<PORT>` picks one port's adapter",
  },
  ...PORT_NAMES.map((port) => ({
    variable: adapterVariable(port),
    fileKey: `adapters.${port}`,
    defaultValue: `(the profile's: ${PRESETS.memory[port]}, ${PRESETS.local[port]}, ${PRESETS.aws[port]})`,
    meaning: `the ${port} port's adapter: a registered name, a module path (./my-adapter.js) or a package`,
  })),
  {
    variable: 'LOCUS_DATA_DIR',
    fileKey: 'dataDir',
    defaultValue: './data',
    meaning:
      "the local profile's folder (queue, journal, work/, storage/, download/), relative to the working directory",
  },
  {
    variable: 'LOCUS_TIMEZONE',
    fileKey: 'timezone',
    defaultValue: 'UTC',
    meaning: 'IANA zone whose calendar dates partition the records and in which the daily run is scheduled',
  },
  {
    variable: 'LOCUS_HOST',
    fileKey: 'host',
    defaultValue: '127.0.0.1',
    meaning: 'the address the HTTP server binds',
  },
  {
    variable: 'LOCUS_TRUST_PROXY',
    fileKey: 'trustProxy',
    defaultValue: '(none)',
    meaning:
      'proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For names the client, e.g. the load balancer subnets',
  },
  { variable: 'PORT', fileKey: 'port', defaultValue: '3000', meaning: 'the HTTP port (0 picks a free one)' },
  {
    variable: 'LOCUS_STORE_EVERY',
    fileKey: 'storeEvery',
    defaultValue: '5m',
    meaning: 'how often `serve` runs the store phase (a duration: 30s, 5m, 1h)',
  },
  {
    variable: 'LOCUS_DAILY_AT',
    fileKey: 'dailyAt',
    defaultValue: '00:05',
    meaning: 'when `serve` runs the daily partition + report of the previous day (HH:MM in LOCUS_TIMEZONE)',
  },
  {
    variable: 'LOCUS_SCHEDULES',
    fileKey: 'schedules',
    defaultValue: 'on',
    meaning:
      '`off`: `serve` only takes and answers HTTP, with no store or daily run (another process runs them)',
  },
  {
    variable: 'LOCUS_TALLY_EVERY',
    fileKey: 'tallyEvery',
    defaultValue: '10s',
    meaning: 'how often `serve` journals its per-date counts of accepted records (1s to 1h)',
  },
  {
    variable: 'LOCUS_MAX_BODY_BYTES',
    fileKey: 'maxBodyBytes',
    defaultValue: '1MiB',
    meaning: 'the largest request body; larger ones get 413 (bytes, or with KiB/MiB)',
  },
  {
    variable: 'LOCUS_MAX_BATCH',
    fileKey: 'maxBatch',
    defaultValue: '1000',
    meaning: 'most locations in one `{ "locations": [...] }` request',
  },
  {
    variable: 'LOCUS_MAX_FUTURE_SKEW',
    fileKey: 'maxFutureSkew',
    defaultValue: '5m',
    meaning: 'a timestamp further ahead of the server clock than this is refused',
  },
  {
    variable: 'LOCUS_MAX_AGE',
    fileKey: 'maxAge',
    defaultValue: '366d',
    meaning: 'a timestamp older than this when received is refused',
  },
  {
    variable: 'LOCUS_ALLOW_NULL_ISLAND',
    fileKey: 'allowNullIsland',
    defaultValue: 'off',
    meaning:
      "`on` stores a tracking app's fix at exactly (0, 0); `off` keeps it as rejected (apps send it when they have no position)",
  },
  {
    variable: 'LOCUS_STORE_MAX_RECORDS',
    fileKey: 'storeMaxRecords',
    defaultValue: '250000',
    meaning:
      'a store run writes at most about this many records into its batch; the rest waits for the next run',
  },
  {
    variable: 'LOCUS_PART_TARGET_RECORDS',
    fileKey: 'partTargetRecords',
    defaultValue: '250000',
    meaning: 'a new date gets enough parts (1, 2, 4, … or 64) to keep each under this many records',
  },
  {
    variable: 'LOCUS_QUERY_MEMORY',
    fileKey: 'queryMemory',
    defaultValue: '192MB',
    meaning:
      "local profile: the memory DuckDB may hold for a report or `locus query` before it spills to the data folder's tmp/ (at least 128MiB; more makes a large report faster)",
  },
  {
    variable: 'LOCUS_LOG_LEVEL',
    fileKey: 'logLevel',
    defaultValue: 'info',
    meaning:
      'fatal, error, warn, info, debug, trace or silent (JSON lines on stderr unless it is a terminal)',
  },
  {
    variable: 'LOCUS_ACCESS_LOG',
    fileKey: 'accessLog',
    defaultValue: 'on',
    meaning:
      '`on`: `serve` logs one `info` line per request (method, route pattern, status, time, items accepted and rejected, devices, request id; never the URL, coordinates or tokens); `off`: none',
  },
  {
    variable: 'LOCUS_METRICS_TOKEN',
    fileKey: 'metricsToken',
    defaultValue: '(none)',
    meaning:
      'when set, `GET /metrics` needs `Authorization: Bearer <this>` (16 or more characters); otherwise it is open like `/health`',
  },
  ...SECURITY_SETTING_ENTRIES,
  ...CONSOLE_SETTING_ENTRIES,
];

/** Config file key → variable, for the keys of {@link SETTINGS}. */
export const FILE_KEY_VARIABLES: ReadonlyMap<string, string> = new Map(
  SETTINGS.filter((entry) => entry.fileKey !== '').map((entry) => [entry.fileKey, entry.variable]),
);
