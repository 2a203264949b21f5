import { reclaimMemory } from '../../../src/adapters/system/reclaim-memory';

describe('reclaimMemory', () => {
  it('collects an object that nothing refers to any more', async () => {
    let garbage: { payload: number[] } | undefined = { payload: Array.from({ length: 1_000 }, (_, i) => i) };
    const ref = new WeakRef(garbage);
    garbage = undefined;
    // A WeakRef keeps its target alive until the current job ends.
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(reclaimMemory()).toBe(true);
    expect(ref.deref()).toBeUndefined();
  });

  it('keeps what is still referred to', async () => {
    const kept = { payload: [1, 2, 3] };
    const ref = new WeakRef(kept);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(reclaimMemory()).toBe(true);
    expect(ref.deref()).toBe(kept);
  });
});
