import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { isLocusError, LocusError } from '../../ports';
import { SPLIT_FLUSH_ROWS } from './duckdb-engine';
import { MEMORY_LIMIT } from './duckdb-refile-sql';

/** Whether DuckDB failed because a file it read is not CSV of ten fields. */
const notRecords = (error: unknown): boolean =>
  /CSV Error|Invalid Input Error/.test(String((error as Error | undefined)?.message));

/**
 * A partition run's own in-memory DuckDB database, made on first use; what exceeds its memory
 * limit (the staged rows of a large day) spills to `<dir>/spill`.
 */
export class RefileDatabase {
  private instance: Promise<DuckDBInstance> | undefined;

  constructor(private readonly dir: string) {}

  /** Whether a statement has run (the database exists). */
  get opened(): boolean {
    return this.instance !== undefined;
  }

  /**
   * Runs one statement. A file that is not CSV of records fails with DuckDB's own error (the
   * caller tells which object it was); any other failure (a full disk, no memory) fails with
   * `STORE_UNAVAILABLE`, naming what could not be done.
   */
  async query(sql: string, what: string): Promise<Record<string, unknown>[]> {
    try {
      const connection = await this.connect();
      try {
        return (await connection.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[];
      } finally {
        connection.closeSync();
      }
    } catch (error) {
      if (isLocusError(error) || notRecords(error)) throw error;
      throw new LocusError('STORE_UNAVAILABLE', `could not ${what}: ${(error as Error)?.message}`, {
        cause: error,
        retryable: true,
      });
    }
  }

  /** Runs one `COPY … TO` statement, as {@link query} does; returns the rows it wrote. */
  async copiedRows(sql: string, what: string): Promise<number> {
    const [row] = await this.query(sql, what);
    return Number(Object.values(row ?? {})[0] ?? 0);
  }

  /** Closes the database (its tables go with it). */
  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (instance !== undefined) (await instance.catch(() => undefined))?.closeSync();
  }

  private connect(): Promise<DuckDBConnection> {
    if (this.instance === undefined) {
      const spill = path.join(this.dir, 'spill');
      this.instance = (async () => {
        await fs.mkdir(spill, { recursive: true });
        return DuckDBInstance.create(':memory:', {
          threads: '2',
          memory_limit: MEMORY_LIMIT,
          temp_directory: spill,
          preserve_insertion_order: 'false',
          partitioned_write_flush_threshold: String(SPLIT_FLUSH_ROWS),
        });
      })();
    }
    return this.instance.then((instance) => instance.connect());
  }
}
