import { type LocationQueue, LocusError } from '../../src/ports';

/** A queue whose `enqueue` is the one given; it hands nothing out and reports itself empty. */
export const queueThat = (enqueue: LocationQueue['enqueue']): LocationQueue => ({
  enqueue,
  lease: async () => [],
  acknowledge: async () => {},
  depth: async () => ({ ready: 0, leased: 0, quarantined: 0 }),
  quarantine: async () => [],
  redrive: async (ids) => ({ redriven: [], records: 0, unreadable: [], notFound: [...(ids ?? [])] }),
});

/** A queue that is down: every enqueue fails with `QUEUE_UNAVAILABLE`; it holds nothing. */
export const failingQueue: LocationQueue = queueThat(async () => {
  throw new LocusError('QUEUE_UNAVAILABLE', 'the queue is down');
});
