import { InMemoryServerLifecycle } from '../../../src/adapters/memory';
import { describeServerLifecycleContract } from '../../../src/testing';

describeServerLifecycleContract('InMemoryServerLifecycle', async () => ({
  lifecycle: new InMemoryServerLifecycle(),
}));
