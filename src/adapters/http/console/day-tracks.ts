import { CsvRowReader, decodeLocationRow, isHeaderRow, type LocationRecord } from '../../../domain';

/** One point as the page gets it: `[recordedAt ms, latitude, longitude, accuracy, speed, heading]`. */
export type TrackPoint = readonly [number, number, number, number | null, number | null, number | null];

export interface DeviceTrack {
  readonly deviceId: string;
  /** Points of the device in the report, and how many of them are sent. */
  readonly total: number;
  readonly points: readonly TrackPoint[];
}

export interface DayTracks {
  readonly rows: number;
  readonly shown: number;
  readonly devices: readonly DeviceTrack[];
  /** The bounds the points were thinned to; `downsampled` when some were left out. */
  readonly limits: { readonly maxPoints: number; readonly maxPointsPerDevice: number };
  readonly downsampled: boolean;
}

export interface TrackLimits {
  /** Most points sent for the whole day (each device keeps at least its first and last). */
  readonly maxPoints: number;
  readonly maxPointsPerDevice: number;
}

export const DEFAULT_TRACK_LIMITS: TrackLimits = { maxPoints: 20_000, maxPointsPerDevice: 2_000 };

interface Building {
  readonly deviceId: string;
  total: number;
  /** Keeps the points whose index in the device's track is a multiple of this. */
  stride: number;
  kept: { index: number; point: TrackPoint }[];
  last: TrackPoint | undefined;
}

const pointOf = (record: LocationRecord): TrackPoint => [
  record.recordedAt,
  record.latitude,
  record.longitude,
  record.accuracy,
  record.speed,
  record.heading,
];

/**
 * A day's tracks per device from its report (sorted by device, then time), thinned as it streams
 * by so that memory stays bounded whatever the day's size: a device keeps every `stride`-th point,
 * its stride doubling whenever it holds more than its share; when the day holds more than
 * `maxPoints`, every device's stride doubles. Each device keeps its last point.
 */
export const readDayTracks = async (
  csv: AsyncIterable<Uint8Array>,
  limits: TrackLimits = DEFAULT_TRACK_LIMITS,
): Promise<DayTracks> => {
  const devices: Building[] = [];
  const byId = new Map<string, Building>();
  let globalStride = 1;
  let keptTotal = 0;
  let rows = 0;
  const thin = (device: Building, stride: number) => {
    const before = device.kept.length;
    device.stride = Math.max(device.stride, stride);
    device.kept = device.kept.filter((entry) => entry.index % device.stride === 0);
    keptTotal -= before - device.kept.length;
  };
  const add = (record: LocationRecord) => {
    let device = byId.get(record.deviceId);
    if (device === undefined) {
      device = { deviceId: record.deviceId, total: 0, stride: globalStride, kept: [], last: undefined };
      byId.set(record.deviceId, device);
      devices.push(device);
    }
    const index = device.total++;
    const point = pointOf(record);
    device.last = point;
    if (index % Math.max(device.stride, globalStride) !== 0) return;
    device.kept.push({ index, point });
    keptTotal++;
    if (device.kept.length > limits.maxPointsPerDevice) thin(device, device.stride * 2);
    while (keptTotal > limits.maxPoints && globalStride < 2 ** 40) {
      globalStride *= 2;
      for (const each of devices) thin(each, globalStride);
    }
  };
  const reader = new CsvRowReader();
  const decoder = new TextDecoder();
  const take = (rowsRead: string[][]) => {
    for (const row of rowsRead) {
      if (isHeaderRow(row)) continue;
      rows++;
      add(decodeLocationRow(row));
    }
  };
  for await (const chunk of csv) {
    const out: string[][] = [];
    reader.push(decoder.decode(chunk, { stream: true }), out);
    take(out);
  }
  const out: string[][] = [];
  reader.push(decoder.decode(), out);
  reader.end(out);
  take(out);
  const tracks = devices.map((device): DeviceTrack => {
    const points = device.kept.map((entry) => entry.point);
    const lastKept = device.kept[device.kept.length - 1];
    if (device.last !== undefined && lastKept?.index !== device.total - 1) points.push(device.last);
    return { deviceId: device.deviceId, total: device.total, points };
  });
  const shown = tracks.reduce((sum, track) => sum + track.points.length, 0);
  return { rows, shown, devices: tracks, limits, downsampled: shown < rows };
};
