import { splitToken } from './token-secret';

/** A token read from a request: its id and secret. */
export interface PresentedToken {
  readonly id: string;
  readonly secret: string;
}

/** What the `Authorization` header held. */
export type CredentialsResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'token'; readonly token: PresentedToken };

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;
const BASIC = /^Basic[ ]+([A-Za-z0-9+/=]+)\s*$/i;

/**
 * Reads the token from an `Authorization` header: `Bearer <id>.<secret>`, or HTTP Basic (what
 * common tracking apps send) with the token as password (any user name), or the id as user name
 * and the secret as password.
 */
export const readCredentials = (authorization: string | undefined): CredentialsResult => {
  if (authorization === undefined || authorization.trim() === '') return { kind: 'none' };
  const bearer = BEARER.exec(authorization);
  if (bearer !== null) {
    const token = splitToken(bearer[1] as string);
    return token === undefined ? { kind: 'malformed' } : { kind: 'token', token };
  }
  const basic = BASIC.exec(authorization);
  if (basic !== null) {
    const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { kind: 'malformed' };
    const user = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const token = splitToken(password) ?? splitToken(`${user}.${password}`);
    return token === undefined ? { kind: 'malformed' } : { kind: 'token', token };
  }
  return { kind: 'malformed' };
};
