import type { Movement } from './movement';
import { between, type Random, weighted } from './random';
import { SimDevice } from './sim-device';

/** Where the devices start: around Tokyo Station. */
const CENTRE = { latitude: 35.681236, longitude: 139.767125 };
/** How likely each way of moving is for a device. */
const MOVEMENTS: readonly (readonly [Movement, number])[] = [
  ['walking', 0.5],
  ['driving', 0.3],
  ['stationary', 0.2],
];

/**
 * `count` devices named `sim-0001`, `sim-0002`, … (wider when there are more), each starting
 * within about 5 km of the centre and moving in a way drawn from {@link MOVEMENTS}.
 */
export const createDeviceFleet = (count: number, random: Random, startedAt: number): SimDevice[] => {
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, i) => {
    const start = {
      latitude: CENTRE.latitude + between(random, -0.05, 0.05),
      longitude: CENTRE.longitude + between(random, -0.05, 0.05),
    };
    const name = `sim-${String(i + 1).padStart(width, '0')}`;
    return new SimDevice(name, weighted(random, MOVEMENTS), start, random, startedAt);
  });
};
