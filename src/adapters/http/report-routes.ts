import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ReportCatalog } from '../../application/status/report-catalog';
import { isCalendarDate } from '../../domain';

const REPORT_FILE = /^(\d{4}-\d{2}-\d{2})\.csv$/;

export interface ReportRoutesDeps {
  readonly reports: Pick<ReportCatalog, 'list' | 'open'>;
}

/**
 * `GET /reports`: the published days with their row counts; `GET /reports/YYYY-MM-DD.csv`: one
 * day's CSV, streamed. Reports hold people's locations: they are never cached.
 */
export const registerReportRoutes = (app: FastifyInstance, deps: ReportRoutesDeps): void => {
  app.get('/reports', async (_request, reply) => {
    const reports = (await deps.reports.list()).map((report) => ({
      ...report,
      url: `/reports/${report.date}.csv`,
    }));
    return reply.header('cache-control', 'no-store').send({ reports });
  });

  app.get<{ Params: { file: string } }>('/reports/:file', async (request, reply) => {
    const date = REPORT_FILE.exec(request.params.file)?.[1];
    const body = date !== undefined && isCalendarDate(date) ? await deps.reports.open(date) : undefined;
    if (date === undefined || body === undefined) {
      return reply.code(404).send({
        error: 'not_found',
        message: `no report ${request.params.file}; GET /reports lists them (YYYY-MM-DD.csv)`,
      });
    }
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="locations-${date}.csv"`)
      .header('cache-control', 'no-store')
      .send(body instanceof Readable ? body : Readable.from(body));
  });
};
