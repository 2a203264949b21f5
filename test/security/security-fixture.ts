import { Container } from 'inversify';
import { InMemorySigningKeys, InMemoryTokenStore } from '../../src/adapters/memory/in-memory-token-store';
import { TOKENS } from '../../src/application/tokens';
import { readSecuritySettings, type SecuritySettings } from '../../src/config/security-settings';
import { ManualClock } from '../support/manual-clock';

/** Security settings as an exposed server reads them, with some variables set. */
export const exposedSettings = (variables: Record<string, string> = {}): SecuritySettings =>
  readSecuritySettings(variables, { exposed: true, defaultPublicUrl: 'https://locus.example.org' });

/** A container holding only the security module (memory stores) on a manual clock. */
export const securityContainer = (
  settings: SecuritySettings = exposedSettings(),
  clock = new ManualClock(),
) => {
  const container = new Container({ autobind: true, defaultScope: 'Singleton' });
  container.bind(TOKENS.Clock).toConstantValue(clock);
  container.bind(TOKENS.tokens).to(InMemoryTokenStore).inSingletonScope();
  container.bind(TOKENS.keys).to(InMemorySigningKeys).inSingletonScope();
  container.bind(TOKENS.SecuritySettings).toConstantValue(settings);
  return { container, clock };
};

/** `Authorization: Basic` of a user name and password. */
export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
