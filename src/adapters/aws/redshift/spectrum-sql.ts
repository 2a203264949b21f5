import { type CalendarDate, calendarDate, LOCATION_COLUMNS } from '../../../domain';
import { LocusError } from '../../../ports/errors';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An SQL string literal: the text in single quotes, quotes inside doubled. */
export const sqlLiteral = (text: string): string => `'${text.replace(/'/g, "''")}'`;

const schemaName = (schema: string): string => {
  if (!IDENTIFIER.test(schema))
    throw new LocusError('CONFIGURATION', `"${schema}" is not a valid schema name`);
  return schema;
};

/** Registers a date's folder as a partition of the external table (nothing when already there). */
export const addPartitionSql = (schema: string, date: CalendarDate, location: string): string =>
  `ALTER TABLE ${schemaName(schema)}.locations ADD IF NOT EXISTS PARTITION (dt=${sqlLiteral(calendarDate(date))}) ` +
  `LOCATION ${sqlLiteral(location)}`;

/**
 * The date's rows, each record id once (its earliest received copy), in report order. Every
 * column of the external table is text holding the contract's exact CSV field, so the output
 * round-trips byte for byte; fixed-width ISO UTC times sort as text in time order.
 */
export const reportSelectSql = (schema: string, date: CalendarDate): string =>
  `SELECT ${LOCATION_COLUMNS.join(', ')} FROM (` +
  'SELECT *, ROW_NUMBER() OVER (PARTITION BY record_id ORDER BY received_at) AS rn ' +
  `FROM ${schemaName(schema)}.locations WHERE dt = ${sqlLiteral(calendarDate(date))}` +
  ') AS copies WHERE rn = 1 ORDER BY device_id, recorded_at, record_id';

/** A text column as a double; empty text (an absent measurement) as NULL. */
const double = (column: string): string => `CAST(NULLIF(${column}, '') AS DOUBLE PRECISION) AS ${column}`;

/** An ISO UTC instant (`…T…Z`) as a UTC timestamp. */
const instant = (column: string): string => `CAST(${column} AS TIMESTAMPTZ) AS ${column}`;

/** `device_id` as the report cell: formula-like text gets a leading apostrophe, as in the CSV. */
const REPORT_DEVICE_ID =
  "CASE WHEN device_id ~ '^[=+@\\t\\r\\-＝＋－＠]' " +
  "AND NOT device_id ~ '^-?[0-9]+(\\.[0-9]+)?(e[+-]?[0-9]+)?$' THEN '''' || device_id ELSE device_id END AS device_id";

/**
 * The report's rows (those of {@link reportSelectSql}, in its order) with typed columns for the
 * Parquet: ids text, instants UTC timestamps, measurements doubles.
 */
export const reportParquetSelectSql = (schema: string, date: CalendarDate): string =>
  `SELECT record_id, ${REPORT_DEVICE_ID}, ${instant('recorded_at')}, ${double('latitude')}, ` +
  `${double('longitude')}, ${double('accuracy')}, ${double('altitude')}, ${double('speed')}, ` +
  `${double('heading')}, ${instant('received_at')} FROM (${reportSelectSql(schema, date)}) AS report`;

/** The largest file an UNLOAD writes (Redshift's own ceiling): a report is one Parquet file. */
const MAX_FILE_SIZE = '6.2 GB';

/**
 * Writes the report rows serially (ordered files) to `target` as CSV with a header, or as one
 * Parquet file, with a manifest (`<target>manifest`) that lists each file and its row count.
 */
export const unloadSql = (
  select: string,
  target: string,
  roleArn: string,
  format: 'csv' | 'parquet' = 'csv',
): string =>
  `UNLOAD (${sqlLiteral(select)}) TO ${sqlLiteral(target)} IAM_ROLE ${sqlLiteral(roleArn)} ` +
  (format === 'csv'
    ? 'FORMAT CSV HEADER PARALLEL OFF ALLOWOVERWRITE MANIFEST VERBOSE'
    : `FORMAT AS PARQUET PARALLEL OFF MAXFILESIZE ${MAX_FILE_SIZE} ALLOWOVERWRITE MANIFEST VERBOSE`);
