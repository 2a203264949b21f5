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

/**
 * Writes the report rows as CSV with a header, serially (ordered files), to `target`, with a
 * manifest (`<target>manifest`) that lists each file and its row count.
 */
export const unloadSql = (select: string, target: string, roleArn: string): string =>
  `UNLOAD (${sqlLiteral(select)}) TO ${sqlLiteral(target)} IAM_ROLE ${sqlLiteral(roleArn)} ` +
  'FORMAT CSV HEADER PARALLEL OFF ALLOWOVERWRITE MANIFEST VERBOSE';
