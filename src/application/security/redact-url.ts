import { TOKEN_QUERY_PARAMETER } from './query-token';

/** What stands in a logged URL for a value that must not be logged. */
export const REDACTED_VALUE = '***';

/**
 * Query parameters whose values never reach a log: the device token, and the coordinates of the
 * OsmAnd protocol (logs never hold coordinates).
 */
const REDACTED_PARAMETERS: ReadonlySet<string> = new Set([TOKEN_QUERY_PARAMETER, 'lat', 'lon', 'location']);

/** A parameter name as the query is read (percent-decoded, `+` as space), in lower case. */
const decodedName = (raw: string): string =>
  (new URLSearchParams(`${raw}=`).keys().next().value ?? '').toLowerCase();

/**
 * A request target (`/osmand?id=van&token=abc.xyz`) fit for a log line: the value of every
 * `token` parameter (and of `lat`, `lon`, `location`) replaced by `***`, however its name is
 * spelled (`%74oken`, `TOKEN`), everything else left as it was (`/osmand?id=van&token=***`).
 */
export const redactUrl = (target: string): string => {
  const mark = target.indexOf('?');
  if (mark < 0) return target;
  // Everything after `?` is read as the query (a stray `#` included), so all of it is redacted alike.
  const pairs = target
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      const name = pair.slice(0, equals);
      return REDACTED_PARAMETERS.has(decodedName(name)) ? `${name}=${REDACTED_VALUE}` : pair;
    });
  return `${target.slice(0, mark + 1)}${pairs.join('&')}`;
};
