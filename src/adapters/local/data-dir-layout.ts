import path from 'node:path';
import type { PartRef } from '../../domain';

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Temporary files start with this prefix; listings skip them and `*.csv` globs never match them. */
export const TEMP_PREFIX = '.tmp-';

/** The contract's object keys and the files that hold them under the data folder. */
export const objectKeys = {
  pendingBatch: (batchId: string): string => `work/${batchId}.csv`,
  doneBatch: (batchId: string): string => `archive/work/${batchId}.csv`,
  quarantinedBatch: (batchId: string): string => `quarantine/work/${batchId}.csv`,
  quarantineReason: (batchId: string): string => `quarantine/work/${batchId}.reason.txt`,
  partitionDir: (date: string): string => `storage/dt=${date}`,
  partFileName: (part: PartRef): string => `part-${pad2(part.index)}-of-${pad2(part.of)}.csv`,
  part: (part: PartRef): string => `storage/dt=${part.date}/${objectKeys.partFileName(part)}`,
} as const;

/** Matches a part's file name and captures its index and count. */
export const PART_FILE = /^part-(\d{2})-of-(\d{2})\.csv$/;

/** Matches a date folder of the partitions and captures the date. */
export const DATE_DIR = /^dt=(\d{4}-\d{2}-\d{2})$/;

/** The absolute file of a key under the data folder. */
export const fileOf = (dataDir: string, key: string): string => path.join(dataDir, ...key.split('/'));

/** The SQLite file of the queue. */
export const queueDatabaseFile = (dataDir: string): string => path.join(dataDir, 'queue.db');

/** The SQLite file of the journal and the run locks. */
export const journalDatabaseFile = (dataDir: string): string => path.join(dataDir, 'journal.db');

/** Where scratch areas and the SQL engine's spill files live. */
export const tempRoot = (dataDir: string): string => path.join(dataDir, 'tmp');
