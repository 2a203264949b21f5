import { ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import { InMemorySigningKeys, InMemoryTokenStore } from '../adapters/memory/in-memory-token-store';
import { DownloadAccess } from '../application/security/download-access';
import { IngestGuard } from '../application/security/ingest-guard';
import type { SecuritySettings } from '../application/security/security-settings';
import { HmacReportLinks, LinkVerifier } from '../application/security/signed-links';
import { TokenService } from '../application/security/token-service';
import { TokenVerifier } from '../application/security/token-verifier';
import { TOKENS } from '../application/tokens';

/** Binds a profile's token store and signing keys, or its report links. */
export type SecurityStoresBinder = (options: ContainerModuleLoadOptions) => void;

/** The `memory` profile's token store and keys: in process memory. */
export const memorySecurityStores: SecurityStoresBinder = ({ bind }) => {
  bind(TOKENS.TokenStore).to(InMemoryTokenStore).inSingletonScope();
  bind(TOKENS.SigningKeys).to(InMemorySigningKeys).inSingletonScope();
};

/** Links signed with the profile's key, served by the local server (memory and local profiles). */
export const signedReportLinks: SecurityStoresBinder = ({ bind }) => {
  bind(TOKENS.ReportLinks).to(HmacReportLinks).inSingletonScope();
};

/**
 * The security settings and services (token checks, ingest guard, download access, token
 * management) over the stores and links a profile binds.
 */
export const securityModule = (
  settings: SecuritySettings,
  stores: SecurityStoresBinder,
  links: SecurityStoresBinder = signedReportLinks,
): ContainerModule =>
  new ContainerModule((options) => {
    const { bind } = options;
    bind(TOKENS.SecuritySettings).toConstantValue(settings);
    stores(options);
    links(options);
    bind(TokenVerifier).toSelf().inSingletonScope();
    bind(LinkVerifier).toSelf().inSingletonScope();
    bind(IngestGuard).toSelf().inSingletonScope();
    bind(DownloadAccess).toSelf().inSingletonScope();
    bind(TokenService).toSelf().inSingletonScope();
  });
