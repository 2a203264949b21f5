import type { ServiceIdentifier } from 'inversify';
import { TOKENS } from '../../../src/application/tokens';
import type { PortBinder, PortName } from '../../../src/composition/adapter-binders';
import { LocusError } from '../../../src/ports/errors';

/** The token each port is bound to. */
export const PORT_TOKENS: Readonly<Record<PortName, ServiceIdentifier<object>>> = {
  queue: TOKENS.LocationQueue,
  batches: TOKENS.BatchStore,
  partitions: TOKENS.PartitionStore,
  reportQuery: TOKENS.ReportQuery,
  reports: TOKENS.ReportStore,
  journal: TOKENS.EventJournal,
  lock: TOKENS.RunLock,
  scratch: TOKENS.ScratchSpace,
  lifecycle: TOKENS.ServerLifecycle,
  rejected: TOKENS.RejectedStore,
};

/** What stands in for a port an entry point never calls. */
class UnavailablePort {
  constructor(
    readonly port: PortName,
    readonly entry: string,
  ) {}
}

/**
 * A stand-in for a port that an entry point holds (a service it resolves needs it) but never
 * calls: every method refuses with `CONFIGURATION`, naming the entry point. It needs no settings,
 * no SDK client and no permission, so e.g. `start_collect_server` runs without Redshift settings.
 */
export const unavailablePort = (port: PortName, entry: string): object =>
  new Proxy(new UnavailablePort(port, entry), {
    get(target, property, receiver) {
      // Symbols, `then` (not a promise) and the object's own members behave as on any object.
      if (typeof property === 'symbol' || property === 'then' || property in target) {
        return Reflect.get(target, property, receiver);
      }
      return () => {
        throw new LocusError(
          'CONFIGURATION',
          `${entry} does not use the ${port} port (it called ${String(property)}); this is a composition error`,
        );
      };
    },
  });

/** Binds a port to its stand-in. */
export const unavailableBinder =
  (port: PortName, entry: string): PortBinder =>
  ({ bind }) => {
    bind(PORT_TOKENS[port]).toConstantValue(unavailablePort(port, entry));
  };

/** A whole profile of stand-ins, into which an entry point puts the binders of the ports it uses. */
export const unavailableBinders = (entry: string): Record<PortName, PortBinder> => ({
  queue: unavailableBinder('queue', entry),
  batches: unavailableBinder('batches', entry),
  partitions: unavailableBinder('partitions', entry),
  reportQuery: unavailableBinder('reportQuery', entry),
  reports: unavailableBinder('reports', entry),
  journal: unavailableBinder('journal', entry),
  lock: unavailableBinder('lock', entry),
  scratch: unavailableBinder('scratch', entry),
  lifecycle: unavailableBinder('lifecycle', entry),
  rejected: unavailableBinder('rejected', entry),
});

/** Whether a value is such a stand-in. */
export const isUnavailablePort = (value: unknown): boolean => value instanceof UnavailablePort;
