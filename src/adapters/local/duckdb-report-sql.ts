import { FORMULA_START_CHARACTERS, LOCATION_COLUMNS } from '../../domain';
import { sqlString } from './duckdb-engine';
import { PART_CSV_OPTIONS } from './duckdb-refile-sql';

/** The code points a formula starts with, as the domain's `neutraliseCell` has them. */
const FORMULA_START_CODES = FORMULA_START_CHARACTERS.map((character) => character.codePointAt(0));

/**
 * `device_id` as a report cell: formula-like text gets a leading apostrophe, as the domain's
 * `neutraliseCell` does, from the same list of characters (a plain number such as `-12.5` is
 * left alone).
 */
const NEUTRALISED_DEVICE_ID = `CASE
    WHEN unicode(device_id) IN (${FORMULA_START_CODES.join(', ')})
      AND NOT regexp_full_match(device_id, '-?[0-9]+(\\.[0-9]+)?(e[+-]?[0-9]+)?')
    THEN '''' || device_id ELSE device_id END AS device_id`;

/**
 * The report's rows of `source` (all-text contract columns) that `condition` selects, as the CSV
 * columns, sorted as the report is: by device (as stored, before it is neutralised), time and
 * id, and the copies of one record id next to each other, the earliest received first.
 */
export const sortedCsvSql = (source: string, condition: string): string =>
  `SELECT record_id, ${NEUTRALISED_DEVICE_ID}, ${LOCATION_COLUMNS.slice(2).join(', ')}
   FROM ${source} AS part WHERE ${condition}
   ORDER BY part.device_id, part.recorded_at, part.record_id, part.received_at`;

/** DuckDB's CSV writer set to the contract's format: comma, RFC 4180 quotes, CRLF, NULL as empty. */
export const csvCopyOptions = (header: boolean): string =>
  `FORMAT csv, HEADER ${header}, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR '', NEW_LINE '\\r\\n'`;

/** Report CSV text read back: header, every column text. */
const readReportCsv = (file: string): string =>
  `read_csv(${sqlString(file)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    new_line = '\\r\\n', columns = {${LOCATION_COLUMNS.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(', ')}})`;

const instant = (column: string): string =>
  `CASE WHEN regexp_full_match(${column}, '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z')
    THEN CAST(${column} AS TIMESTAMPTZ)
    ELSE error('${column} "' || coalesce(${column}, '') || '" is not an ISO UTC instant') END AS ${column}`;

const number = (column: string): string => `CAST(${column} AS DOUBLE) AS ${column}`;

/**
 * The report rows of `source` (the report CSV's columns, all text) with typed columns, in the
 * source's order (DuckDB must preserve insertion order): ids text, instants UTC timestamps (whole
 * milliseconds), measurements doubles. A value that is not what its column holds fails the statement.
 */
export const typedRowsSql = (source: string): string =>
  `SELECT CASE WHEN regexp_full_match(record_id, '[0-9a-f]{32}') THEN record_id
      ELSE error('record_id "' || coalesce(record_id, '') || '" is not 32 hex digits') END AS record_id,
    CASE WHEN device_id IS NOT NULL THEN device_id ELSE error('device_id is empty') END AS device_id,
    ${instant('recorded_at')}, ${number('latitude')}, ${number('longitude')}, ${number('accuracy')},
    ${number('altitude')}, ${number('speed')}, ${number('heading')}, ${instant('received_at')}
   FROM ${source}`;

/** Writes the rows of `source` (report columns, all text, in report order) as the report's Parquet. */
export const parquetCopySql = (source: string, parquetFile: string): string =>
  `COPY (${typedRowsSql(source)}) TO ${sqlString(parquetFile)} (FORMAT parquet, COMPRESSION zstd)`;

/** Writes the report CSV again as Parquet, its rows in its order; returns the statement. */
export const parquetFromCsvSql = (csvFile: string, parquetFile: string): string =>
  parquetCopySql(readReportCsv(csvFile), parquetFile);

/**
 * Writes the rows of `source` (hive `dt` column included) once, one CSV folder per range of
 * device ids (`<folder>/dt=<date>/r=<index>/`), so that each range's sort reads only its own rows
 * instead of every part again; `conditions` are the ranges' conditions, which cover every row
 * exactly once: the last one is what the others leave.
 */
export const splitByRangeSql = (source: string, conditions: readonly string[], folder: string): string => {
  const cases = conditions
    .slice(0, -1)
    .map((condition, index) => `WHEN ${condition} THEN ${index}`)
    .join(' ');
  return `COPY (SELECT *, CASE ${cases} ELSE ${conditions.length - 1} END AS r FROM ${source})
   TO ${sqlString(folder)} (${PART_CSV_OPTIONS}, PARTITION_BY (dt, r))`;
};
