import type { AwsEnvReader } from './aws-env-reader';

/** Where the three object areas live: one bucket for all, or one bucket each. */
export interface AwsBuckets {
  /** `work/`, `archive/work/`, `quarantine/work/`, `journal/`, `locks/`. */
  readonly work: string;
  /** `storage/dt=…/` (the Spectrum table) and `unload/` (query output). */
  readonly storage: string;
  /** `download/` (the daily reports). */
  readonly download: string;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const KEY_PREFIX = /^([A-Za-z0-9._-]+\/?)*$/;

/** `LOCUS_AWS_BUCKET` for every area, or `LOCUS_AWS_{WORK,STORAGE,DOWNLOAD}_BUCKET` each (these win). */
export const readBuckets = (env: AwsEnvReader): AwsBuckets => {
  const shared = env.optional('LOCUS_AWS_BUCKET', BUCKET, 'an S3 bucket name');
  const each = (area: string): string => {
    const name = `LOCUS_AWS_${area}_BUCKET`;
    if (shared !== undefined || env.has(name))
      return env.optional(name, BUCKET, 'an S3 bucket name') ?? shared ?? '';
    env.problems.push(`${name} is missing (or set LOCUS_AWS_BUCKET for one bucket holding every area)`);
    return '';
  };
  return { work: each('WORK'), storage: each('STORAGE'), download: each('DOWNLOAD') };
};

const normalizePrefix = (prefix: string): string =>
  prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;

/** `LOCUS_AWS_KEY_PREFIX`, ending with `/` (or `''` when unset). */
export const readKeyPrefix = (env: AwsEnvReader): string =>
  normalizePrefix(
    env.optional('LOCUS_AWS_KEY_PREFIX', KEY_PREFIX, 'a key prefix of letters, digits, ._- and /') ?? '',
  );
