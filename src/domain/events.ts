import type { BatchPartitioned, BatchQuarantined, BatchRestored } from './phases/batch';
import type { CollectionServerEvent } from './phases/collection-server';
import type { PartitionWritten } from './phases/partition';
import type { QuarantineEvent } from './phases/quarantine';
import type { LocationsAccepted } from './phases/receive';
import type { ReportPublished, ReportRejected } from './phases/report';
import type { BatchStored, QueueDrained } from './phases/store';
import type { DeviceRecordsPurged } from './security/device-records-purged';

/** Every fact Locus journals. */
export type LocusEvent =
  | LocationsAccepted
  | BatchStored
  | QueueDrained
  | BatchPartitioned
  | BatchQuarantined
  | BatchRestored
  | PartitionWritten
  | ReportPublished
  | ReportRejected
  | CollectionServerEvent
  | DeviceRecordsPurged
  | QuarantineEvent;

export type LocusEventType = LocusEvent['type'];
