import { encodeCsvRow, formatInstant, neutraliseCell } from '../../domain';
import type { RejectedItem } from '../../ports';

/** The columns of `locus rejected --csv`. */
export const REJECTED_CSV_HEADER =
  'arrived_at,route,client,device_id,index,field,reason,item,item_id,request_id';

/**
 * A date's refused items as CSV (RFC 4180, header row). The text comes from devices, so a cell
 * that a spreadsheet would run as a formula is prefixed with `'`.
 */
export const rejectedCsv = (items: readonly RejectedItem[]): string =>
  [
    REJECTED_CSV_HEADER,
    ...items.map((item) =>
      encodeCsvRow([
        formatInstant(item.arrivedAt),
        item.route,
        item.client,
        neutraliseCell(item.deviceId ?? ''),
        String(item.index),
        neutraliseCell(item.field),
        neutraliseCell(item.reason),
        neutraliseCell(item.item),
        item.itemId,
        item.requestId,
      ]),
    ),
  ]
    .map((line) => `${line}\n`)
    .join('');

const cut = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, width - 1)}…`;

/** A date's refused items for people: one line each, then the count. */
export const rejectedText = (date: string, items: readonly RejectedItem[]): string => {
  const lines = items.map(
    (item) =>
      `${formatInstant(item.arrivedAt)}  ${item.route}  ${item.deviceId ?? '(no device)'}  #${item.index}  ` +
      `${item.field === '' ? '' : `${item.field}: `}${item.reason}\n    ${cut(item.item.replace(/\s+/g, ' '), 160)}\n`,
  );
  return `${lines.join('')}${items.length} refused item(s) of tracking apps arrived on ${date}\n`;
};
