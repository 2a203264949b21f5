import type { Container, ServiceIdentifier } from 'inversify';
import { RandomIdSource } from '../adapters/system/random-id-source';
import { SystemClock } from '../adapters/system/system-clock';
import type { SecuritySettings } from '../application/security/security-settings';
import { adaptersOf, type LocusConfig } from '../config/locus-config';
import type { Clock, IdSource } from '../ports';
import type { PortName } from '../ports/port-names';
import type { AdapterTable } from './adapter-entry';
import { buildContainer } from './build-container';

/** What an entry point (the `locus` command, a Lambda function, the collect server) is made of. */
export interface RootSpec {
  /** Its name in logs and errors (`locus`, `parse_request`, …). */
  readonly name: string;
  /** The ports its services hold: only these are built (and configured). */
  readonly ports: readonly PortName[];
  /** The named adapters it ships (registry families, and its own). */
  readonly adapters: AdapterTable;
  /** The services it runs, resolved by {@link Root.resolveAll}. */
  readonly services?: readonly ServiceIdentifier[];
  /** Its own refinement of the picks (the profile's, then `LOCUS_ADAPTER_<PORT>`). */
  readonly picks?: (config: LocusConfig) => Partial<Record<PortName, string>>;
  /** Its security settings, read when a security service is first resolved. */
  readonly security?: (config: LocusConfig) => SecuritySettings;
  /** The local adapters collect garbage between parts (the `locus` command and server). */
  readonly reclaimMemory?: boolean;
}

export interface RootOptions {
  readonly clock?: Clock;
  readonly ids?: IdSource;
}

/** An entry point's composition root: its configuration and container. */
export interface Root {
  readonly name: string;
  readonly config: LocusConfig;
  readonly container: Container;
  readonly clock: Clock;
  readonly ids: IdSource;
  get<T>(id: ServiceIdentifier<T>): T;
  /** Resolves every service the entry point runs (a composition error shows here, not mid-run). */
  resolveAll(): readonly unknown[];
  /** Unbinds everything, closing the adapters that hold files, connections or SDK clients. */
  close(): Promise<void>;
}

/**
 * Builds an entry point's root from its configuration: an adapter for each port it uses, as the
 * profile, `LOCUS_ADAPTER_<PORT>` and the entry point pick it, and the services over them.
 * Nothing is resolved yet: adapters and SDK clients are made, and their settings read, on first use.
 */
export const createRoot = (config: LocusConfig, spec: RootSpec, options: RootOptions = {}): Root => {
  const clock = options.clock ?? new SystemClock();
  const ids = options.ids ?? new RandomIdSource();
  const { security } = spec;
  const container = buildContainer({
    entry: spec.name,
    ports: spec.ports,
    choices: { ...adaptersOf(config), ...spec.picks?.(config) },
    adapters: spec.adapters,
    context: {
      variables: config.variables,
      dataDir: config.dataDir,
      cwd: config.cwd,
      reclaimMemory: spec.reclaimMemory,
    },
    settings: config.core,
    security: security === undefined ? undefined : () => security(config),
    clock,
    ids,
  });
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
