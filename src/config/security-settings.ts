import type { Rate, SecuritySettings } from '../application/security/security-settings';
import { LocusError } from '../ports/errors';
import { SettingReader } from './setting-reader';
import { parseDuration } from './units';

export type { Rate, SecuritySettings } from '../application/security/security-settings';

export const SECURITY_DEFAULTS = {
  perIp: { amount: 1200, perMs: 60_000 },
  perToken: { amount: 120, perMs: 60_000 },
  maxJsonDepth: 16,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 15_000,
  tokenCacheMs: 30_000,
  maxLinkMs: 7 * 86_400_000,
} as const;

/** The settings' variables, their config file keys, defaults and meanings (for the setting catalog). */
export const SECURITY_SETTING_ENTRIES = [
  {
    variable: 'LOCUS_AUTH',
    fileKey: 'auth',
    defaultValue: 'auto',
    meaning:
      'device tokens on ingest: `on`, `off`, or `auto` (on unless LOCUS_HOST is a loopback address); ' +
      'a server bound elsewhere refuses to start without a token unless this is `off`',
  },
  {
    variable: 'LOCUS_DOWNLOADS',
    fileKey: 'downloads',
    defaultValue: 'auto',
    meaning:
      'report downloads: `private` (download token or signed link), `public` (anyone; logged as a warning), ' +
      'or `auto` (private unless bound to loopback with auth off)',
  },
  {
    variable: 'LOCUS_RATE_LIMITS',
    fileKey: 'rateLimits',
    defaultValue: 'auto',
    meaning: '`on`, `off`, or `auto` (on unless bound to loopback with auth off)',
  },
  {
    variable: 'LOCUS_RATE_LIMIT_IP',
    fileKey: 'rateLimitIp',
    defaultValue: '1200/1m',
    meaning:
      'requests per client address (amount/duration, bursts up to the amount); 429 with Retry-After beyond',
  },
  {
    variable: 'LOCUS_RATE_LIMIT_TOKEN',
    fileKey: 'rateLimitToken',
    defaultValue: '120/1m',
    meaning: 'requests per device token; 429 with Retry-After beyond',
  },
  {
    variable: 'LOCUS_MAX_JSON_DEPTH',
    fileKey: 'maxJsonDepth',
    defaultValue: '16',
    meaning: 'deepest nesting of a JSON body; deeper bodies get 400',
  },
  {
    variable: 'LOCUS_REQUEST_TIMEOUT',
    fileKey: 'requestTimeout',
    defaultValue: '30s',
    meaning: 'a request must arrive whole within this time (slow clients are cut off)',
  },
  {
    variable: 'LOCUS_IDLE_TIMEOUT',
    fileKey: 'idleTimeout',
    defaultValue: '15s',
    meaning: 'a connection that sends nothing for this long is closed',
  },
  {
    variable: 'LOCUS_TOKEN_CACHE',
    fileKey: 'tokenCache',
    defaultValue: '30s',
    meaning: 'how long a checked token is remembered (a revocation takes effect within this time)',
  },
  {
    variable: 'LOCUS_LINK_MAX_EXPIRY',
    fileKey: 'linkMaxExpiry',
    defaultValue: '7d',
    meaning: 'the longest `locus report-url --expires` accepts',
  },
  {
    variable: 'LOCUS_PUBLIC_URL',
    fileKey: 'publicUrl',
    defaultValue: '(http://LOCUS_HOST:PORT)',
    meaning: 'the base URL of signed download links (e.g. https://locus.example.org behind a proxy)',
  },
  {
    variable: 'LOCUS_RETENTION_DAYS',
    fileKey: 'retentionDays',
    defaultValue: '(keep)',
    meaning:
      'the daily run deletes records older than this many days from every store (`locus purge --retention`)',
  },
] as const;

const MODES = ['auto', 'on', 'off'] as const;
const DOWNLOAD_MODES = ['auto', 'private', 'public'] as const;
const RATE = /^(\d+)\s*\/\s*(\S+)$/;

/** Whether a host name or address is the loopback interface (reachable from this machine only). */
export const isLoopbackHost = (host: string): boolean => {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return bare === 'localhost' || bare === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(bare);
};

const readRate = (reader: SettingReader, variable: string, fallback: Rate): Rate | null => {
  const text = reader.raw(variable);
  if (text === undefined) return fallback;
  if (text.toLowerCase() === 'off') return null;
  const match = RATE.exec(text);
  const amount = Number(match?.[1]);
  const perMs =
    match === null
      ? undefined
      : parseDuration(/^\d/.test(match[2] as string) ? (match[2] as string) : `1${match[2]}`);
  if (match === null || perMs === undefined || !Number.isInteger(amount) || amount < 1 || perMs < 1) {
    return reader.refuse(variable, text, 'not a rate such as 120/1m, 10/s or off', fallback);
  }
  return { amount, perMs };
};

/** Whether the entry point can be reached from other machines, which decides the `auto` defaults. */
export interface Exposure {
  /** A server bound to a non-loopback address, or a function behind a public API. */
  readonly exposed: boolean;
  /** Where signed links point unless `LOCUS_PUBLIC_URL` says otherwise. */
  readonly defaultPublicUrl: string;
}

/** The exposure of a server listening on `host:port`. */
export const serverExposure = (host: string, port: number): Exposure => ({
  exposed: !isLoopbackHost(host),
  defaultPublicUrl: `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`,
});

/**
 * Reads the security settings from merged `LOCUS_*` variables. Throws `CONFIGURATION` naming
 * every bad value. An exposed entry point needs tokens by default; one bound to loopback does not.
 */
export const readSecuritySettings = (
  variables: Readonly<Record<string, string | undefined>>,
  exposure: Exposure,
): SecuritySettings => {
  const reader = new SettingReader(variables, () => '');
  const loopback = !exposure.exposed;
  const authMode = reader.oneOf('LOCUS_AUTH', MODES, 'auto');
  const auth = authMode === 'auto' ? !loopback : authMode === 'on';
  const downloadMode = reader.oneOf('LOCUS_DOWNLOADS', DOWNLOAD_MODES, 'auto');
  const downloads =
    downloadMode === 'public'
      ? 'public'
      : downloadMode === 'private' || auth || !loopback
        ? 'private'
        : 'local';
  const limitsMode = reader.oneOf('LOCUS_RATE_LIMITS', MODES, 'auto');
  const limits = limitsMode === 'auto' ? auth || !loopback : limitsMode === 'on';
  const perIp = readRate(reader, 'LOCUS_RATE_LIMIT_IP', SECURITY_DEFAULTS.perIp);
  const perToken = readRate(reader, 'LOCUS_RATE_LIMIT_TOKEN', SECURITY_DEFAULTS.perToken);
  const publicUrl = reader.text(
    'LOCUS_PUBLIC_URL',
    exposure.defaultPublicUrl,
    /^https?:\/\/[^\s?#]+$/,
    'not an http(s) URL without query',
  );
  const retention = reader.raw('LOCUS_RETENTION_DAYS');
  const settings: SecuritySettings = {
    auth,
    downloads,
    rateLimits: { perIp: limits ? perIp : null, perToken: limits ? perToken : null },
    maxJsonDepth: reader.integer('LOCUS_MAX_JSON_DEPTH', SECURITY_DEFAULTS.maxJsonDepth, 2, 64),
    requestTimeoutMs: reader.duration(
      'LOCUS_REQUEST_TIMEOUT',
      SECURITY_DEFAULTS.requestTimeoutMs,
      100,
      3_600_000,
      '100ms to 1h',
    ),
    idleTimeoutMs: reader.duration(
      'LOCUS_IDLE_TIMEOUT',
      SECURITY_DEFAULTS.idleTimeoutMs,
      100,
      3_600_000,
      '100ms to 1h',
    ),
    tokenCacheMs: reader.duration(
      'LOCUS_TOKEN_CACHE',
      SECURITY_DEFAULTS.tokenCacheMs,
      0,
      3_600_000,
      '0s to 1h',
    ),
    maxLinkMs: reader.duration(
      'LOCUS_LINK_MAX_EXPIRY',
      SECURITY_DEFAULTS.maxLinkMs,
      60_000,
      366 * 86_400_000,
      '1m to 366d',
    ),
    publicUrl: publicUrl.replace(/\/+$/, ''),
    retentionDays: retention === undefined ? null : reader.integer('LOCUS_RETENTION_DAYS', 0, 1, 36_600),
  };
  if (reader.problems.length > 0) {
    throw new LocusError(
      'CONFIGURATION',
      `the security settings are not valid:${reader.problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  }
  return settings;
};
