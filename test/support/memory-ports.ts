import { Container, ContainerModule, type ContainerModuleLoadOptions } from 'inversify';
import { PORT_TOKENS } from '../../deploy/lambda/shared/unavailable-port';
import { TOKENS } from '../../src/application/tokens';
import { type AdapterBinders, PORT_NAMES, type PortName } from '../../src/composition/adapter-binders';
import { memoryBinders } from '../../src/composition/memory-binders';
import type {
  BatchStore,
  Clock,
  EventJournal,
  LocationQueue,
  PartitionStore,
  RejectedStore,
  ReportQuery,
  ReportStore,
  RunLock,
  ScratchSpace,
  ServerLifecycle,
} from '../../src/ports';

/** One adapter per port. */
export interface PortSet {
  readonly queue: LocationQueue;
  readonly batches: BatchStore;
  readonly partitions: PartitionStore;
  readonly reportQuery: ReportQuery;
  readonly reports: ReportStore;
  readonly journal: EventJournal;
  readonly lock: RunLock;
  readonly scratch: ScratchSpace;
  readonly lifecycle: ServerLifecycle;
  readonly rejected: RejectedStore;
}

/** Every port's adapter, taken from a container built by a profile's binders. */
export const portsOf = (container: Container): PortSet =>
  Object.fromEntries(
    PORT_NAMES.map((port) => [port, container.get(PORT_TOKENS[port])]),
  ) as unknown as PortSet;

/**
 * The memory profile's adapters on one clock, bound as the profile binds them, to be kept across
 * "processes".
 */
export const memoryPorts = (clock: Clock): PortSet => {
  const container = new Container();
  container.bind(TOKENS.Clock).toConstantValue(clock);
  const binders = memoryBinders();
  container.loadSync(
    new ContainerModule((options) => {
      for (const port of PORT_NAMES) binders[port](options);
    }),
  );
  return portsOf(container);
};

/** What a port's adapter is bound as: itself, or a wrapper (a fault injector, a crash plan). */
export type PortWrapper = <T extends object>(adapter: T, port: PortName) => T;

/** A profile that binds every port to the given adapter, passed through `wrap`. */
export const constantBinders = (ports: PortSet, wrap: PortWrapper = (adapter) => adapter): AdapterBinders =>
  Object.fromEntries(
    PORT_NAMES.map((port) => [
      port,
      ({ bind }: ContainerModuleLoadOptions) => {
        bind(PORT_TOKENS[port]).toConstantValue(wrap(ports[port], port));
      },
    ]),
  ) as Record<PortName, AdapterBinders[PortName]>;

/** Reads a report's bytes as text. */
export const readReport = async (reports: ReportStore, date: string): Promise<string | undefined> => {
  const bytes = await reports.open(date);
  if (bytes === undefined) return undefined;
  const parts: Buffer[] = [];
  for await (const chunk of bytes) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
};
