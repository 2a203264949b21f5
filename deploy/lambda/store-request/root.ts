import { StoreService } from '../../../src/application';
import { ENTRY_ADAPTERS } from '../shared/entry-adapters';
import { entryRoot } from '../shared/entry-root';

export const STORE_REQUEST = 'store_request';

/** `store_request`: the store service over the queue, the batch store and the journal. */
export const createStoreRequestRoot = entryRoot({
  name: STORE_REQUEST,
  ports: ['queue', 'batches', 'journal'],
  services: [StoreService],
  adapters: ENTRY_ADAPTERS,
});
