import type { Container, ServiceIdentifier } from 'inversify';
import { RandomIdSource } from '../../../src/adapters/system/random-id-source';
import { SystemClock } from '../../../src/adapters/system/system-clock';
import type { CoreSettings } from '../../../src/application/settings';
import {
  type AdapterBinders,
  PORT_NAMES,
  type PortBinder,
  type PortName,
  type ProfileName,
} from '../../../src/composition/adapter-binders';
import { buildContainer } from '../../../src/composition/build-container';
import { memoryBinders } from '../../../src/composition/memory-binders';
import { type AwsAdapterConfig, readAwsConfig } from '../../../src/config/aws-config';
import { type LocusConfig, profileOf, readLocusConfig } from '../../../src/config/locus-config';
import type { Clock, IdSource } from '../../../src/ports';
import { LocusError } from '../../../src/ports/errors';
import { unavailableBinders } from './unavailable-port';

/** The profiles an AWS entry point ships: no SQLite, no DuckDB. */
export const ENTRY_PROFILES = ['memory', 'aws'] as const satisfies readonly ProfileName[];

/** What one entry point (a Lambda function, the collect server) is made of. */
export interface EntrySpec {
  /** Its name in logs and errors (`parse_request`, …). */
  readonly name: string;
  /** The ports it calls; every other port is bound to a stand-in that refuses each call. */
  readonly ports: readonly PortName[];
  /** The services it runs (resolved by {@link EntryRoot.resolveAll}). */
  readonly services: readonly ServiceIdentifier[];
  /** The `aws` profile's binders for its ports (only those it needs, so the bundle stays small). */
  readonly aws: (config: AwsAdapterConfig) => Partial<AdapterBinders>;
  /** Changes the container once it is built, before anything is resolved. */
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

const isEntryProfile = (profile: ProfileName): boolean =>
  (ENTRY_PROFILES as readonly string[]).includes(profile);

/** A profile's binders for the ports the entry point uses, stand-ins for the others. */
const completeBinders = (
  spec: EntrySpec,
  profile: ProfileName,
  binders: Partial<AdapterBinders>,
): AdapterBinders => {
  const complete: Record<PortName, PortBinder> = unavailableBinders(spec.name);
  for (const port of spec.ports) {
    const binder = binders[port];
    if (binder === undefined)
      throw new Error(`${spec.name}: the ${profile} profile has no binder for ${port}`);
    complete[port] = binder;
  }
  return complete;
};

/**
 * Builds an entry point's container from environment variables (`readLocusConfig`): the
 * application services, each used port from the profile configured for it (`memory` or `aws`),
 * stand-ins for the ports it never calls. Nothing is resolved yet; SDK clients are made on first use.
 */
export const createEntryRoot = (
  spec: EntrySpec,
  env: Readonly<Record<string, string | undefined>>,
  options: EntryRootOptions = {},
): EntryRoot => {
  const read = readLocusConfig({ env, cwd: options.cwd ?? process.cwd() });
  const config: LocusConfig =
    options.settings === undefined ? read : { ...read, core: options.settings(read.core) };
  const wrong = spec.ports.filter((port) => !isEntryProfile(profileOf(config, port)));
  if (wrong.length > 0) {
    const detail = wrong.map((port) => `${port} from "${profileOf(config, port)}"`).join(', ');
    throw new LocusError(
      'CONFIGURATION',
      `${spec.name} ships the ${ENTRY_PROFILES.join(' and ')} profiles only (set LOCUS_PROFILE=aws); ` +
        `it cannot take ${detail}`,
    );
  }
  // Ports the entry point does not use come from the memory profile's slot, which holds stand-ins.
  const adapters: Partial<Record<PortName, ProfileName>> = {};
  for (const port of PORT_NAMES)
    adapters[port] = spec.ports.includes(port) ? profileOf(config, port) : 'memory';
  const clock = options.clock ?? new SystemClock();
  const ids = options.ids ?? new RandomIdSource();
  const container = buildContainer({
    profile: config.profile,
    adapters,
    settings: config.core,
    clock,
    ids,
    profiles: {
      memory: () => completeBinders(spec, 'memory', memoryBinders()),
      aws: () => completeBinders(spec, 'aws', spec.aws(readAwsConfig(config.variables))),
    },
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
