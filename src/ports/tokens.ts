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

/** The DI token of every port, named like the port's interface, plus the clock and the id source. */
export const TOKENS = {
  LocationQueue: Symbol.for('locus.LocationQueue') as ServiceIdentifier<LocationQueue>,
  BatchStore: Symbol.for('locus.BatchStore') as ServiceIdentifier<BatchStore>,
  BatchArchive: Symbol.for('locus.BatchArchive') as ServiceIdentifier<BatchArchive>,
  PartitionStore: Symbol.for('locus.PartitionStore') as ServiceIdentifier<PartitionStore>,
  PartitionRefiler: Symbol.for('locus.PartitionRefiler') as ServiceIdentifier<PartitionRefiler>,
  ScratchSpace: Symbol.for('locus.ScratchSpace') as ServiceIdentifier<ScratchSpace>,
  ReportQuery: Symbol.for('locus.ReportQuery') as ServiceIdentifier<ReportQuery>,
  ReportStore: Symbol.for('locus.ReportStore') as ServiceIdentifier<ReportStore>,
  ReportLinks: Symbol.for('locus.ReportLinks') as ServiceIdentifier<ReportLinks>,
  EventJournal: Symbol.for('locus.EventJournal') as ServiceIdentifier<EventJournal>,
  RunLock: Symbol.for('locus.RunLock') as ServiceIdentifier<RunLock>,
  ServerLifecycle: Symbol.for('locus.ServerLifecycle') as ServiceIdentifier<ServerLifecycle>,
  RejectedStore: Symbol.for('locus.RejectedStore') as ServiceIdentifier<RejectedStore>,
  TokenStore: Symbol.for('locus.TokenStore') as ServiceIdentifier<TokenStore>,
  SigningKeys: Symbol.for('locus.SigningKeys') as ServiceIdentifier<SigningKeys>,
  Clock: Symbol.for('locus.Clock') as ServiceIdentifier<Clock>,
  IdSource: Symbol.for('locus.IdSource') as ServiceIdentifier<IdSource>,
} as const;
