import { InMemoryRejectedStore } from '../../../src/adapters/memory';
import { describeRejectedStoreContract } from '../../../src/testing';

describeRejectedStoreContract('InMemoryRejectedStore', async () => ({ store: new InMemoryRejectedStore() }));
