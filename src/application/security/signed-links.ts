import { createHmac, timingSafeEqual } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { CalendarDate } from '../../domain';
import type { Clock, ReportFormat, ReportLinks, SigningKeys } from '../../ports';
import { TOKENS } from '../tokens';
import type { SecuritySettings } from './security-settings';

/** The name of the key that signs download links. */
export const LINK_KEY = 'report-links';

/** The path a report file is served at by the local server. */
export const reportPath = (date: CalendarDate, format: ReportFormat = 'csv'): string =>
  `/reports/${date}.${format}`;

/** The signature of a link to `path` that expires at `expires` (epoch seconds). */
export const signLink = (key: Uint8Array, path: string, expires: number): string =>
  createHmac('sha256', key).update(`GET\n${path}\n${expires}`).digest('base64url');

export type LinkCheck = 'valid' | 'expired' | 'invalid';

/**
 * Checks a signed link: the signature must be the one of this path and expiry (compared in
 * constant time) and the expiry still ahead. A link whose expiry was changed fails the signature.
 */
export const checkLink = (
  key: Uint8Array,
  path: string,
  expiresText: string | undefined,
  signature: string | undefined,
  nowMs: number,
): LinkCheck => {
  if (expiresText === undefined || signature === undefined || !/^\d{1,12}$/.test(expiresText))
    return 'invalid';
  const expires = Number(expiresText);
  const expected = Buffer.from(signLink(key, path, expires), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'invalid';
  return expires * 1000 > nowMs ? 'valid' : 'expired';
};

/**
 * Signed links to the local server's reports: `<publicUrl>/reports/D.csv?expires=<s>&signature=<hmac>` (or `D.parquet`),
 * signed with a key kept by the profile (the same key in every process of one data folder).
 */
@injectable()
export class HmacReportLinks implements ReportLinks {
  constructor(
    @inject(TOKENS.keys) private readonly keys: SigningKeys,
    @inject(TOKENS.SecuritySettings) private readonly settings: SecuritySettings,
  ) {}

  async linkFor(date: CalendarDate, expiresAt: number, format: ReportFormat = 'csv'): Promise<string> {
    const expires = Math.ceil(expiresAt / 1000);
    const path = reportPath(date, format);
    const signature = signLink(await this.keys.key(LINK_KEY), path, expires);
    return `${this.settings.publicUrl}${path}?expires=${expires}&signature=${signature}`;
  }
}

/** Verifies signed links against the profile's key (the local server's side of {@link HmacReportLinks}). */
@injectable()
export class LinkVerifier {
  constructor(
    @inject(TOKENS.keys) private readonly keys: SigningKeys,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {}

  async check(path: string, expires: string | undefined, signature: string | undefined): Promise<LinkCheck> {
    return checkLink(await this.keys.key(LINK_KEY), path, expires, signature, this.clock.now());
  }
}
