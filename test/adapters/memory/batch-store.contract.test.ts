import { InMemoryBatchStore } from '../../../src/adapters/memory';
import { describeBatchStoreContract } from '../../../src/testing';

describeBatchStoreContract('InMemoryBatchStore', async () => ({ store: new InMemoryBatchStore() }));
