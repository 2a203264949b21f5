import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The text of the first column of a query's result, one DuckDB chunk at a time, up to the row
 * whose text is NULL, which the query puts last. A streamed result that fails on the way (DuckDB
 * out of memory while merging its sort) ends as if it were complete, without an error: the
 * missing last row tells it apart, and the query fails instead of a report losing rows.
 */
export async function* streamLines(
  connection: Pick<DuckDBConnection, 'stream'>,
  sql: string,
): AsyncGenerator<string[]> {
  const result = await connection.stream(sql);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) {
      throw new Error(
        'DuckDB ended the result before its last row (it stopped streaming, e.g. out of memory)',
      );
    }
    const values = chunk.getColumnValues(0) as (string | null)[];
    const last = values.length - 1;
    if (values[last] === null) {
      if (last > 0) yield values.slice(0, last) as string[];
      return;
    }
    yield values as string[];
  }
}
