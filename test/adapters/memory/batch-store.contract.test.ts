import { InMemoryBatchStore } from '../../../src/adapters/memory';
import { describeBatchStoreContract } from '../../contracts/batch-store.contract';

describeBatchStoreContract('InMemoryBatchStore', async () => ({ store: new InMemoryBatchStore() }));
