import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DownloadAccess } from '../../../application/security/download-access';
import type { IngestGuard } from '../../../application/security/ingest-guard';
import type { DayReconciliation, ReportCatalog, StatusService } from '../../../application/status';
import type { ConsoleSettings } from '../../../config/console-settings';
import { type CalendarDate, isCalendarDate } from '../../../domain';
import type { Clock, ReportLinks } from '../../../ports';
import { type ConsoleAccess, ConsoleGate, grantView, mayRead } from './console-gate';
import { CONSOLE_PATH } from './console-landing';
import { datesOf, dayView, type NextRuns, pipelineView } from './console-views';
import type { TrackLimits } from './day-tracks';
import { DayTracksCache } from './day-tracks-cache';

/** The page and its scripts: plain files, no build step. */
export const CONSOLE_ASSETS = path.resolve(__dirname, '../../../../console');

/** Leaflet's own files, served from the installed package (nothing is fetched from elsewhere). */
const LEAFLET_DIST = path.dirname(require.resolve('leaflet/dist/leaflet.js'));

/** How long a download link minted for a token's session lasts. */
const LINK_MS = 15 * 60_000;

/** Days listed at most. */
const MAX_DAYS = 366;

export interface ConsoleDeps {
  readonly status: Pick<StatusService, 'pipeline' | 'reconcile' | 'reconcileAll'>;
  readonly settings: ConsoleSettings;
  /** The next runs of the server's schedules; absent where no schedule runs. */
  readonly nextRuns?: () => NextRuns;
  /** Mints the download links of a token's session (downloads private). */
  readonly links?: Pick<ReportLinks, 'linkFor'>;
  readonly trackLimits?: TrackLimits;
  /** Whether the session cookie is for HTTPS only. */
  readonly secureCookie?: boolean;
}

export interface ConsoleRouteDeps extends ConsoleDeps {
  readonly reports: Pick<ReportCatalog, 'list' | 'open'>;
  readonly clock: Clock;
  readonly security?: {
    readonly downloads: Pick<DownloadAccess, 'check'>;
    readonly guard: Pick<IngestGuard, 'limitAddress'>;
  };
}

const contentSecurityPolicy = (settings: ConsoleSettings): string => {
  const tiles = settings.tileUrl === null ? '' : ` ${new URL(settings.tileUrl.replace(/[{}]/g, '')).origin}`;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data:${tiles}`,
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
};

const refuse = (reply: FastifyReply, access: ConsoleAccess, date?: CalendarDate): FastifyReply => {
  if (access.kind === 'none') return reply.code(access.refusal.status).send(access.refusal.body);
  return reply.code(403).send({
    error: 'forbidden',
    message: date === undefined ? 'this session opens one day only' : `this session does not open ${date}`,
  });
};

/**
 * The web console under `/console/`: the page, Leaflet, and a JSON API that maps the status
 * service's answers (the same that `locus status` prints) and the day's report for the map.
 * Everything but the page and its scripts passes the console's gate (the download rules).
 */
export const registerConsole = (app: FastifyInstance, deps: ConsoleRouteDeps): void => {
  const gate = new ConsoleGate({
    downloads: deps.security?.downloads,
    guard: deps.security?.guard,
    now: () => deps.clock.now(),
    secureCookie: deps.secureCookie ?? false,
  });
  const tracks = new DayTracksCache(deps.reports, deps.trackLimits);
  const csp = contentSecurityPolicy(deps.settings);

  app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', csp);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      return payload;
    });
    await scope.register(fastifyStatic, { root: CONSOLE_ASSETS, prefix: CONSOLE_PATH, wildcard: false });
    await scope.register(fastifyStatic, {
      root: LEAFLET_DIST,
      prefix: `${CONSOLE_PATH}vendor/leaflet/`,
      wildcard: false,
      decorateReply: false,
    });
    // `/console` reaches the page too (trailing slashes are ignored), but the page's relative
    // links need the slash: send the browser there.
    scope.addHook('onRequest', async (request, reply) => {
      if (request.url.split('?')[0] === CONSOLE_PATH.slice(0, -1)) return reply.redirect(CONSOLE_PATH);
      return undefined;
    });

    scope.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith(`${CONSOLE_PATH}api/`)) return undefined;
      reply.header('cache-control', 'no-store');
      return gate.limit(request, reply);
    });

    scope.get('/console/api/access', async (request) => {
      const access = await gate.access(request);
      return {
        open: access.kind === 'open',
        ...grantView(access.kind === 'session' ? access.grant : undefined),
        map: { tileUrl: deps.settings.tileUrl, tileAttribution: deps.settings.tileAttribution },
      };
    });
    scope.post('/console/api/session', (request, reply) => gate.login(request, reply));
    scope.delete('/console/api/session', (request, reply) => gate.logout(request, reply));

    const downloadUrl = async (access: ConsoleAccess, date: CalendarDate): Promise<string> => {
      const plain = `/reports/${date}.csv`;
      if (access.kind !== 'session') return plain;
      if (access.grant.scope === 'day') {
        const { expires, signature } = access.grant;
        return `${plain}?expires=${encodeURIComponent(expires)}&signature=${encodeURIComponent(signature)}`;
      }
      if (deps.links === undefined) return plain;
      const link = await deps.links.linkFor(date, deps.clock.now() + LINK_MS);
      // A link to this server's own route is given as a path, to be followed where the page came from.
      const url = new URL(link);
      return url.pathname === plain ? `${url.pathname}${url.search}` : link;
    };

    const withDownload = async (access: ConsoleAccess, reconciled: DayReconciliation) => {
      const day = dayView(reconciled);
      return { ...day, download: day.reported === null ? null : await downloadUrl(access, day.date) };
    };
    const dayOf = async (access: ConsoleAccess, date: CalendarDate) =>
      withDownload(access, await deps.status.reconcile(date));

    scope.get<{ Querystring: { limit?: string } }>('/console/api/days', async (request, reply) => {
      const access = await gate.access(request);
      if (access.kind === 'none') return refuse(reply, access);
      const pipeline = await deps.status.pipeline(0);
      const limit = Math.min(MAX_DAYS, Math.max(1, Number(request.query.limit) || 31));
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: pipeline.timeZone }).format(
        deps.clock.now(),
      );
      const dates =
        access.kind === 'session' && access.grant.scope === 'day'
          ? [access.grant.date]
          : datesOf(pipeline, today, limit);
      // One reading of the journal for every listed day.
      const days = [];
      for (const day of await deps.status.reconcileAll(dates)) days.push(await withDownload(access, day));
      return { timeZone: pipeline.timeZone, today, days };
    });

    /** A route of one date, answered once the date is one and the access may read it. */
    const dayRoute =
      (answer: (access: ConsoleAccess, date: CalendarDate) => Promise<unknown>) =>
      async (request: FastifyRequest<{ Params: { date: string } }>, reply: FastifyReply) => {
        const { date } = request.params;
        if (!isCalendarDate(date))
          return reply.code(404).send({ error: 'not_found', message: `no date ${date}` });
        const access = await gate.access(request);
        return mayRead(access, date) ? answer(access, date) : refuse(reply, access, date);
      };

    scope.get('/console/api/days/:date', dayRoute(dayOf));
    scope.get(
      '/console/api/days/:date/tracks',
      dayRoute(async (_access, date) => {
        const day = await tracks.get(date);
        return day === undefined ? { date, available: false } : { date, available: true, ...day };
      }),
    );

    scope.get('/console/api/pipeline', async (request, reply) => {
      const access = await gate.access(request);
      if (!mayRead(access)) return refuse(reply, access);
      return pipelineView(await deps.status.pipeline(50), deps.nextRuns?.() ?? null);
    });
  });
};
