import { StoreService } from '../../../src/application';
import { ENTRY_ADAPTERS } from '../shared/entry-adapters';
import { createEntryRoot, type EntryRoot, type EntryRootOptions } from '../shared/entry-root';

export const STORE_REQUEST = 'store_request';

/** The composition root of `store_request`: the store service over the queue, the batch store and the journal. */
export const createStoreRequestRoot = (
  env: Readonly<Record<string, string | undefined>>,
  options?: EntryRootOptions,
): EntryRoot =>
  createEntryRoot(
    {
      name: STORE_REQUEST,
      ports: ['queue', 'batches', 'journal'],
      services: [StoreService],
      adapters: ENTRY_ADAPTERS,
    },
    env,
    options,
  );
