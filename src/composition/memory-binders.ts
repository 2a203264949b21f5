import {
  InMemoryBatchStore,
  InMemoryEventJournal,
  InMemoryLocationQueue,
  InMemoryPartitionStore,
  InMemoryRejectedStore,
  InMemoryReportQuery,
  InMemoryReportStore,
  InMemoryRunLock,
  InMemoryScratchSpace,
  InMemoryServerLifecycle,
} from '../adapters/memory';
import { TOKENS } from '../application/tokens';
import type { AdapterBinders } from './adapter-binders';

/** The `memory` profile: every port bound to its in-process fake, one instance per container. */
export const memoryBinders = (): AdapterBinders => ({
  queue: ({ bind }) => bind(TOKENS.LocationQueue).to(InMemoryLocationQueue).inSingletonScope(),
  batches: ({ bind }) => bind(TOKENS.BatchStore).to(InMemoryBatchStore).inSingletonScope(),
  partitions: ({ bind }) => bind(TOKENS.PartitionStore).to(InMemoryPartitionStore).inSingletonScope(),
  reportQuery: ({ bind }) => bind(TOKENS.ReportQuery).to(InMemoryReportQuery).inSingletonScope(),
  reports: ({ bind }) => bind(TOKENS.ReportStore).to(InMemoryReportStore).inSingletonScope(),
  journal: ({ bind }) => bind(TOKENS.EventJournal).to(InMemoryEventJournal).inSingletonScope(),
  lock: ({ bind }) => bind(TOKENS.RunLock).to(InMemoryRunLock).inSingletonScope(),
  scratch: ({ bind }) => bind(TOKENS.ScratchSpace).to(InMemoryScratchSpace).inSingletonScope(),
  lifecycle: ({ bind }) => bind(TOKENS.ServerLifecycle).to(InMemoryServerLifecycle).inSingletonScope(),
  rejected: ({ bind }) => bind(TOKENS.RejectedStore).to(InMemoryRejectedStore).inSingletonScope(),
});
