import type { LocationRecord } from '../../src/domain';
import { RecordDateResolver } from '../../src/domain';
import { seededRandom } from '../../src/simulator/random';
import type { MemoryWorld } from './memory-world';

export interface Workload {
  /** What every accepted record must look like in its day's report: earliest received copy, by id. */
  readonly expected: Map<string, Map<string, LocationRecord>>;
  readonly dates: readonly string[];
  readonly requests: number;
}

/**
 * Posts `count` distinct locations through the receive service, in requests of 1 to 12, with
 * about one in eight resent later (a duplicate send) and some invalid items that must be refused.
 * Locations span several days up to the world's clock.
 */
export const receiveWorkload = async (world: MemoryWorld, count: number, seed: number): Promise<Workload> => {
  const random = seededRandom(seed);
  const zone = new RecordDateResolver(world.settings.timeZone);
  const end = world.clock.now();
  const span = 3.5 * 86_400_000;
  const made: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const at = end - Math.floor(random() * span);
    made.push({
      deviceId: `device-${Math.floor(random() * 25)}`,
      latitude: Math.round((random() * 180 - 90) * 1e6) / 1e6,
      longitude: Math.round((random() * 360 - 180) * 1e6) / 1e6,
      timestamp: random() < 0.5 ? new Date(at).toISOString() : Math.floor(at / 1000),
      ...(random() < 0.5 ? { accuracy: Math.round(random() * 500) / 10 } : {}),
      ...(random() < 0.2
        ? { speed: Math.round(random() * 300) / 10, heading: Math.floor(random() * 360) }
        : {}),
    });
  }
  const resend: Record<string, unknown>[] = [];
  const expected = new Map<string, Map<string, LocationRecord>>();
  let requests = 0;
  const post = async (items: Record<string, unknown>[]) => {
    const body = items.length === 1 && random() < 0.5 ? items[0] : { locations: items };
    const receivedAt = world.clock.now();
    const outcome = await world.receive.accept(body, { requestId: `r${requests++}`, receivedAt });
    world.clock.advance(50);
    if (outcome.kind !== 'accepted') return;
    for (const id of outcome.ids) {
      // Rebuild the accepted record from the queue's point of view: same id, this receipt time.
      const item = items.find((candidate) => candidate.__id === id);
      if (item === undefined) continue;
      const record = item.__record as LocationRecord;
      const date = zone.dateOf(record.recordedAt);
      let day = expected.get(date);
      if (day === undefined) {
        day = new Map();
        expected.set(date, day);
      }
      const seen = day.get(id);
      if (seen === undefined || receivedAt < seen.receivedAt) day.set(id, { ...record, receivedAt });
    }
  };
  // Identify every item up front with the same rules the service uses.
  const { parseLocations } = await import('../../src/application/receive/parse-locations');
  for (const item of made) {
    const parsed = parseLocations(item, end, world.settings.timePolicy, 1000);
    const record = parsed.records[0]?.record;
    if (record === undefined) throw new Error('the workload made an invalid location');
    Object.defineProperty(item, '__id', { value: record.recordId, enumerable: false });
    Object.defineProperty(item, '__record', { value: record, enumerable: false });
  }
  let i = 0;
  while (i < made.length) {
    const size = 1 + Math.floor(random() * 12);
    const items = made.slice(i, i + size);
    i += size;
    if (random() < 0.15)
      items.push({ deviceId: 'bad device', latitude: 95, longitude: 0, timestamp: 'soon' });
    await post(items);
    for (const item of items) if (random() < 0.125 && '__id' in item) resend.push(item);
  }
  for (let j = 0; j < resend.length; j += 5) await post(resend.slice(j, j + 5));
  return { expected, dates: [...expected.keys()].sort(), requests };
};
