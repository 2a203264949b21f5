import type { ServiceIdentifier } from 'inversify';
import type {
  BatchStore,
  Clock,
  EventJournal,
  IdSource,
  LocationQueue,
  PartitionStore,
  ReportQuery,
  ReportStore,
  RunLock,
  ScratchSpace,
  ServerLifecycle,
} from '../ports';
import type { CoreSettings } from './settings';

/** Every injectable port and value, typed; the only place service identifiers are made. */
export const TOKENS = {
  CoreSettings: Symbol.for('locus.CoreSettings') as ServiceIdentifier<CoreSettings>,
  LocationQueue: Symbol.for('locus.LocationQueue') as ServiceIdentifier<LocationQueue>,
  BatchStore: Symbol.for('locus.BatchStore') as ServiceIdentifier<BatchStore>,
  PartitionStore: Symbol.for('locus.PartitionStore') as ServiceIdentifier<PartitionStore>,
  ReportQuery: Symbol.for('locus.ReportQuery') as ServiceIdentifier<ReportQuery>,
  ReportStore: Symbol.for('locus.ReportStore') as ServiceIdentifier<ReportStore>,
  EventJournal: Symbol.for('locus.EventJournal') as ServiceIdentifier<EventJournal>,
  ServerLifecycle: Symbol.for('locus.ServerLifecycle') as ServiceIdentifier<ServerLifecycle>,
  RunLock: Symbol.for('locus.RunLock') as ServiceIdentifier<RunLock>,
  ScratchSpace: Symbol.for('locus.ScratchSpace') as ServiceIdentifier<ScratchSpace>,
  Clock: Symbol.for('locus.Clock') as ServiceIdentifier<Clock>,
  IdSource: Symbol.for('locus.IdSource') as ServiceIdentifier<IdSource>,
} as const;
