import { LocalServerLifecycle } from '../../../src/adapters/local/local-server-lifecycle';
import { describeServerLifecycleContract } from '../../contracts/server-lifecycle.contract';

describeServerLifecycleContract('LocalServerLifecycle', async () => ({
  lifecycle: new LocalServerLifecycle(),
}));
