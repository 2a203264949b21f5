import { Container, ContainerModule } from 'inversify';
import type { SecuritySettings } from '../application/security/security-settings';
import type { CoreSettings } from '../application/settings';
import { TOKENS } from '../application/tokens';
import type { Clock, IdSource } from '../ports';
import { LocusError } from '../ports/errors';
import { adapterVariable, type PortName } from '../ports/port-names';
import type { AdapterContext, AdapterEntry, AdapterTable } from './adapter-entry';
import { pluginAdapter } from './plugin-adapter';
import { FAMILY_OF, isModulePath } from './registry';

export interface ContainerPlan {
  /** The entry point, in errors (`locus`, `parse_request`, …). */
  readonly entry: string;
  /** The ports it builds: the services it resolves need no other. */
  readonly ports: readonly PortName[];
  /** Each port's adapter: a name of `adapters`, a module path or a package. */
  readonly choices: Readonly<Record<PortName, string>>;
  /** The named adapters this entry point ships. */
  readonly adapters: AdapterTable;
  readonly context: Omit<AdapterContext, 'port'>;
  readonly settings: CoreSettings;
  /** The security settings, read when a security service is first resolved. */
  readonly security?: () => SecuritySettings;
  readonly clock: Clock;
  readonly ids: IdSource;
}

/** The entry of one port's choice: a named adapter, else a module; a problem when neither fits. */
const entryOf = (plan: ContainerPlan, port: PortName, problems: string[]): AdapterEntry | undefined => {
  const choice = plan.choices[port];
  const named = plan.adapters[port] ?? {};
  const entry = named[choice];
  if (entry !== undefined) return entry;
  const choices = `one of ${Object.keys(named).sort().join(', ')}`;
  if (FAMILY_OF[choice] !== undefined) {
    problems.push(`${adapterVariable(port)} "${choice}" is not ${choices} (in ${plan.entry})`);
    return undefined;
  }
  try {
    return pluginAdapter(port, choice, plan.context.cwd);
  } catch (error) {
    const reason = (error as Error).message;
    problems.push(isModulePath(choice) ? reason : `${reason}; a registered adapter is ${choices}`);
    return undefined;
  }
};

/**
 * Builds an entry point's container: the settings, clock and id source as constants, for each port
 * it uses the adapter its configuration picks (made when first resolved), and every service
 * (application, security, status) bound to itself, one per container, when first resolved.
 * Throws `CONFIGURATION` naming every choice that does not fit, with the registered choices.
 */
export const buildContainer = (plan: ContainerPlan): Container => {
  const problems: string[] = [];
  const entries = plan.ports.map((port) => [port, entryOf(plan, port, problems)] as const);
  if (problems.length > 0)
    throw new LocusError(
      'CONFIGURATION',
      `the adapters are not configured:${problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  const container = new Container({ autobind: true, defaultScope: 'Singleton' });
  container.bind(TOKENS.CoreSettings).toConstantValue(plan.settings);
  container.bind(TOKENS.Clock).toConstantValue(plan.clock);
  container.bind(TOKENS.IdSource).toConstantValue(plan.ids);
  const { security } = plan;
  if (security !== undefined) container.bind(TOKENS.SecuritySettings).toDynamicValue(() => security());
  container.loadSync(
    new ContainerModule((options) => {
      for (const [port, entry] of entries) entry?.(options, { ...plan.context, port });
    }),
  );
  return container;
};
