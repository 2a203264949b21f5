import { InMemoryServerLifecycle } from '../../../src/adapters/memory';
import { describeServerLifecycleContract } from '../../contracts/server-lifecycle.contract';

describeServerLifecycleContract('InMemoryServerLifecycle', async () => ({
  lifecycle: new InMemoryServerLifecycle(),
}));
