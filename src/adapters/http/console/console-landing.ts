import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';

/** Where the console is served. */
export const CONSOLE_PATH = '/console/';

const LANDING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Locus</title></head>
<body><p>Locus collects device locations. The web console is at <a href="${CONSOLE_PATH}">${CONSOLE_PATH}</a>.</p></body></html>
`;

/**
 * Whether a request to `/` is a person's browser rather than a tracking app's report: a `GET`
 * that asks for HTML and carries no query at all (an OsmAnd report always carries `id`, `lat`, …).
 */
export const isBrowserLanding = (request: FastifyRequest): boolean =>
  request.method === 'GET' &&
  !request.url.includes('?') &&
  (request.headers.accept ?? '').includes('text/html');

const landing = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
  if (!isBrowserLanding(request)) return undefined;
  return reply
    .code(302)
    .header('location', CONSOLE_PATH)
    .header('content-type', 'text/html; charset=utf-8')
    .send(LANDING_PAGE);
};

/**
 * Sends a browser that opens `/` to the console, before the OsmAnd route (also at `/`) and its
 * guards see the request; only that route pays for the check. Must run before the routes are added
 * and before the security hooks, so that it comes first.
 */
export const registerConsoleLanding = (app: FastifyInstance): void => {
  app.addHook('onRoute', (route) => {
    const methods: readonly HTTPMethods[] = [route.method].flat();
    if (route.url !== '/' || !methods.includes('GET')) return;
    const own = route.onRequest === undefined ? [] : [route.onRequest].flat();
    route.onRequest = [landing, ...own];
  });
};
