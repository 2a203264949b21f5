import type { BatchPartitioned } from './phases/batch';
import type { CollectionServerEvent } from './phases/collection-server';
import type { PartitionWritten } from './phases/partition';
import type { QuarantineEvent } from './phases/quarantine';
import type { LocationsAccepted } from './phases/receive';
import type { ReportPublished } from './phases/report';
import type { BatchStored } from './phases/store';
import type { DeviceRecordsPurged } from './security/device-records-purged';

/** Every fact Locus journals. */
export type LocusEvent =
  | LocationsAccepted
  | BatchStored
  | BatchPartitioned
  | PartitionWritten
  | ReportPublished
  | CollectionServerEvent
  | DeviceRecordsPurged
  | QuarantineEvent;

export type LocusEventType = LocusEvent['type'];
