import { LOCATION_COLUMNS } from '../../domain';
import { sqlString } from './duckdb-engine';

/** DuckDB's memory ceiling in the partition phase; the staged rows and large sorts spill to disk. */
export const MEMORY_LIMIT = '128MB';

/**
 * A part's merge keeps one row per record id in a hash aggregate that must fit in memory: its
 * ceiling grows with the part's records (about 1 KiB each), from {@link MEMORY_LIMIT} up to
 * 768 MiB (a peak day's parts of 375,000 records ran out of 128 MB).
 */
export const mergeMemoryLimit = (records: number): string =>
  `${Math.min(768, Math.max(128, Math.ceil(records / 1024)))}MB`;

/** The first byte of a record id (two lower-case hex digits) as a number. */
export const ID_BYTE = `((strpos('0123456789abcdef', substr(record_id, 1, 1)) - 1) * 16 +
  (strpos('0123456789abcdef', substr(record_id, 2, 1)) - 1))`;

export const COLUMNS = LOCATION_COLUMNS.join(', ');

/** A record's date in the zone: the UTC date of its text, or the date of its instant in the zone. */
export const dateSql = (timeZone: string): string =>
  timeZone === 'UTC' || timeZone === 'Etc/UTC'
    ? 'substr(recorded_at, 1, 10)'
    : `strftime(timezone(${sqlString(timeZone)}, TRY_CAST(recorded_at AS TIMESTAMPTZ)), '%Y-%m-%d')`;

/**
 * The statement that rewrites one part: the earliest received copy of each of its fresh ids
 * (`freshSource`: the part's staged rows, {@link COLUMNS}), merged with the part's old rows read
 * by `oldSource` (`null` when the part is new): an old row is replaced by a fresh copy received
 * earlier.
 */
export const mergedPartSql = (freshSource: string, oldSource: string | null): string => {
  // The earliest received copy of each id. Repeated ids are few (a resent record), so they are
  // found first by a hash aggregate over the id alone; the rows of the others are copied as they
  // are, and only the repeated ones go through an aggregate over whole rows (over every row, that
  // aggregate made a nominal day's partition 0.5–2 s slower; a window over record_id sorts, at
  // about twice its cost).
  const freshSql = `WITH part_rows AS MATERIALIZED (SELECT ${COLUMNS} FROM ${freshSource}),
      repeated AS (SELECT record_id FROM part_rows GROUP BY record_id HAVING count(*) > 1)
    SELECT * FROM part_rows ANTI JOIN repeated USING (record_id)
    UNION ALL
    SELECT unnest(arg_min(copies, copies.received_at))
    FROM (SELECT part_rows.* FROM part_rows SEMI JOIN repeated USING (record_id)) AS copies
    GROUP BY copies.record_id`;
  if (oldSource === null) return freshSql;
  return `WITH fresh AS (${freshSql}), old AS (SELECT * FROM ${oldSource})
           SELECT ${LOCATION_COLUMNS.map(
             (column) =>
               `CASE WHEN fresh.record_id IS NOT NULL AND fresh.received_at < old.received_at THEN fresh.${column} ELSE old.${column} END AS ${column}`,
           ).join(', ')}
           FROM old LEFT JOIN fresh ON fresh.record_id = old.record_id
           UNION ALL
           SELECT ${LOCATION_COLUMNS.map((column) => `fresh.${column}`).join(', ')}
           FROM fresh ANTI JOIN old ON fresh.record_id = old.record_id`;
};

/**
 * The record ids staged more than once in a date (a resent record, a message delivered twice),
 * found by a hash of the id first (an aggregate over 8-byte keys instead of the ids' text), then by
 * the id itself: `keep`, the row of the copy kept (the earliest received), and `extra`, the copies
 * dropped. Each date keeps its own copy, as each date's parts are merged on their own (copies of
 * one id in two dates are not the same record: its id is a hash of its content, time included).
 */
export const REPEATED_IDS_SQL = `CREATE TABLE repeated AS
  SELECT record_id, dt, arg_min(rowid, received_at) AS keep, any_value(id_byte) AS id_byte,
    (count(*) - 1)::BIGINT AS extra
  FROM staged
  WHERE valid AND hash(record_id) IN (
    SELECT h FROM (SELECT hash(record_id) AS h FROM staged WHERE valid GROUP BY h HAVING count(*) > 1))
  GROUP BY record_id, dt HAVING count(*) > 1`;

/** Marks the staged copies of a repeated record id that are not kept. */
export const MARK_LATER_COPIES_SQL = `UPDATE staged SET later_copy = true WHERE rowid IN (
  SELECT staged.rowid FROM staged JOIN repeated USING (record_id, dt) WHERE staged.rowid <> repeated.keep)`;

/** The dropped copies of each date by id byte (rows `dt`, `id_byte`, `n`), as {@link countIdByte} adds them up. */
export const COPIES_BY_ID_BYTE_SQL =
  'SELECT dt, id_byte, sum(extra)::BIGINT AS n FROM repeated GROUP BY dt, id_byte';

/** DuckDB's CSV writer set to the contract's lines: no header, RFC 4180 quotes. */
export const PART_CSV_OPTIONS = `FORMAT csv, HEADER false, DELIMITER ',', QUOTE '"', ESCAPE '"'`;

/**
 * The statement that writes the staged records of one date, one copy of each record id, one CSV
 * folder per part (`<folder>/part=<index>/`), the part of a record being the one its id's first
 * byte falls in.
 */
export const splitByPartSql = (date: string, of: number, folder: string): string =>
  `COPY (SELECT ${COLUMNS}, id_byte * ${of} // 256 AS part FROM staged
     WHERE dt = ${sqlString(date)} AND valid AND NOT later_copy)
   TO ${sqlString(folder)} (${PART_CSV_OPTIONS}, PARTITION_BY (part))`;

/** A part's staged records, from its date's counts by id byte: the bytes {@link splitByPartSql} sends to it. */
export const partRecords = (byIdByte: readonly number[], part: { index: number; of: number }): number =>
  byIdByte.reduce(
    (sum, n, idByte) => (Math.floor((idByte * part.of) / 256) === part.index ? sum + n : sum),
    0,
  );

/**
 * Adds one row of the staging count by date and id byte (`dt`, `id_byte`, `n`) to the date's 256
 * counts by id byte; rows that are not records (`dt` 'invalid') belong to no part.
 */
export const countIdByte = (byIdByte: Map<string, number[]>, row: Record<string, unknown>): void => {
  const date = String(row.dt);
  if (date === 'invalid') return;
  let counts = byIdByte.get(date);
  if (counts === undefined) {
    counts = new Array<number>(256).fill(0);
    byIdByte.set(date, counts);
  }
  counts[Number(row.id_byte)] = Number(row.n);
};
