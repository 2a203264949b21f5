import { createHash } from 'node:crypto';
import { boundedItemText, type RejectedItem } from '../../ports';
import type { Rejection } from '../receive/parse-locations';

/** Where a tracking app's message came from, for its refused items. */
export interface RefusalSource {
  readonly requestId: string;
  readonly arrivedAt: number;
  readonly route: string;
  readonly client: string;
}

const itemId = (parts: readonly string[]): string =>
  createHash('sha256').update(parts.join('\u001f'), 'utf8').digest('hex').slice(0, 32);

/**
 * The refused items of one message, one per index of the app's payload (an item refused for
 * several fields is one item, its fields and reasons joined), each with its raw form and the
 * device it names. The id hashes route, device, index, raw item and reasons: a resend keeps the
 * same ids.
 */
export const refusedItems = (
  source: RefusalSource,
  rejections: readonly Rejection[],
  raw: (index: number) => string,
  deviceIdOf: (index: number) => string | null,
): RejectedItem[] => {
  const byIndex = new Map<number, Rejection[]>();
  for (const rejection of rejections)
    byIndex.set(rejection.index, [...(byIndex.get(rejection.index) ?? []), rejection]);
  return [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, reasons]) => {
      const item = boundedItemText(raw(index));
      const deviceId = deviceIdOf(index);
      const field = [...new Set(reasons.map((r) => r.field).filter((f) => f !== ''))].join(',');
      const reason = [...new Set(reasons.map((r) => r.reason))].join('; ');
      return {
        itemId: itemId([source.route, deviceId ?? '', String(index), item, reason]),
        arrivedAt: source.arrivedAt,
        requestId: source.requestId,
        route: source.route,
        client: source.client,
        deviceId,
        index,
        field,
        reason,
        item,
      };
    });
};
