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
import { InMemoryBatchArchive } from '../adapters/memory/in-memory-batch-archive';
import { InMemorySigningKeys, InMemoryTokenStore } from '../adapters/memory/in-memory-token-store';
import { HmacReportLinks } from '../application/security/signed-links';
import { type AdapterTable, singleton } from './adapter-entry';

/** In-process adapters: nothing kept, one instance per container (tests, trials). */
export const MEMORY_ADAPTERS: AdapterTable = {
  queue: { memory: singleton(InMemoryLocationQueue) },
  batches: { memory: singleton(InMemoryBatchStore) },
  archive: { memory: singleton(InMemoryBatchArchive) },
  partitions: { memory: singleton(InMemoryPartitionStore) },
  scratch: { memory: singleton(InMemoryScratchSpace) },
  reportQuery: { memory: singleton(InMemoryReportQuery) },
  reports: { memory: singleton(InMemoryReportStore) },
  links: { signed: singleton(HmacReportLinks) },
  journal: { memory: singleton(InMemoryEventJournal) },
  lock: { memory: singleton(InMemoryRunLock) },
  server: { memory: singleton(InMemoryServerLifecycle) },
  rejected: { memory: singleton(InMemoryRejectedStore) },
  tokens: { memory: singleton(InMemoryTokenStore) },
  keys: { memory: singleton(InMemorySigningKeys) },
};
