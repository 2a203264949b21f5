import { seededRandom } from '../../../src/simulator/random';

const DAY = 86_400_000;

/**
 * `count` distinct locations as devices send them, recorded over the `days` days before `end`
 * (deterministic for a seed).
 */
export const sampleLocations = (
  count: number,
  end: number,
  seed: number,
  days = 3,
): Record<string, unknown>[] => {
  const random = seededRandom(seed);
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      deviceId: `dev-${seed}-${i % 7}`,
      latitude: Math.round((random() * 180 - 90) * 1e6) / 1e6,
      longitude: Math.round((random() * 360 - 180) * 1e6) / 1e6,
      timestamp: new Date(end - 1 - Math.floor(random() * days * DAY)).toISOString(),
      ...(i % 3 === 0 ? { accuracy: i } : {}),
    });
  }
  return out;
};

/** Splits items into requests of `size`. */
export const inRequests = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};
