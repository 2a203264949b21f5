import { Container, ContainerModule, type ServiceIdentifier } from 'inversify';
import { RandomIdSource } from '../adapters/system/random-id-source';
import { SystemClock } from '../adapters/system/system-clock';
import type { SecuritySettings } from '../application/security/security-settings';
import { TOKENS } from '../application/tokens';
import { adaptersOf, type LocusConfig } from '../config/locus-config';
import type { Clock, IdSource } from '../ports';
import { LocusError } from '../ports/errors';
import { adapterVariable, type PortName } from '../ports/port-names';
import type { AdapterEntry, AdapterTable } from './adapter-entry';
import { pluginAdapter } from './plugin-adapter';
import { FAMILY_OF, isModulePath } from './registry';

/** What a root is built from: the profile and `LOCUS_ADAPTER_<PORT>` picks, the variables, the settings. */
export type RootConfig = Pick<LocusConfig, 'profile' | 'adapters' | 'variables' | 'dataDir' | 'cwd' | 'core'>;

/** What an entry point (the `locus` command, a Lambda function, the collect server) is made of. */
export interface RootSpec<C extends RootConfig = LocusConfig> {
  /** Its name in logs and errors (`locus`, `parse_request`, …). */
  readonly name: string;
  /** The ports its services hold: only these are built (and configured). */
  readonly ports: readonly PortName[];
  /** The named adapters it ships (registry families, and its own). */
  readonly adapters: AdapterTable;
  /** The services it runs, resolved by {@link Root.resolveAll}. */
  readonly services?: readonly ServiceIdentifier[];
  /** Its own refinement of the picks (the profile's, then `LOCUS_ADAPTER_<PORT>`). */
  readonly picks?: (config: C) => Partial<Record<PortName, string>>;
  /** Its security settings, read when a security service is first resolved. */
  readonly security?: (config: C) => SecuritySettings;
  /** The local adapters collect garbage between parts (the `locus` command and server). */
  readonly reclaimMemory?: boolean;
}

/** An entry point's configuration and container. */
export interface Root<C extends RootConfig = LocusConfig> {
  readonly name: string;
  readonly config: C;
  readonly container: Container;
  readonly clock: Clock;
  readonly ids: IdSource;
  get<T>(id: ServiceIdentifier<T>): T;
  /** Resolves every service the entry point runs (a composition error shows here, not mid-run). */
  resolveAll(): readonly unknown[];
  /** Unbinds everything, closing the adapters that hold files, connections or SDK clients. */
  close(): Promise<void>;
}

/** The entry of one port's choice: a named adapter, else a module; a problem when neither fits. */
const entryOf = (spec: RootSpec<never>, port: PortName, choice: string, cwd: string, problems: string[]) => {
  const named = spec.adapters[port] ?? {};
  const choices = `one of ${Object.keys(named).sort().join(', ')}`;
  if (named[choice] !== undefined) return named[choice];
  if (FAMILY_OF[choice] !== undefined) {
    problems.push(`${adapterVariable(port)} "${choice}" is not ${choices} (in ${spec.name})`);
    return undefined;
  }
  try {
    return pluginAdapter(port, choice, cwd);
  } catch (error) {
    const reason = (error as Error).message;
    problems.push(isModulePath(choice) ? reason : `${reason}; a registered adapter is ${choices}`);
    return undefined;
  }
};

/**
 * Builds an entry point's root: the settings, clock and id source as constants; for each port it
 * uses, the adapter the profile, `LOCUS_ADAPTER_<PORT>` and the entry point pick; every service
 * (application, security, status) bound to itself, one per container. Nothing is resolved yet:
 * adapters and SDK clients are made, and their settings read, on first use. Throws `CONFIGURATION`
 * naming every choice that does not fit, with the registered choices.
 */
export const createRoot = <C extends RootConfig>(
  config: C,
  spec: RootSpec<C>,
  options: { readonly clock?: Clock; readonly ids?: IdSource } = {},
): Root<C> => {
  const { clock = new SystemClock(), ids = new RandomIdSource() } = options;
  const choices = { ...adaptersOf(config), ...spec.picks?.(config) };
  const problems: string[] = [];
  const entries = spec.ports.map((port) => [port, entryOf(spec, port, choices[port], config.cwd, problems)]);
  if (problems.length > 0)
    throw new LocusError('CONFIGURATION', `the adapters are not configured:\n  - ${problems.join('\n  - ')}`);
  const container = new Container({ autobind: true, defaultScope: 'Singleton' });
  container.bind(TOKENS.CoreSettings).toConstantValue(config.core);
  container.bind(TOKENS.Clock).toConstantValue(clock);
  container.bind(TOKENS.IdSource).toConstantValue(ids);
  const { security } = spec;
  if (security !== undefined) container.bind(TOKENS.SecuritySettings).toDynamicValue(() => security(config));
  const { variables, dataDir, cwd } = config;
  const context = { variables, dataDir, cwd, reclaimMemory: spec.reclaimMemory };
  container.loadSync(
    new ContainerModule((options) => {
      for (const [port, entry] of entries as [PortName, AdapterEntry | undefined][])
        entry?.(options, { ...context, port });
    }),
  );
  let closing: Promise<void> | undefined;
  return {
    name: spec.name,
    config,
    container,
    clock,
    ids,
    get: (id) => container.get(id),
    resolveAll: () => (spec.services ?? []).map((id) => container.get(id)),
    close: () => {
      closing ??= container.unbindAll();
      return closing;
    },
  };
};
