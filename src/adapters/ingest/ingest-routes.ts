import type { ClientFormat, ClientName } from './client-format';
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

/** The native ingest path. */
export const LOCATIONS_PATH = '/locations';

/**
 * The apps that cannot send an `Authorization` header (OsmAnd and Traccar Client, on
 * `GET|POST /osmand` and `GET|POST /`): only their routes read a token from the query string.
 */
const QUERY_TOKEN_CLIENTS: ReadonlySet<ClientName> = new Set(['osmand']);

/** Whether the route of `format` (none: the native route) takes the device token from the query. */
export const acceptsQueryToken = (format: ClientFormat | undefined): boolean =>
  format !== undefined && QUERY_TOKEN_CLIENTS.has(format.name);

/** One ingest route: a path, the methods it takes, and the app whose format it reads (none: the native one). */
export interface IngestRoute {
  readonly path: string;
  readonly methods: readonly string[];
  readonly format: ClientFormat | undefined;
  /** Whether the device token may come as `?token=` (apps that cannot send a header). */
  readonly tokenInQuery: boolean;
}

/** Every ingest route: `POST /locations`, then the tracking apps' routes, one per path. */
export const INGEST_ROUTES: readonly IngestRoute[] = [
  { path: LOCATIONS_PATH, methods: ['POST'], format: undefined, tokenInQuery: false },
  ...CLIENT_ROUTES.flatMap((route) =>
    route.paths.map((path) => ({
      path,
      methods: [...route.methods].sort(),
      format: route.format,
      tokenInQuery: acceptsQueryToken(route.format),
    })),
  ),
];

/** A path without its trailing slash (`/owntracks/` is `/owntracks`; `/` stays). */
export const routePath = (path: string): string =>
  path.length > 1 && path.endsWith('/') ? path.replace(/\/+$/, '') || '/' : path;

const routeAt = (path: string): IngestRoute | undefined => {
  const target = routePath(path);
  return INGEST_ROUTES.find((route) => route.path === target);
};

/** The ingest route that takes `method` at `path` (a trailing slash aside), if any. */
export const ingestRouteOf = (method: string, path: string): IngestRoute | undefined => {
  const route = routeAt(path);
  const upper = method.toUpperCase();
  return route?.methods.includes(upper) === true ? route : undefined;
};

/** The methods an ingest route takes (`POST /locations` and the apps' routes); none for another path. */
export const ingestMethodsOf = (path: string): readonly string[] => routeAt(path)?.methods ?? [];
