import { LOCATION_COLUMNS } from '../../domain';
import { sqlString } from './duckdb-engine';

/** The CSV reader's buffer per file and thread; no record line comes near it. */
const CSV_BUFFER_BYTES = 1 << 20;

const VARCHAR_COLUMNS = `{${LOCATION_COLUMNS.map((column) => `${sqlString(column)}: 'VARCHAR'`).join(', ')}}`;

/**
 * `read_csv` over files of the contract's CSV lines (no header, no hive folders), every column
 * VARCHAR (an empty field reads as NULL); `filename` adds the column of that name.
 */
export const locationCsvSource = (files: readonly string[], filename = false): string =>
  `read_csv([${files.map(sqlString).join(', ')}], columns = ${VARCHAR_COLUMNS}, header = false,
    auto_detect = false, delim = ',', quote = '"', escape = '"', buffer_size = ${CSV_BUFFER_BYTES},
    max_line_size = ${CSV_BUFFER_BYTES}, hive_partitioning = false${filename ? ', filename = true' : ''})`;

/**
 * An instant as the codec reads it: `YYYY-MM-DDTHH:mm:ss.sssZ` (24 characters, so every field
 * has its full width), a real date and time.
 */
const instant = (column: string): string =>
  `(length(${column}) = 24 AND try_strptime(${column}, '%Y-%m-%dT%H:%M:%S.%gZ') IS NOT NULL)`;

const finite = (column: string): string => `coalesce(isfinite(TRY_CAST(${column} AS DOUBLE)), false)`;

/**
 * Whether a row of {@link locationCsvSource} is a record as the domain's codec reads one: a
 * 32-hex-digit id, a device id, two instants, finite numbers (latitude and longitude required).
 * It refuses what the codec refuses; the rare texts the codec also reads (a number in hex) are
 * refused here too, which sets their batch aside rather than filing it.
 */
export const validRowSql = `coalesce(
  regexp_matches(record_id, '^[0-9a-f]{32}$') AND device_id IS NOT NULL
  AND ${instant('recorded_at')} AND ${instant('received_at')}
  AND ${finite('latitude')} AND ${finite('longitude')}
  AND (accuracy IS NULL OR ${finite('accuracy')}) AND (altitude IS NULL OR ${finite('altitude')})
  AND (speed IS NULL OR ${finite('speed')}) AND (heading IS NULL OR ${finite('heading')}), false)`;
