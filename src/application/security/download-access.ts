import { inject, injectable } from 'inversify';
import { TOKENS } from '../tokens';
import { unauthorized } from './ingest-guard';
import { type Refusal, refusal } from './refusal';
import type { SecuritySettings } from './security-settings';
import { LinkVerifier } from './signed-links';
import { TokenVerifier } from './token-verifier';

/** A download request as the guard sees it. */
export interface DownloadRequest {
  /** The path asked for (`/reports`, `/reports/2026-11-28.csv`), without the query. */
  readonly path: string;
  readonly authorization: string | undefined;
  readonly expires: string | undefined;
  readonly signature: string | undefined;
}

/**
 * Who may read reports: with private downloads, a download token (`Authorization: Bearer`) or a
 * signed link to that one report that has not expired. Device tokens never read reports.
 */
@injectable()
export class DownloadAccess {
  constructor(
    @inject(TokenVerifier) private readonly verifier: TokenVerifier,
    @inject(LinkVerifier) private readonly links: LinkVerifier,
    @inject(TOKENS.SecuritySettings) private readonly settings: SecuritySettings,
  ) {}

  /** `undefined` when the request may be served; otherwise why not. */
  async check(request: DownloadRequest): Promise<Refusal | undefined> {
    if (this.settings.downloads !== 'private') return undefined;
    if (request.signature !== undefined || request.expires !== undefined) {
      const link = await this.links.check(request.path, request.expires, request.signature);
      if (link === 'valid') return undefined;
      return link === 'expired'
        ? refusal('link_expired', 'this download link has expired; ask for a new one (locus report-url)')
        : refusal('link_invalid', 'this download link is not valid for this report');
    }
    const auth = await this.verifier.verify(request.authorization, 'download');
    return auth.ok ? undefined : unauthorized(auth.reason);
  }
}
