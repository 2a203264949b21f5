import type { Container, ServiceIdentifier } from 'inversify';
import { RandomIdSource } from '../adapters/system/random-id-source';
import { SystemClock } from '../adapters/system/system-clock';
import { AcceptedTally, ReportCatalog, StatusService } from '../application/status';
import { adaptersOf, type LocusConfig } from '../config/locus-config';
import type { Clock, IdSource } from '../ports';
import { PORT_NAMES, type PortName } from '../ports/port-names';
import { buildContainer } from './build-container';
import { loadFamilies } from './load-families';

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
  /** The ports to build (every port by default). */
  readonly ports?: readonly PortName[];
}

/**
 * Builds the container of the `locus` command and server: each port's adapter as the
 * configuration picks it (loading only the registry families those adapters are in, each adapter
 * made and its settings read when first resolved), the application and the status services.
 */
export const createCliRoot = async (config: LocusConfig, options: CliRootOptions = {}): Promise<CliRoot> => {
  const choices = adaptersOf(config);
  const ports = options.ports ?? PORT_NAMES;
  const container = buildContainer({
    entry: 'locus',
    ports,
    choices,
    adapters: await loadFamilies(ports.map((port) => choices[port])),
    context: { variables: config.variables, dataDir: config.dataDir, cwd: config.cwd, reclaimMemory: true },
    settings: config.core,
    clock: options.clock ?? new SystemClock(),
    ids: options.ids ?? new RandomIdSource(),
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
