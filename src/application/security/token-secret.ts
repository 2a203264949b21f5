import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A token's public id: 12 lower-case letters and digits. */
export const TOKEN_ID = /^[a-z0-9]{12}$/;

/** A token as clients send it: `<id>.<secret>`, the secret 43 base64url characters (256 bits). */
const TOKEN = /^([a-z0-9]{12})\.([A-Za-z0-9_-]{43})$/;

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HASH_SCHEME = 'sha256';

/** A fresh token: its id, its secret, and the text the client sends. */
export interface IssuedSecret {
  readonly id: string;
  readonly secret: string;
  readonly token: string;
}

/** Makes a new random token (48 bits of id, 256 bits of secret). */
export const issueSecret = (): IssuedSecret => {
  const bytes = randomBytes(12);
  let id = '';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  const secret = randomBytes(32).toString('base64url');
  return { id, secret, token: `${id}.${secret}` };
};

/** Splits `<id>.<secret>`; `undefined` when the text does not have that shape. */
export const splitToken = (token: string): { id: string; secret: string } | undefined => {
  const match = TOKEN.exec(token);
  return match === null ? undefined : { id: match[1] as string, secret: match[2] as string };
};

const digest = (salt: Buffer, secret: string): Buffer =>
  createHash('sha256').update(salt).update(secret, 'utf8').digest();

/**
 * The stored form of a secret: `sha256$<salt>$<digest>` (base64url). The secrets are 256 random
 * bits, so a salted SHA-256 cannot be reversed by guessing; a slow hash (scrypt) would only make
 * every uncached request pay for it.
 */
export const hashSecret = (secret: string): string => {
  const salt = randomBytes(16);
  return `${HASH_SCHEME}$${salt.toString('base64url')}$${digest(salt, secret).toString('base64url')}`;
};

/** A stored hash that matches nothing, compared against when the id is unknown (same work, same time). */
export const DECOY_HASH = hashSecret(randomBytes(32).toString('base64url'));

/** Whether a secret matches a stored hash; the comparison takes the same time wherever they differ. */
export const secretMatches = (secret: string, stored: string): boolean => {
  const [scheme, saltText, digestText] = stored.split('$');
  if (scheme !== HASH_SCHEME || saltText === undefined || digestText === undefined) return false;
  const expected = Buffer.from(digestText, 'base64url');
  const actual = digest(Buffer.from(saltText, 'base64url'), secret);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
};
