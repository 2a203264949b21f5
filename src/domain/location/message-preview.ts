import type { LocationRecord } from './location-record';
import { formatInstant } from './timestamp';

const DEVICES_SHOWN = 3;
const TEXT_SHOWN = 60;

/**
 * A short look at a message's records for an operator, without coordinates: the devices (with
 * how many records each) and the span of their times.
 */
export const previewRecords = (records: readonly LocationRecord[]): string => {
  const byDevice = new Map<string, number>();
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const record of records) {
    byDevice.set(record.deviceId, (byDevice.get(record.deviceId) ?? 0) + 1);
    first = Math.min(first, record.recordedAt);
    last = Math.max(last, record.recordedAt);
  }
  if (byDevice.size === 0) return 'no records';
  const devices = [...byDevice].slice(0, DEVICES_SHOWN).map(([id, count]) => `${id} ×${count}`);
  if (byDevice.size > DEVICES_SHOWN) devices.push(`+${byDevice.size - DEVICES_SHOWN} devices`);
  const span = first === last ? formatInstant(first) : `${formatInstant(first)}…${formatInstant(last)}`;
  return `${devices.join(', ')}; recorded ${span}`;
};

/**
 * The start of a body that cannot be read as records, with every digit masked (it may hold
 * coordinates) and control characters shown as `·`.
 */
export const previewUnreadable = (body: string): string => {
  const shown = body
    .slice(0, TEXT_SHOWN)
    .replace(/[0-9]/g, '#')
    .replace(/\p{Cc}/gu, '·');
  return body.length > TEXT_SHOWN ? `${shown}…` : shown;
};

/** Why a queue set aside a message it had handed out `leases` times without an acknowledgement. */
export const leasedTooOften = (leases: number): string =>
  `leased ${leases} ${leases === 1 ? 'time' : 'times'} without acknowledgement`;
