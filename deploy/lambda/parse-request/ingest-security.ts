import type { Container } from 'inversify';
import { securityModule } from '../../../src/composition/security-module';
import { hasTokenPath } from '../../../src/config/aws-token-config';
import type { LocusConfig } from '../../../src/config/locus-config';
import { readSecuritySettings, type SecuritySettings } from '../../../src/config/security-settings';

/**
 * The security settings of `parse_request`: it is exposed (tokens, limits) once the deployment
 * names where tokens are kept (`LOCUS_AWS_TOKEN_PATH`, set by the CDK stack with `LOCUS_AUTH=on`).
 */
export const parseRequestSecuritySettings = (config: LocusConfig): SecuritySettings =>
  readSecuritySettings(config.variables, {
    exposed: hasTokenPath(config.variables),
    defaultPublicUrl: 'https://localhost',
  });

/** Loads the security module (over the tokens port: SSM on the aws profile, in memory on the memory profile). */
export const loadParseRequestSecurity = (container: Container, config: LocusConfig): void => {
  container.loadSync(securityModule(parseRequestSecuritySettings(config)));
};
