import type { Container } from 'inversify';
import type { HttpSecurity } from '../../adapters/http/auth-hooks';
import type { Logger } from '../../adapters/logging/create-logger';
import { DownloadAccess } from '../../application/security/download-access';
import { IngestGuard } from '../../application/security/ingest-guard';
import { type PurgeOutcome, PurgeService } from '../../application/security/purge-service';
import { TokenService } from '../../application/security/token-service';
import type { LocusConfig } from '../../config/locus-config';
import { isLoopbackHost, type SecuritySettings } from '../../config/security-settings';
import { LocusError } from '../../ports/errors';

/** What `locus serve` hands its HTTP server to guard ingest and downloads. */
export const httpSecurity = (container: Container, settings: SecuritySettings): HttpSecurity => ({
  guard: container.get(IngestGuard),
  downloads: container.get(DownloadAccess),
  requestTimeoutMs: settings.requestTimeoutMs,
  idleTimeoutMs: settings.idleTimeoutMs,
});

/**
 * Refuses to serve an exposed server that no device could post to (auth on, no active token),
 * naming the two ways out; warns of what is open on purpose.
 */
export const checkServeSecurity = async (
  container: Container,
  config: LocusConfig,
  settings: SecuritySettings,
  logger: Logger,
): Promise<void> => {
  const where = `${config.http.host}:${config.http.port}`;
  if (settings.auth && !(await container.get(TokenService).hasActive('ingest'))) {
    throw new LocusError(
      'CONFIGURATION',
      `the server would listen on ${where}, where devices need a token, but there is none: ` +
        'create one with `locus token create --label NAME [--device ID]`, ' +
        'or set LOCUS_AUTH=off to take unauthenticated locations (anyone who can reach the server could post)',
    );
  }
  if (!settings.auth && !isLoopbackHost(config.http.host)) {
    logger.warn(
      { host: config.http.host },
      'LOCUS_AUTH=off: anyone who can reach this server can post locations',
    );
  }
  if (settings.downloads === 'public') {
    logger.warn('LOCUS_DOWNLOADS=public: anyone who can reach this server can download every report');
  }
};

/** Applies the retention setting, when there is one: every record dated before the cutoff is purged. */
export const runRetention = async (
  container: Container,
  settings: SecuritySettings,
): Promise<PurgeOutcome | null> => {
  if (settings.retentionDays === null) return null;
  const purge = container.get(PurgeService);
  return purge.purge({
    deviceId: null,
    before: purge.retentionCutoff(settings.retentionDays),
    reason: 'retention',
  });
};
