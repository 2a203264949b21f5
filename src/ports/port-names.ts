import type { ServiceIdentifier } from 'inversify';
import { TOKENS } from './tokens';

/**
 * Every port whose adapter is chosen by configuration, by its one name: the key of
 * `LOCUS_ADAPTER_<PORT>` (`reportQuery` → `LOCUS_ADAPTER_REPORT_QUERY`), of `adapters` in a config
 * file, of the registry, of the logs, and of the port's token in `TOKENS` (src/ports/tokens.ts).
 */
export const PORT_NAMES = [
  'queue',
  'batches',
  'archive',
  'partitions',
  'scratch',
  'reportQuery',
  'reports',
  'links',
  'journal',
  'lock',
  'server',
  'rejected',
  'tokens',
  'keys',
] as const;

export type PortName = (typeof PORT_NAMES)[number];

/** The ports' tokens: `TOKENS` by port name. */
export const PORTS: Pick<typeof TOKENS, PortName> = TOKENS;

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
