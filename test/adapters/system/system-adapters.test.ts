import { RandomIdSource } from '../../../src/adapters/system/random-id-source';
import { SystemClock } from '../../../src/adapters/system/system-clock';

describe('SystemClock', () => {
  it("reads the machine's time in epoch milliseconds", () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe('RandomIdSource', () => {
  it('makes distinct ids of letters, digits and dashes only', () => {
    const source = new RandomIdSource();
    const ids = Array.from({ length: 1_000 }, () => source.next());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9-]+$/);
  });
});
