import type { ServiceIdentifier } from 'inversify';
import type {
  BatchArchive,
  BatchStore,
  Clock,
  EventJournal,
  IdSource,
  LocationQueue,
  PartitionRefiler,
  PartitionStore,
  RejectedStore,
  ReportLinks,
  ReportQuery,
  ReportStore,
  RunLock,
  ScratchSpace,
  ServerLifecycle,
  SigningKeys,
  TokenStore,
} from '../ports';
import type { SecuritySettings } from './security/security-settings';
import type { CoreSettings } from './settings';

/** Every injectable port and value, typed; the only place service identifiers are made. */
export const TOKENS = {
  CoreSettings: Symbol.for('locus.CoreSettings') as ServiceIdentifier<CoreSettings>,
  LocationQueue: Symbol.for('locus.LocationQueue') as ServiceIdentifier<LocationQueue>,
  BatchStore: Symbol.for('locus.BatchStore') as ServiceIdentifier<BatchStore>,
  PartitionStore: Symbol.for('locus.PartitionStore') as ServiceIdentifier<PartitionStore>,
  PartitionRefiler: Symbol.for('locus.PartitionRefiler') as ServiceIdentifier<PartitionRefiler>,
  ReportQuery: Symbol.for('locus.ReportQuery') as ServiceIdentifier<ReportQuery>,
  ReportStore: Symbol.for('locus.ReportStore') as ServiceIdentifier<ReportStore>,
  EventJournal: Symbol.for('locus.EventJournal') as ServiceIdentifier<EventJournal>,
  ServerLifecycle: Symbol.for('locus.ServerLifecycle') as ServiceIdentifier<ServerLifecycle>,
  RunLock: Symbol.for('locus.RunLock') as ServiceIdentifier<RunLock>,
  ScratchSpace: Symbol.for('locus.ScratchSpace') as ServiceIdentifier<ScratchSpace>,
  Clock: Symbol.for('locus.Clock') as ServiceIdentifier<Clock>,
  IdSource: Symbol.for('locus.IdSource') as ServiceIdentifier<IdSource>,
  SecuritySettings: Symbol.for('locus.SecuritySettings') as ServiceIdentifier<SecuritySettings>,
  TokenStore: Symbol.for('locus.TokenStore') as ServiceIdentifier<TokenStore>,
  SigningKeys: Symbol.for('locus.SigningKeys') as ServiceIdentifier<SigningKeys>,
  ReportLinks: Symbol.for('locus.ReportLinks') as ServiceIdentifier<ReportLinks>,
  BatchArchive: Symbol.for('locus.BatchArchive') as ServiceIdentifier<BatchArchive>,
  RejectedStore: Symbol.for('locus.RejectedStore') as ServiceIdentifier<RejectedStore>,
} as const;
