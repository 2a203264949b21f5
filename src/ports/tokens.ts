import type { ServiceIdentifier } from 'inversify';
import type { BatchArchive } from './batch-archive';
import type { BatchStore } from './batch-store';
import type { Clock, IdSource } from './clock';
import type { EventJournal } from './event-journal';
import type { LocationQueue } from './location-queue';
import type { PartitionRefiler } from './partition-refiler';
import type { PartitionStore } from './partition-store';
import type { RejectedStore } from './rejected-store';
import type { ReportLinks } from './report-links';
import type { ReportQuery } from './report-query';
import type { ReportStore } from './report-store';
import type { RunLock } from './run-lock';
import type { ScratchSpace } from './scratch-space';
import type { ServerLifecycle } from './server-lifecycle';
import type { SigningKeys, TokenStore } from './token-store';

const token = <T>(name: string): ServiceIdentifier<T> => Symbol.for(`locus.${name}`) as ServiceIdentifier<T>;

/** The DI token of every port whose adapter is chosen by configuration, by the port's one name (src/ports/port-names.ts). */
export const PORTS = {
  queue: token<LocationQueue>('queue'),
  batches: token<BatchStore>('batches'),
  archive: token<BatchArchive>('archive'),
  partitions: token<PartitionStore>('partitions'),
  scratch: token<ScratchSpace>('scratch'),
  reportQuery: token<ReportQuery>('reportQuery'),
  reports: token<ReportStore>('reports'),
  links: token<ReportLinks>('links'),
  journal: token<EventJournal>('journal'),
  lock: token<RunLock>('lock'),
  server: token<ServerLifecycle>('server'),
  rejected: token<RejectedStore>('rejected'),
  tokens: token<TokenStore>('tokens'),
  keys: token<SigningKeys>('keys'),
} as const;

/** The ports' tokens and those of the re-filer, the clock and the id source. */
export const TOKENS = {
  ...PORTS,
  PartitionRefiler: token<PartitionRefiler>('PartitionRefiler'),
  Clock: token<Clock>('Clock'),
  IdSource: token<IdSource>('IdSource'),
} as const;
