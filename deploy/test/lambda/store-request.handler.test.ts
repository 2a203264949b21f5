import { TOKENS } from '../../../src/application/tokens';
import type { BatchStore } from '../../../src/ports';
import { LocusError } from '../../../src/ports';
import { ManualClock } from '../../../test/support/manual-clock';
import { aRecord } from '../../../test/support/records';
import type { EntryRoot } from '../../lambda/shared/entry-root';
import { createTelemetry, METRIC } from '../../lambda/shared/telemetry';
import { createStoreRequestHandler } from '../../lambda/store-request/handler';
import { createStoreRequestRoot } from '../../lambda/store-request/root';
import { type CapturedOutput, captureOutput } from './captured-output';
import { lambdaContext, scheduledEvent } from './lambda-fixtures';

describe('store_request (memory profile)', () => {
  let output: CapturedOutput;
  let root: EntryRoot;
  let clock: ManualClock;

  beforeEach(() => {
    output = captureOutput();
    clock = new ManualClock();
    root = createStoreRequestRoot({ LOCUS_PROFILE: 'memory' }, { clock });
  });

  afterEach(async () => {
    output.restore();
    await root.close();
  });

  const handler = () => createStoreRequestHandler(root, createTelemetry('store_request'));

  it('drains the queue into one batch without duplicates on a scheduled event, and counts it', async () => {
    const queue = root.get(TOKENS.queue);
    const [a, b, c] = [aRecord({ deviceId: 'a' }), aRecord({ deviceId: 'b' }), aRecord({ deviceId: 'c' })];
    await queue.enqueue([a, b]);
    await queue.enqueue([c]);
    await queue.enqueue([a]); // the same location sent again
    const context = lambdaContext('store_request');
    const outcome = await handler()(scheduledEvent(), context);
    expect(outcome).toEqual({
      batchId: expect.any(String),
      recordCount: 3,
      messageCount: 3,
      duplicatesDropped: 1,
      drained: true,
    });
    const batches = root.get(TOKENS.batches);
    expect(await batches.listPending()).toEqual([outcome.batchId]);
    const stored = [];
    for await (const chunk of batches.read(outcome.batchId as string)) stored.push(...chunk);
    expect(stored.map((r) => r.deviceId).sort()).toEqual(['a', 'b', 'c']);
    expect(await queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: 0 });
    expect(output.metric(METRIC.storedRecords)).toEqual([3]);
    expect(output.metric(METRIC.storedMessages)).toEqual([3]);
    expect(output.metric(METRIC.duplicatesDropped)).toEqual([1]);
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'batch stored',
        requestId: context.awsRequestId,
        trigger: 'aws.events at 2026-11-28T15:15:00Z',
        batchId: outcome.batchId,
      }),
    );
  });

  it('writes nothing when the queue is empty (EventBridge Scheduler input {})', async () => {
    const outcome = await handler()({}, lambdaContext('store_request'));
    expect(outcome).toEqual({
      batchId: null,
      recordCount: 0,
      messageCount: 0,
      duplicatesDropped: 0,
      drained: true,
    });
    expect(await root.get(TOKENS.batches).listPending()).toEqual([]);
    expect(output.metric(METRIC.storedRecords)).toEqual([0]);
  });

  it('fails when the batch cannot be written, and the messages come back after their lease', async () => {
    const failingPut: BatchStore['put'] = async () => {
      throw new LocusError('STORE_UNAVAILABLE', 'the bucket is unreachable');
    };
    root.container.onActivation(
      TOKENS.batches,
      (_context, store: BatchStore) =>
        new Proxy(store, {
          get: (target, key, receiver) => (key === 'put' ? failingPut : Reflect.get(target, key, receiver)),
        }),
    );
    const queue = root.get(TOKENS.queue);
    await queue.enqueue([aRecord()]);
    await expect(handler()(scheduledEvent(), lambdaContext('store_request'))).rejects.toThrow(
      'the bucket is unreachable',
    );
    expect(output.logs()).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        error: expect.objectContaining({ message: 'the bucket is unreachable' }),
      }),
    );
    expect(output.metric(METRIC.storedRecords)).toEqual([0]);
    expect((await queue.depth()).leased).toBe(1);
    clock.advance(root.config.core.store.leaseMs + 1);
    expect((await queue.depth()).ready).toBe(1);
  });
});
