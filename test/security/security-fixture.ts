import { Container } from 'inversify';
import {
  readSecuritySettings,
  type SecuritySettings,
} from '../../src/application/security/security-settings';
import { TOKENS } from '../../src/application/tokens';
import { memorySecurityStores, securityModule } from '../../src/composition/security-binders';
import { ManualClock } from '../support/manual-clock';

/** Security settings as an exposed server reads them, with some variables set. */
export const exposedSettings = (variables: Record<string, string> = {}): SecuritySettings =>
  readSecuritySettings(variables, { exposed: true, defaultPublicUrl: 'https://locus.example.org' });

/** A container holding only the security module (memory stores) on a manual clock. */
export const securityContainer = (
  settings: SecuritySettings = exposedSettings(),
  clock = new ManualClock(),
) => {
  const container = new Container();
  container.bind(TOKENS.Clock).toConstantValue(clock);
  container.loadSync(securityModule(settings, memorySecurityStores));
  return { container, clock };
};

/** `Authorization: Basic` of a user name and password. */
export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
