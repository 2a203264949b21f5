import type { ServiceIdentifier } from 'inversify';
import { TOKENS as PORT_TOKENS } from '../ports/tokens';
import type { SecuritySettings } from './security/security-settings';
import type { CoreSettings } from './settings';

/** The ports' tokens (src/ports/tokens.ts) and the application's own settings. */
export const TOKENS = {
  ...PORT_TOKENS,
  CoreSettings: Symbol.for('locus.CoreSettings') as ServiceIdentifier<CoreSettings>,
  SecuritySettings: Symbol.for('locus.SecuritySettings') as ServiceIdentifier<SecuritySettings>,
} as const;
