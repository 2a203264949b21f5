import fc from 'fast-check';
import { RecordDateResolver, shiftDate } from '../../../src/domain';
import { FAULT_KINDS, type Fault } from '../../support/fault-injection';
import { PIPELINE_PORTS } from '../../support/memory-ports';

/** Zones with whole, half, quarter-hour and half-hour-DST offsets, on both sides of UTC. */
export const ZONES = [
  'UTC',
  'Asia/Tokyo',
  'America/New_York',
  'Asia/Kolkata',
  'America/St_Johns',
  'Pacific/Chatham',
  'Australia/Lord_Howe',
] as const;

/**
 * Times a scenario starts at: just after New York's spring-forward and fall-back changes, after
 * a leap day, across a year's end, and an ordinary day.
 */
export const ANCHORS = [
  Date.UTC(2026, 2, 8, 7, 30),
  Date.UTC(2026, 10, 1, 6, 30),
  Date.UTC(2028, 2, 1, 5, 10),
  Date.UTC(2027, 0, 1, 0, 5),
  Date.UTC(2026, 10, 29, 0, 10),
] as const;

/** One location as a device sends it, before its timestamp is written in one of the accepted forms. */
export interface SentItem {
  readonly device: number;
  /** Where the timestamp comes from: an offset back from the scenario's start, or a local midnight. */
  readonly time: { readonly back: number } | { readonly midnightDaysBack: number; readonly delta: number };
  readonly format: 'iso-utc' | 'iso-offset' | 'epoch-seconds';
  readonly latitude: number;
  readonly longitude: number;
  readonly accuracy: number | null;
  readonly altitude: number | null;
  readonly speed: number | null;
  readonly heading: number | null;
}

export type Op =
  | { readonly op: 'post'; readonly size: number; readonly asBatch: boolean; readonly withInvalid: boolean }
  | { readonly op: 'resend'; readonly pick: number }
  | { readonly op: 'store' }
  | { readonly op: 'partition' }
  | { readonly op: 'report'; readonly pick: number }
  | { readonly op: 'daily' };

export interface Scenario {
  readonly zone: string;
  readonly start: number;
  readonly items: readonly SentItem[];
  readonly ops: readonly Op[];
  readonly faults: readonly Fault[];
  readonly redeliverySeed: number;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const itemArb: fc.Arbitrary<SentItem> = fc.record({
  device: fc.integer({ min: 0, max: 5 }),
  time: fc.oneof(
    { weight: 4, arbitrary: fc.record({ back: fc.integer({ min: -4 * MINUTE, max: 3 * DAY }) }) },
    {
      weight: 1,
      arbitrary: fc.record({
        midnightDaysBack: fc.integer({ min: 0, max: 3 }),
        delta: fc.constantFrom(-1, 0, 1, 999, -60_000),
      }),
    },
  ),
  format: fc.constantFrom('iso-utc', 'iso-offset', 'epoch-seconds'),
  latitude: fc.double({ min: -90, max: 90, noNaN: true }),
  longitude: fc.double({ min: -180, max: 180, noNaN: true }),
  accuracy: fc.option(fc.double({ min: 0, max: 1e5, noNaN: true })),
  altitude: fc.option(fc.double({ min: -1e4, max: 1e5, noNaN: true })),
  speed: fc.option(fc.double({ min: 0, max: 400, noNaN: true })),
  heading: fc.option(fc.double({ min: 0, max: 360, noNaN: true })),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('post' as const),
      size: fc.integer({ min: 1, max: 8 }),
      asBatch: fc.boolean(),
      withInvalid: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('resend' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.constant({ op: 'store' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'partition' as const }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('report' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ op: 'daily' as const }) },
);

/** Random workloads and fault schedules; `maxPoint` bounds where a fault may land. */
export const scenarioArb = (options: {
  minItems: number;
  maxItems: number;
  maxFaults: number;
  maxPoint: number;
}) =>
  fc.record({
    zone: fc.constantFrom(...ZONES),
    start: fc
      .tuple(fc.constantFrom(...ANCHORS), fc.integer({ min: 0, max: 20 * 60 }))
      .map(([a, m]) => a + m * MINUTE),
    items: fc.array(itemArb, { minLength: options.minItems, maxLength: options.maxItems }),
    ops: fc.array(opArb, { minLength: 4, maxLength: 24 }),
    faults: fc.uniqueArray(
      fc.oneof(
        fc.record({
          at: fc.integer({ min: 1, max: options.maxPoint }),
          kind: fc.constantFrom(...FAULT_KINDS),
        }),
        fc.record({
          // A fault may be aimed at any port (besides faults at any point of the run).
          port: fc.constantFrom(...PIPELINE_PORTS),
          at: fc.integer({ min: 1, max: 8 }),
          kind: fc.constantFrom(...FAULT_KINDS),
        }),
      ),
      { maxLength: options.maxFaults, selector: (fault: Fault) => `${fault.port ?? ''}${fault.at}` },
    ),
    redeliverySeed: fc.integer({ min: 1, max: 1_000_000 }),
  }) as fc.Arbitrary<Scenario>;

/** The instant a calendar date starts in a zone (zones here never skip their midnight). */
export const localMidnight = (zone: RecordDateResolver, date: string): number => {
  let guess = Date.parse(`${date}T00:00:00.000Z`);
  for (let i = 0; i < 3; i++) guess = Date.parse(`${date}T00:00:00.000Z`) - zone.offsetAt(guess);
  return guess;
};

const isoWithOffset = (at: number, offsetMs: number): string => {
  const sign = offsetMs < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMs) / MINUTE;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return new Date(at + offsetMs).toISOString().replace('Z', `${sign}${hh}:${mm}`);
};

/** The JSON a device sends for an item of a scenario that starts at `start` in `zone`. */
export const toJson = (item: SentItem, start: number, zone: RecordDateResolver): Record<string, unknown> => {
  let at: number;
  if ('back' in item.time) at = start - item.time.back;
  else {
    const day = shiftDate(zone.dateOf(start), -item.time.midnightDaysBack);
    at = Math.min(start, localMidnight(zone, day) + item.time.delta);
  }
  const timestamp =
    item.format === 'epoch-seconds'
      ? at / 1000
      : item.format === 'iso-offset'
        ? isoWithOffset(at, zone.offsetAt(at))
        : new Date(at).toISOString();
  const json: Record<string, unknown> = {
    deviceId: `phone:${item.device}@fleet.example-${item.device % 3}`,
    latitude: item.latitude,
    longitude: item.longitude,
    timestamp,
  };
  if (item.accuracy !== null) json.accuracy = item.accuracy;
  if (item.altitude !== null) json.altitude = item.altitude;
  if (item.speed !== null) json.speed = item.speed;
  if (item.heading !== null) json.heading = item.heading;
  return json;
};

/** A compact description of a scenario, for a failure message. */
export const describeScenario = (scenario: Scenario): string =>
  `zone ${scenario.zone}, start ${new Date(scenario.start).toISOString()}, ${scenario.items.length} items, ` +
  `ops ${scenario.ops.map((op) => op.op).join(',')}, faults ${scenario.faults
    .map((f) => `${f.kind}@${f.port === undefined ? '' : `${f.port}#`}${f.at}`)
    .join(',')}`;
