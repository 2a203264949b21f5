import { type LocationQueue, LocusError } from '../../src/ports';

/** A queue that is down: every enqueue fails with `QUEUE_UNAVAILABLE`; it holds nothing. */
export const failingQueue: LocationQueue = {
  enqueue: async () => {
    throw new LocusError('QUEUE_UNAVAILABLE', 'the queue is down');
  },
  lease: async () => [],
  acknowledge: async () => {},
  depth: async () => ({ ready: 0, leased: 0, quarantined: 0 }),
};
