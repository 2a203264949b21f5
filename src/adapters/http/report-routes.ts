import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ReportCatalog } from '../../application/status/report-catalog';
import { isCalendarDate } from '../../domain';
import { type ReportFormat, reportContentType } from '../../ports';

const REPORT_FILE = /^(\d{4}-\d{2}-\d{2})\.(csv|parquet)$/;

export interface ReportRoutesDeps {
  readonly reports: Pick<ReportCatalog, 'list' | 'open'>;
}

/**
 * `GET /reports`: the published days with their row counts; `GET /reports/YYYY-MM-DD.csv` (or
 * `.parquet`): one day's CSV (or Parquet), streamed. Reports hold people's locations: they are never cached.
 */
export const registerReportRoutes = (app: FastifyInstance, deps: ReportRoutesDeps): void => {
  app.get('/reports', async (_request, reply) => {
    const reports = (await deps.reports.list()).map((report) => ({
      ...report,
      url: `/reports/${report.date}.csv`,
      parquetUrl: report.parquet === null ? null : `/reports/${report.date}.parquet`,
    }));
    return reply.header('cache-control', 'no-store').send({ reports });
  });

  app.get<{ Params: { file: string } }>('/reports/:file', async (request, reply) => {
    const match = REPORT_FILE.exec(request.params.file);
    const date = match?.[1];
    const format = (match?.[2] ?? 'csv') as ReportFormat;
    const body =
      date !== undefined && isCalendarDate(date) ? await deps.reports.open(date, format) : undefined;
    if (date === undefined || body === undefined) {
      return reply.code(404).send({
        error: 'not_found',
        message: `no report ${request.params.file}; GET /reports lists them (YYYY-MM-DD.csv, YYYY-MM-DD.parquet)`,
      });
    }
    return reply
      .header('content-type', reportContentType(format))
      .header('content-disposition', `attachment; filename="locations-${date}.${format}"`)
      .header('cache-control', 'no-store')
      .send(body instanceof Readable ? body : Readable.from(body));
  });
};
