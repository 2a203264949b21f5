import { promises as fs } from 'node:fs';
import { CsvRowReader } from '../../domain';
import { sqlString } from './duckdb-engine';

/**
 * Device ids `[from, to)`, either end open when `undefined`. The last range (no `to`) also takes
 * the rows without a device id, so that the ranges of a split cover every row exactly once.
 */
export interface DeviceRange {
  readonly from?: string;
  readonly to?: string;
}

/** The whole date in one range. */
export const ALL_DEVICES: DeviceRange = {};

/** Texts in the order DuckDB compares them (UTF-8 bytes, no collation), each encoded once. */
const sortedByUtf8 = (texts: readonly string[]): string[] =>
  texts
    .map((text) => ({ text, bytes: Buffer.from(text, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((entry) => entry.text);

/** The SQL condition (on column `device_id`) of a range; `true` for the whole date. */
export const rangeCondition = (range: DeviceRange): string => {
  const conditions: string[] = [];
  if (range.from !== undefined) {
    conditions.push(
      range.to === undefined
        ? `(device_id >= ${sqlString(range.from)} OR device_id IS NULL)`
        : `device_id >= ${sqlString(range.from)}`,
    );
  }
  if (range.to !== undefined) conditions.push(`device_id < ${sqlString(range.to)}`);
  return conditions.length === 0 ? 'true' : conditions.join(' AND ');
};

/**
 * Cuts the device ids into `count` ranges holding about as many rows each, by the quantiles of a
 * sample of the rows' device ids (duplicates kept: they weigh). Fewer ranges when the sample has
 * too few distinct ids; one when it is empty.
 */
export const deviceRanges = (sample: readonly string[], count: number): DeviceRange[] => {
  const sorted = sortedByUtf8(sample);
  const bounds: string[] = [];
  for (let i = 1; i < count; i++) {
    const bound = sorted[Math.floor((i * sorted.length) / count)];
    if (bound !== undefined && bound !== bounds[bounds.length - 1]) bounds.push(bound);
  }
  if (bounds.length === 0) return [ALL_DEVICES];
  return [
    { to: bounds[0] },
    ...bounds.slice(1).map((to, i) => ({ from: bounds[i], to })),
    { from: bounds[bounds.length - 1] },
  ];
};

const WINDOW_BYTES = 4096;

/**
 * Device ids of the rows found in `windowsPerFile` windows of a few KiB spread evenly over each
 * file: a cheap sample of the rows (a partial line at either end of a window is skipped, and so
 * is a window that does not parse, e.g. one that starts inside a quoted field).
 */
export const sampleDeviceIds = async (files: readonly string[], windowsPerFile = 64): Promise<string[]> => {
  const sample: string[] = [];
  const buffer = Buffer.alloc(WINDOW_BYTES);
  for (const file of files) {
    const handle = await fs.open(file, 'r');
    try {
      const { size } = await handle.stat();
      for (let w = 0; w < windowsPerFile; w++) {
        const offset = Math.floor((size * w) / windowsPerFile);
        const { bytesRead } = await handle.read(buffer, 0, WINDOW_BYTES, offset);
        const text = buffer.subarray(0, bytesRead).toString('utf8');
        const start = offset === 0 ? 0 : text.indexOf('\n') + 1;
        const end = text.lastIndexOf('\n') + 1;
        if (start <= 0 && offset !== 0) continue;
        if (end <= start) continue;
        const rows: string[][] = [];
        try {
          const reader = new CsvRowReader();
          reader.push(text.slice(start, end), rows);
          reader.end(rows);
        } catch {
          continue;
        }
        for (const row of rows) if (row[1] !== undefined && row[1] !== '') sample.push(row[1]);
      }
    } finally {
      await handle.close();
    }
  }
  return sample;
};
