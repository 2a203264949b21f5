import type { Container } from 'inversify';
import {
  readSecuritySettings,
  type SecuritySettings,
} from '../../../src/application/security/security-settings';
import { awsSecurityStores, hasTokenPath } from '../../../src/composition/aws-security-stores';
import { memorySecurityStores, securityModule } from '../../../src/composition/security-binders';
import type { LocusConfig } from '../../../src/config/locus-config';

/**
 * The security settings of `parse_request`: it is exposed (tokens, limits) once the deployment
 * names where tokens are kept (`LOCUS_AWS_TOKEN_PATH`, set by the CDK stack with `LOCUS_AUTH=on`).
 */
export const parseRequestSecuritySettings = (config: LocusConfig): SecuritySettings =>
  readSecuritySettings(config.variables, {
    exposed: hasTokenPath(config.variables),
    defaultPublicUrl: 'https://localhost',
  });

/** Loads the security module: tokens from SSM on the aws profile, in memory on the memory profile. */
export const loadParseRequestSecurity = (container: Container, config: LocusConfig): void => {
  const stores = config.profile === 'aws' ? awsSecurityStores(config.variables) : memorySecurityStores;
  container.loadSync(securityModule(parseRequestSecuritySettings(config), stores, () => {}));
};
