import { LocusError } from '../../../ports/errors';

/** One file an UNLOAD wrote, as its manifest lists it. */
export interface UnloadedFile {
  /** The object key in the storage bucket. */
  readonly key: string;
  readonly rows: number;
}

/** What an `UNLOAD … MANIFEST VERBOSE` says it wrote. */
export interface UnloadManifest {
  readonly files: readonly UnloadedFile[];
  readonly rows: number;
}

interface ManifestJson {
  readonly entries?: readonly { url?: unknown; meta?: { record_count?: unknown } }[];
  readonly meta?: { record_count?: unknown };
}

const count = (value: unknown, what: string): number => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new LocusError('QUERY_FAILED', `the UNLOAD manifest has no valid record_count for ${what}`);
  }
  return value;
};

/**
 * Reads the manifest Redshift writes beside unloaded files (`<prefix>manifest`, with `MANIFEST
 * VERBOSE`): the files with their row counts, and the total. Each file must lie in `bucket`.
 */
export const parseUnloadManifest = (text: string, bucket: string, where: string): UnloadManifest => {
  let json: ManifestJson;
  try {
    json = JSON.parse(text) as ManifestJson;
  } catch (error) {
    throw new LocusError('QUERY_FAILED', `the UNLOAD manifest ${where} is not JSON`, { cause: error });
  }
  const files = (json.entries ?? []).map((entry, i) => {
    const url = typeof entry.url === 'string' ? entry.url : '';
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
    if (match === null || match[1] !== bucket) {
      throw new LocusError(
        'QUERY_FAILED',
        `the UNLOAD manifest ${where} lists "${url}" outside s3://${bucket}/`,
      );
    }
    return { key: match[2] as string, rows: count(entry.meta?.record_count, `entry ${i}`) };
  });
  const rows = count(json.meta?.record_count, 'the whole unload');
  const listed = files.reduce((sum, file) => sum + file.rows, 0);
  if (listed !== rows) {
    throw new LocusError(
      'QUERY_FAILED',
      `the UNLOAD manifest ${where} lists files of ${listed} rows in all but says ${rows}`,
    );
  }
  return { files, rows };
};
