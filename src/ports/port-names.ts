import type { ServiceIdentifier } from 'inversify';
import { PORTS } from './tokens';

export { PORTS } from './tokens';

/**
 * A port whose adapter is chosen by configuration, by its one name: the key of
 * `LOCUS_ADAPTER_<PORT>` (`reportQuery` → `LOCUS_ADAPTER_REPORT_QUERY`), of `adapters` in a config
 * file, of the registry, of the logs, and of the port's token in `PORTS` (src/ports/tokens.ts).
 */
export type PortName = keyof typeof PORTS;

/** Every port, in the order of `PORTS`. */
export const PORT_NAMES = Object.keys(PORTS) as readonly PortName[];

/** The variable that picks a port's adapter (`reportQuery` → `LOCUS_ADAPTER_REPORT_QUERY`). */
export const adapterVariable = (port: PortName): string =>
  `LOCUS_ADAPTER_${port.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;

type PortOf<P extends PortName> = (typeof PORTS)[P] extends ServiceIdentifier<infer T> ? T : never;

/** The methods an adapter of each port must have (an adapter loaded from a module is checked against them). */
export const PORT_METHODS: { readonly [P in PortName]: readonly (keyof PortOf<P> & string)[] } = {
  queue: ['enqueue', 'lease', 'acknowledge', 'depth', 'quarantine', 'redrive'],
  batches: [
    'put',
    'listPending',
    'read',
    'markDone',
    'quarantine',
    'quarantined',
    'quarantineReason',
    'restore',
  ],
  archive: ['list', 'read', 'replace'],
  partitions: ['listDates', 'listParts', 'readPart', 'writePart'],
  scratch: ['open'],
  reportQuery: ['rowsFor', 'draft'],
  reports: ['publish', 'open', 'list'],
  links: ['linkFor'],
  journal: ['append', 'readStream', 'listStreams', 'tail'],
  lock: ['acquire', 'renew', 'release', 'holderOf'],
  server: ['start', 'stop', 'state'],
  rejected: ['keep', 'list', 'count', 'dates', 'erase'],
  tokens: ['put', 'get', 'list'],
  keys: ['key'],
};
