import type { DateView } from '../../domain';

/**
 * Whether a date's report should be made (again): the date was partitioned and its report is
 * missing, made from an older revision, does not hold one row per record, or was refused last time.
 */
export const isReportDue = (day: DateView): boolean => {
  if (day.partition.revision === 0) return false;
  const { report, partition } = day;
  return (
    report.publishedAt === null ||
    report.partitionRevision !== partition.revision ||
    report.rowCount !== partition.recordCount ||
    report.rejected !== null
  );
};
