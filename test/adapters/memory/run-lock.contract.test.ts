import { InMemoryRunLock } from '../../../src/adapters/memory';
import { describeRunLockContract } from '../../../src/testing';
import { ManualClock } from '../../support/manual-clock';

describeRunLockContract('InMemoryRunLock', async () => {
  const clock = new ManualClock();
  return { lock: new InMemoryRunLock(clock), advanceTime: (ms) => clock.advance(ms) };
});
