import type { ClientFormat } from './client-format';
import { osmAndFormat } from './osmand-format';
import { overlandFormat } from './overland-format';
import { ownTracksFormat } from './owntracks-format';

/** Where a client format is received. */
export interface ClientRoute {
  readonly format: ClientFormat;
  readonly methods: readonly ('GET' | 'POST')[];
  readonly paths: readonly string[];
}

/**
 * The routes of the client formats, the same on the local server and on API Gateway:
 * `POST /owntracks`, `POST /overland`, `GET|POST /osmand` and `GET|POST /` (Traccar Client's
 * default: the server's root, with the location in the query string).
 */
export const CLIENT_ROUTES: readonly ClientRoute[] = [
  { format: ownTracksFormat, methods: ['POST'], paths: ['/owntracks'] },
  { format: overlandFormat, methods: ['POST'], paths: ['/overland'] },
  { format: osmAndFormat, methods: ['GET', 'POST'], paths: ['/osmand', '/'] },
];

/** A path without its trailing slash (`/owntracks/` is `/owntracks`; `/` stays). */
export const routePath = (path: string): string =>
  path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;

/** The client format received at `method` `path` (one of the routes above, a trailing slash aside), if any. */
export const clientFormatFor = (method: string, path: string): ClientFormat | undefined => {
  const upper = method.toUpperCase();
  const target = routePath(path);
  return CLIENT_ROUTES.find((route) => route.paths.includes(target) && route.methods.some((m) => m === upper))
    ?.format;
};

/** The methods an ingest route takes (`POST /locations` and the apps' routes); none for another path. */
export const ingestMethodsOf = (path: string): readonly string[] => {
  const target = routePath(path);
  if (target === '/locations') return ['POST'];
  return [...(CLIENT_ROUTES.find((route) => route.paths.includes(target))?.methods ?? [])].sort();
};
