import type { SqlResult } from '../../adapters/local/duckdb-sql-console';

export const QUERY_FORMATS = ['table', 'csv', 'json'] as const;

export type QueryFormat = (typeof QUERY_FORMATS)[number];

const text = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

const csvField = (value: unknown): string => {
  const field = text(value);
  return /[",\r\n]/.test(field) || /^\s|\s$/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
};

/** RFC 4180 CSV with a header row and CRLF line ends; NULL is an empty field. */
export const formatCsv = (result: SqlResult): string =>
  `${[result.columns, ...result.rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;

/** One JSON object per row. */
export const formatJson = (result: SqlResult): string =>
  `${JSON.stringify(
    result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, row[i] ?? null]))),
    null,
    2,
  )}\n`;

/** An aligned table for a terminal: numbers to the right, NULL shown as such, and the row count. */
export const formatTable = (result: SqlResult): string => {
  const cells = result.rows.map((row) =>
    row.map((value) =>
      value === null || value === undefined ? 'NULL' : text(value).replace(/[\r\n\t]/g, ' '),
    ),
  );
  const widths = result.columns.map((column, c) =>
    Math.max(column.length, ...cells.map((row) => row[c]?.length ?? 0)),
  );
  const numeric = result.columns.map((_, c) =>
    result.rows.every((row) => row[c] === null || typeof row[c] === 'number'),
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, c) => (numeric[c] ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0)))
      .join(' | ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  const count = `(${result.rows.length} ${result.rows.length === 1 ? 'row' : 'rows'})`;
  return `${[line(result.columns), rule, ...cells.map(line), count].join('\n')}\n`;
};

export const formatSqlResult = (result: SqlResult, format: QueryFormat): string =>
  format === 'csv' ? formatCsv(result) : format === 'json' ? formatJson(result) : formatTable(result);
