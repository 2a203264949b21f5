import { promises as fs } from 'node:fs';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_QUERY_MEMORY_BYTES } from '../../config/local-query-config';
import { LOCATION_COLUMNS } from '../../domain';
import { makeTempFolder } from './temp-folders';

/**
 * The CSV reader's buffer per file and thread (DuckDB's default, 32 MB, is taken outside the sort's
 * share of the memory limit and makes large sorts fail); no record line comes near it.
 */
const CSV_BUFFER_BYTES = 1 << 20;

/**
 * Rows a thread gathers for a partitioned write (a split by part or by range of devices) before it
 * writes them out. DuckDB's default (524,288) holds so much within the memory limit that the
 * partition's split of a nominal day's 2.4M staged records took 2.1 s; at 8,192–32,768 it takes
 * 1.0–1.3 s.
 */
export const SPLIT_FLUSH_ROWS = 32_768;

/** A text as an SQL string literal. */
export const sqlString = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** The contract's columns, every one read as text. */
const VARCHAR_COLUMNS = `{${LOCATION_COLUMNS.map((column) => `${sqlString(column)}: 'VARCHAR'`).join(', ')}}`;

/**
 * `read_csv` over partition files (a glob or a list of paths): header-less contract CSV, every
 * column VARCHAR, plus the `dt` column of the hive-style folder.
 */
export const readLocationCsv = (files: string | readonly string[]): string => {
  const source = typeof files === 'string' ? sqlString(files) : `[${files.map(sqlString).join(', ')}]`;
  return `read_csv(${source}, columns = ${VARCHAR_COLUMNS}, header = false, auto_detect = false,
    delim = ',', quote = '"', escape = '"', buffer_size = ${CSV_BUFFER_BYTES}, max_line_size = ${CSV_BUFFER_BYTES},
    hive_partitioning = true, hive_types = {'dt': DATE})`;
};

/**
 * An in-memory DuckDB for queries over the data folder, opened on first use, bounded in memory
 * and threads, spilling to a folder of its own under `<dataDir>/tmp/` (removed on close).
 */
export class DuckDbEngine {
  private opened: Promise<{ instance: DuckDBInstance; spillDir: string }> | undefined;

  /**
   * `preserveOrder`: statements without ORDER BY keep their input's order (as writing a sorted
   * file again in another format needs), at some cost in memory for large unordered results.
   * `memoryBytes`: DuckDB's memory ceiling; larger sorts spill to disk (`DEFAULT_QUERY_MEMORY_BYTES`
   * when not given).
   */
  constructor(
    private readonly dataDir: string,
    private readonly options: { readonly preserveOrder?: boolean; readonly memoryBytes?: number } = {},
  ) {}

  /** A new connection (each query gets its own, closed by the caller). */
  async connect(): Promise<DuckDBConnection> {
    if (this.opened === undefined) {
      const opened = (async () => {
        const spillDir = await makeTempFolder(this.dataDir, 'duckdb');
        const instance = await DuckDBInstance.create(':memory:', {
          threads: '2',
          memory_limit: `${Math.floor(this.options.memoryBytes ?? DEFAULT_QUERY_MEMORY_BYTES)}B`,
          temp_directory: spillDir,
          preserve_insertion_order: this.options.preserveOrder === true ? 'true' : 'false',
          partitioned_write_flush_threshold: String(SPLIT_FLUSH_ROWS),
        }).catch(async (error: unknown) => {
          await fs.rm(spillDir, { recursive: true, force: true });
          throw error;
        });
        return { instance, spillDir };
      })();
      this.opened = opened;
      opened.catch(() => {
        if (this.opened === opened) this.opened = undefined;
      });
    }
    return (await this.opened).instance.connect();
  }

  /** Closes the instance and removes its spill folder; a later `connect` opens a new one. */
  async close(): Promise<void> {
    const opened = this.opened;
    this.opened = undefined;
    const open = await opened?.catch(() => undefined);
    if (open === undefined) return;
    open.instance.closeSync();
    await fs.rm(open.spillDir, { recursive: true, force: true });
  }
}
