import { type CredentialsResult, readCredentials } from './credentials';
import { splitToken } from './token-secret';

/** The query parameter that carries a device token (`?token=<id>.<secret>`) where headers cannot. */
export const TOKEN_QUERY_PARAMETER = 'token';

/**
 * Reads the token of a query string (`a=1&token=<id>.<secret>`, with or without the leading `?`):
 * none without the parameter; malformed when it is not a Locus token or is given more than once.
 */
export const readQueryToken = (query: string): CredentialsResult => {
  const values = new URLSearchParams(query.startsWith('?') ? query.slice(1) : query).getAll(
    TOKEN_QUERY_PARAMETER,
  );
  if (values.length === 0) return { kind: 'none' };
  const token = values.length === 1 ? splitToken(values[0] as string) : undefined;
  return token === undefined ? { kind: 'malformed' } : { kind: 'token', token };
};

/** Where a request's token was read from. */
export type TokenSource = 'header' | 'query';

/** The credentials a request presents, where they came from, and whether the query could hold them. */
export interface PresentedCredentials {
  readonly credentials: CredentialsResult;
  readonly source: TokenSource;
  readonly queryAccepted: boolean;
}

/**
 * The credentials of a request: the `Authorization` header when it holds anything (it wins),
 * else the `token` query parameter when `query` is given (a route that takes it), else none.
 */
export const presentedCredentials = (
  authorization: string | undefined,
  query: string | undefined,
): PresentedCredentials => {
  const queryAccepted = query !== undefined;
  const fromHeader = readCredentials(authorization);
  if (fromHeader.kind !== 'none' || query === undefined) {
    return { credentials: fromHeader, source: 'header', queryAccepted };
  }
  return { credentials: readQueryToken(query), source: 'query', queryAccepted };
};
