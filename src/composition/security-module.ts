import { ContainerModule } from 'inversify';
import { DownloadAccess } from '../application/security/download-access';
import { IngestGuard } from '../application/security/ingest-guard';
import type { SecuritySettings } from '../application/security/security-settings';
import { LinkVerifier } from '../application/security/signed-links';
import { TokenService } from '../application/security/token-service';
import { TokenVerifier } from '../application/security/token-verifier';
import { TOKENS } from '../application/tokens';

/** The security services (token checks, ingest guard, download access, token management) over the ports. */
export const securityModule = (settings: SecuritySettings): ContainerModule =>
  new ContainerModule(({ bind }) => {
    bind(TOKENS.SecuritySettings).toConstantValue(settings);
    bind(TokenVerifier).toSelf().inSingletonScope();
    bind(LinkVerifier).toSelf().inSingletonScope();
    bind(IngestGuard).toSelf().inSingletonScope();
    bind(DownloadAccess).toSelf().inSingletonScope();
    bind(TokenService).toSelf().inSingletonScope();
  });
