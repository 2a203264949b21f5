import { LocalServerLifecycle } from '../../../src/adapters/local/local-server-lifecycle';
import { describeServerLifecycleContract } from '../../../src/testing';

describeServerLifecycleContract('LocalServerLifecycle', async () => ({
  lifecycle: new LocalServerLifecycle(),
}));
