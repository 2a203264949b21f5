import { LocusError } from '../ports/errors';
import { parseByteSize } from './units';

/** The variable of the local report and query engine's memory. */
export const QUERY_MEMORY_VARIABLE = 'LOCUS_QUERY_MEMORY';

/**
 * DuckDB's memory for a report or an ad-hoc query on the local profile when nothing is set (192 MB).
 * The process's resident memory overshoots it noticeably, so it is kept well below a budget of
 * 512 MiB for the whole process: on a 2.4M-record day the report's sort took 10.0 s at 128 MB,
 * 8.0 s at 192 MB (peak RSS 432 MiB) and 7.3 s at 256 MB (peak RSS 528 MiB).
 */
export const DEFAULT_QUERY_MEMORY_BYTES = 192_000_000;

/**
 * The least it may be: a nominal day's report (2.4M rows) ran out of memory at 64 MiB and passed at
 * 96 MiB; 128 MiB sorts the 320 MiB ranges a large date is cut into.
 */
const MIN_QUERY_MEMORY_BYTES = 128 * 2 ** 20;

/**
 * `LOCUS_QUERY_MEMORY` in bytes: how much memory DuckDB may hold for a local report or query before
 * it spills to `<LOCUS_DATA_DIR>/tmp/`. Read when the local report query or SQL console is made;
 * a size that is not one, or below 128 MiB, is refused with `CONFIGURATION`.
 */
export const readQueryMemory = (variables: Readonly<Record<string, string | undefined>>): number => {
  const text = variables[QUERY_MEMORY_VARIABLE]?.trim() ?? '';
  if (text === '') return DEFAULT_QUERY_MEMORY_BYTES;
  const bytes = parseByteSize(text);
  if (bytes === undefined || bytes < MIN_QUERY_MEMORY_BYTES) {
    throw new LocusError(
      'CONFIGURATION',
      `${QUERY_MEMORY_VARIABLE} "${text}" is not a size of at least 128MiB (e.g. 192MB, 1GiB)`,
    );
  }
  return bytes;
};
