import { InMemoryRejectedStore } from '../../../src/adapters/memory';
import { describeRejectedStoreContract } from '../../contracts/rejected-store.contract';

describeRejectedStoreContract('InMemoryRejectedStore', async () => ({ store: new InMemoryRejectedStore() }));
