import { Container, ContainerModule } from 'inversify';
import { type AdapterTable, portToken } from '../../src/composition/adapter-entry';
import { MEMORY_ADAPTERS } from '../../src/composition/memory-adapters';
import { createRoot } from '../../src/composition/root';
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
import type { PortName } from '../../src/ports/port-names';
import { TOKENS } from '../../src/ports/tokens';
import type { TestPlan } from './preset-container';

/** One adapter per port of the pipeline. */
export interface PortSet {
  readonly queue: LocationQueue;
  readonly batches: BatchStore;
  readonly partitions: PartitionStore;
  readonly reportQuery: ReportQuery;
  readonly reports: ReportStore;
  readonly journal: EventJournal;
  readonly lock: RunLock;
  readonly scratch: ScratchSpace;
  readonly server: ServerLifecycle;
  readonly rejected: RejectedStore;
}

/** The ports of a {@link PortSet}. */
export const PIPELINE_PORTS = [
  'queue',
  'batches',
  'partitions',
  'reportQuery',
  'reports',
  'journal',
  'lock',
  'scratch',
  'server',
  'rejected',
] as const satisfies readonly PortName[];

/** Every pipeline port's adapter, taken from a container. */
export const portsOf = (container: Container): PortSet =>
  Object.fromEntries(
    PIPELINE_PORTS.map((port) => [port, container.get(portToken(port))]),
  ) as unknown as PortSet;

/**
 * The memory adapters on one clock, bound as the registry binds them, to be kept across
 * "processes".
 */
export const memoryPorts = (clock: Clock): PortSet => {
  const container = new Container();
  container.bind(TOKENS.Clock).toConstantValue(clock);
  container.loadSync(
    new ContainerModule((options) => {
      for (const port of PIPELINE_PORTS) {
        const entry = MEMORY_ADAPTERS[port]?.memory;
        entry?.(options, { port, variables: {}, dataDir: '', cwd: '' });
      }
    }),
  );
  return portsOf(container);
};

/** What a port's adapter is bound as: itself, or a wrapper (a fault injector, a crash plan). */
export type PortWrapper = <T extends object>(adapter: T, port: PortName) => T;

/** Adapters named `given`, one per pipeline port: the given adapter passed through `wrap`. */
export const givenAdapters = (ports: PortSet, wrap: PortWrapper = (adapter) => adapter): AdapterTable =>
  Object.fromEntries(
    PIPELINE_PORTS.map((port) => [
      port,
      {
        given: ({ bind }: Parameters<NonNullable<AdapterTable['queue']>[string]>[0]) => {
          bind(portToken(port)).toConstantValue(wrap(ports[port], port));
        },
      },
    ]),
  );

/** The application services of one "process" over the given adapters. */
export const containerOver = (ports: PortSet, plan: TestPlan, wrap?: PortWrapper): Container =>
  createRoot(
    { profile: 'memory', adapters: {}, variables: {}, dataDir: '', cwd: '', core: plan.settings },
    {
      name: 'test',
      ports: PIPELINE_PORTS,
      picks: () => Object.fromEntries(PIPELINE_PORTS.map((port) => [port, 'given'])),
      adapters: givenAdapters(ports, wrap),
    },
    plan,
  ).container;

/** Reads a report's bytes as text. */
export const readReport = async (reports: ReportStore, date: string): Promise<string | undefined> => {
  const bytes = await reports.open(date);
  if (bytes === undefined) return undefined;
  const parts: Buffer[] = [];
  for await (const chunk of bytes) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString('utf8');
};
