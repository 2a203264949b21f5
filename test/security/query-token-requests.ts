import { NOW } from '../http/http-fixture';

/** The OsmAnd protocol's parameters of one location of device `id`, a minute before {@link NOW}. */
export const osmAndParameters = (id: string, extra: Record<string, string> = {}): Record<string, string> => ({
  id,
  lat: '35.681236',
  lon: '139.767125',
  timestamp: String(NOW / 1000 - 60),
  accuracy: '12',
  ...extra,
});

/** The same location as the query string the OsmAnd protocol sends. */
export const osmAndQuery = (id: string, extra: Record<string, string> = {}): string =>
  new URLSearchParams(osmAndParameters(id, extra)).toString();
