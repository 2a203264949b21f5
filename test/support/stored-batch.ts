import { batchStream, decideStoreBatch, type LocationRecord, RecordDateResolver } from '../../src/domain';
import type { BatchStore, EventJournal } from '../../src/ports';

/**
 * Writes a batch as a store run does: the object under `work/`, then its `BatchStored` in the
 * journal (a batch the journal does not know of is never filed).
 */
export const putStoredBatch = async (
  ports: { readonly batches: BatchStore; readonly journal: EventJournal },
  batchId: string,
  records: readonly LocationRecord[],
  options: { readonly timeZone?: string; readonly storedAt?: number } = {},
): Promise<void> => {
  const decision = decideStoreBatch(
    {
      type: 'StoreBatch',
      data: { batchId, messages: [{ receipt: batchId, records }], storedAt: options.storedAt ?? 0 },
    },
    new RecordDateResolver(options.timeZone ?? 'UTC'),
  );
  await ports.batches.put(batchId, decision.records);
  await ports.journal.append(batchStream(batchId), [decision.event], 'no_stream');
};
