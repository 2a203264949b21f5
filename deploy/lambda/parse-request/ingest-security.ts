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
