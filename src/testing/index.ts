/**
 * `locus/testing`: the contract suite of every port, for adapters in this tree and from outside it.
 * A suite registers jest cases (`describe`, `it`, `expect` from jest's globals): call
 * `describe<Port>Contract('MyAdapter', async () => ({ ... }))` in a test file.
 */
export * from './batch-store.contract';
export * from './event-journal.contract';
export * from './event-journal-append-all.contract';
export * from './event-journal-read-streams.contract';
export * from './eventually';
export * from './location-queue.contract';
export * from './location-queue-quarantine.contract';
export * from './partition-store.contract';
export * from './records';
export * from './rejected-store.contract';
export * from './report-query.contract';
export * from './report-store.contract';
export * from './run-lock.contract';
export * from './scratch-space.contract';
export * from './server-lifecycle.contract';
