import { DuckDbSqlConsole } from '../../adapters/local/duckdb-sql-console';
import { readQueryMemory } from '../../config/local-query-config';
import { adapterOf } from '../../config/locus-config';
import { LocusError } from '../../ports';
import type { CommandContext } from '../command-context';
import { formatSqlResult, type QueryFormat } from '../output/sql-output';

/**
 * `locus query "SQL"`: ad-hoc SQL (DuckDB) over the view `locations`, every partition of the
 * local data folder. Prints a table on a terminal, CSV otherwise, or what `--format` asks.
 */
export const queryCommand = async (
  context: CommandContext,
  sql: string,
  options: { format?: QueryFormat },
): Promise<number> => {
  const { config, io } = context;
  if (adapterOf(config, 'partitions') !== 'folder') {
    throw new LocusError(
      'CONFIGURATION',
      `locus query reads the local partitions, but the partitions adapter is ${adapterOf(config, 'partitions')} ` +
        '(LOCUS_PROFILE / LOCUS_ADAPTER_PARTITIONS); query the aws partitions with Redshift Spectrum',
    );
  }
  const sqlConsole = new DuckDbSqlConsole({
    dataDir: config.dataDir,
    queryMemoryBytes: readQueryMemory(config.variables),
  });
  try {
    const result = await sqlConsole.run(sql);
    io.stdout.write(formatSqlResult(result, options.format ?? (io.stdout.isTTY === true ? 'table' : 'csv')));
    return 0;
  } finally {
    await sqlConsole.close();
  }
};
