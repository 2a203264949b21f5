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

/** The client format received at `method` `path` (exactly one of the routes above), if any. */
export const clientFormatFor = (method: string, path: string): ClientFormat | undefined => {
  const upper = method.toUpperCase();
  return CLIENT_ROUTES.find((route) => route.paths.includes(path) && route.methods.some((m) => m === upper))
    ?.format;
};
