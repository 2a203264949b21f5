import type { PortName } from '../ports/port-names';

export const PROFILE_NAMES = ['memory', 'local', 'aws'] as const;

export type ProfileName = (typeof PROFILE_NAMES)[number];

/**
 * The profiles: for every port, the adapter each one picks (`LOCUS_ADAPTER_<PORT>` picks another).
 * A name is looked up in the adapter registry (src/composition/registry.ts).
 */
export const PRESETS: { readonly [P in ProfileName]: Readonly<Record<PortName, string>> } = {
  memory: {
    queue: 'memory',
    batches: 'memory',
    archive: 'memory',
    partitions: 'memory',
    scratch: 'memory',
    reportQuery: 'memory',
    reports: 'memory',
    links: 'signed',
    journal: 'memory',
    lock: 'memory',
    server: 'memory',
    rejected: 'memory',
    tokens: 'memory',
    keys: 'memory',
  },
  local: {
    queue: 'sqlite',
    batches: 'folder',
    archive: 'folder',
    partitions: 'folder',
    scratch: 'folder',
    reportQuery: 'duckdb',
    reports: 'folder',
    links: 'signed',
    journal: 'sqlite',
    lock: 'sqlite',
    server: 'process',
    rejected: 'folder',
    tokens: 'sqlite',
    keys: 'sqlite',
  },
  aws: {
    queue: 'sqs',
    batches: 's3',
    archive: 's3',
    partitions: 's3',
    scratch: 'memory',
    reportQuery: 'spectrum',
    reports: 's3',
    links: 's3',
    journal: 's3',
    lock: 's3',
    server: 'ec2',
    rejected: 's3',
    tokens: 'ssm',
    keys: 'memory',
  },
};

/** The adapter names that keep their data under `LOCUS_DATA_DIR`. */
export const DATA_DIR_ADAPTERS: ReadonlySet<string> = new Set(['sqlite', 'folder', 'duckdb']);
