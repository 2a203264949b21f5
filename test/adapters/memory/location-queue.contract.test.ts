import { InMemoryLocationQueue } from '../../../src/adapters/memory';
import { describeLocationQueueContract } from '../../contracts/location-queue.contract';
import { ManualClock } from '../../support/manual-clock';

describeLocationQueueContract('InMemoryLocationQueue', async () => {
  const clock = new ManualClock();
  return { queue: new InMemoryLocationQueue(clock), advanceTime: (ms) => clock.advance(ms) };
});
