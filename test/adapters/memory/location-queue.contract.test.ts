import { InMemoryLocationQueue } from '../../../src/adapters/memory';
import { describeLocationQueueContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';

describeLocationQueueContract('InMemoryLocationQueue', async (options) => {
  const clock = new ManualClock();
  const queue = new InMemoryLocationQueue(clock, options);
  return { queue, advanceTime: (ms) => clock.advance(ms), sendText: (body) => queue.enqueueText(body) };
});
