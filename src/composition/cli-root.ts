import type { Container, ServiceIdentifier } from 'inversify';
import { RandomIdSource } from '../adapters/system/random-id-source';
import { SystemClock } from '../adapters/system/system-clock';
import { AcceptedTally, ReportCatalog, StatusService } from '../application/status';
import { readAwsConfig } from '../config/aws-config';
import { type LocusConfig, profileOf } from '../config/locus-config';
import type { Clock, IdSource } from '../ports';
import { type AdapterBinders, PORT_NAMES, type ProfileName } from './adapter-binders';
import { buildContainer } from './build-container';

/** The `locus` command's composition root: its container, and how to let go of it. */
export interface CliRoot {
  readonly config: LocusConfig;
  readonly container: Container;
  get<T>(id: ServiceIdentifier<T>): T;
  /** Unbinds everything, closing the adapters that hold files or connections. */
  close(): Promise<void>;
}

export interface CliRootOptions {
  readonly clock?: Clock;
  readonly ids?: IdSource;
}

/**
 * Loads the profiles the configuration uses, and only those: each pulls in its drivers or SDK,
 * which a command that does not need them should not pay for at start-up.
 */
const loadProfiles = async (
  config: LocusConfig,
): Promise<Partial<Record<ProfileName, () => AdapterBinders>>> => {
  const used = new Set(PORT_NAMES.map((port) => profileOf(config, port)));
  const profiles: Partial<Record<ProfileName, () => AdapterBinders>> = {};
  if (used.has('memory')) {
    const { memoryBinders } = await import('./memory-binders');
    profiles.memory = memoryBinders;
  }
  if (used.has('local')) {
    const { localBinders } = await import('./local-binders');
    profiles.local = () => localBinders({ dataDir: config.dataDir, reclaimMemory: true });
  }
  if (used.has('aws')) {
    const { awsBinders } = await import('./aws-binders');
    profiles.aws = () => awsBinders(readAwsConfig(config.variables));
  }
  return profiles;
};

/**
 * Builds the container of the `locus` command and server: the profiles the configuration uses
 * (memory, local, aws — the aws settings are read only when a port comes from aws), the
 * application services, and the status services.
 */
export const createCliRoot = async (config: LocusConfig, options: CliRootOptions = {}): Promise<CliRoot> => {
  const container = buildContainer({
    profile: config.profile,
    adapters: config.adapters,
    settings: config.core,
    clock: options.clock ?? new SystemClock(),
    ids: options.ids ?? new RandomIdSource(),
    profiles: await loadProfiles(config),
  });
  container.bind(ReportCatalog).toSelf().inSingletonScope();
  container.bind(StatusService).toSelf().inSingletonScope();
  container.bind(AcceptedTally).toSelf().inSingletonScope();
  let closing: Promise<void> | undefined;
  return {
    config,
    container,
    get: (id) => container.get(id),
    close: () => {
      closing ??= container.unbindAll();
      return closing;
    },
  };
};
