import type { Container, ServiceIdentifier } from 'inversify';
import { RandomIdSource } from '../../../src/adapters/system/random-id-source';
import { SystemClock } from '../../../src/adapters/system/system-clock';
import type { CoreSettings } from '../../../src/application/settings';
import type { AdapterTable } from '../../../src/composition/adapter-entry';
import { buildContainer } from '../../../src/composition/build-container';
import { type LocusConfig, readLocusConfig } from '../../../src/config/locus-config';
import { PRESETS } from '../../../src/config/presets';
import type { Clock, IdSource } from '../../../src/ports';
import type { PortName } from '../../../src/ports/port-names';

/** What one entry point (a Lambda function, the collect server) is made of. */
export interface EntrySpec {
  /** Its name in logs and errors (`parse_request`, …). */
  readonly name: string;
  /** The ports its services hold: only these are built (and configured). */
  readonly ports: readonly PortName[];
  /** The services it runs (resolved by {@link EntryRoot.resolveAll}). */
  readonly services: readonly ServiceIdentifier[];
  /** The named adapters its bundle ships (registry families, and its own). */
  readonly adapters: AdapterTable;
  /** Its own refinement of the picks (the profile's, then `LOCUS_ADAPTER_<PORT>`). */
  readonly picks?: (config: LocusConfig) => Partial<Record<PortName, string>>;
  /** Adds to the container once it is built, before anything is resolved. */
  readonly customize?: (container: Container, config: LocusConfig) => void;
}

export interface EntryRootOptions {
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** Where relative paths start (`LOCUS_DATA_DIR`, a config file); the working directory by default. */
  readonly cwd?: string;
  /** Adjusts the settings read from the environment (tests shorten leases). */
  readonly settings?: (core: CoreSettings) => CoreSettings;
}

/** One entry point's composition root: its configuration and container. */
export interface EntryRoot {
  readonly name: string;
  readonly config: LocusConfig;
  readonly container: Container;
  readonly clock: Clock;
  readonly ids: IdSource;
  get<T>(id: ServiceIdentifier<T>): T;
  /** Resolves every service the entry point runs (a composition error shows here, not mid-run). */
  resolveAll(): readonly unknown[];
  /** Unbinds everything, destroying the SDK clients. */
  close(): Promise<void>;
}

/**
 * Builds an entry point's container from environment variables (`readLocusConfig`): the
 * application services and an adapter for each port it uses, as the profile, the entry point and
 * `LOCUS_ADAPTER_<PORT>` pick it. Nothing is resolved yet; adapters and SDK clients are made on first use.
 */
export const createEntryRoot = (
  spec: EntrySpec,
  env: Readonly<Record<string, string | undefined>>,
  options: EntryRootOptions = {},
): EntryRoot => {
  const read = readLocusConfig({ env, cwd: options.cwd ?? process.cwd() });
  const config: LocusConfig =
    options.settings === undefined ? read : { ...read, core: options.settings(read.core) };
  const clock = options.clock ?? new SystemClock();
  const ids = options.ids ?? new RandomIdSource();
  const container = buildContainer({
    entry: spec.name,
    ports: spec.ports,
    choices: { ...PRESETS[config.profile], ...config.adapters, ...spec.picks?.(config) },
    adapters: spec.adapters,
    context: { variables: config.variables, dataDir: config.dataDir, cwd: config.cwd },
    settings: config.core,
    clock,
    ids,
  });
  spec.customize?.(container, config);
  let closing: Promise<void> | undefined;
  return {
    name: spec.name,
    config,
    container,
    clock,
    ids,
    get: (id) => container.get(id),
    resolveAll: () => spec.services.map((id) => container.get(id)),
    close: () => {
      closing ??= container.unbindAll();
      return closing;
    },
  };
};
