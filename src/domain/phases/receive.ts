import type { LocationRecord } from '../location/location-record';
import type { CalendarDate, RecordDateResolver } from '../location/record-date';
import { type Command, DomainError, type Event } from '../shared/decider';

export type AcceptLocations = Command<
  'AcceptLocations',
  { requestId: string; records: readonly LocationRecord[]; receivedAt: number }
>;

export type LocationsAccepted = Event<
  'LocationsAccepted',
  {
    requestId: string;
    recordIds: readonly string[];
    byDate: Readonly<Record<CalendarDate, number>>;
    acceptedAt: number;
  }
>;

/** Receive: a request's valid records are accepted together, counted by their own date. */
export const decideAcceptLocations = (
  command: AcceptLocations,
  dates: RecordDateResolver,
): readonly LocationsAccepted[] => {
  const { requestId, records, receivedAt } = command.data;
  if (records.length === 0) throw new DomainError('NOTHING_TO_ACCEPT', 'no valid location to accept');
  const byDate: Record<CalendarDate, number> = {};
  for (const record of records) {
    if (record.receivedAt !== receivedAt) {
      throw new DomainError('RECEIPT_MISMATCH', 'every record of a request carries the request time');
    }
    const date = dates.dateOf(record.recordedAt);
    byDate[date] = (byDate[date] ?? 0) + 1;
  }
  return [
    {
      type: 'LocationsAccepted',
      data: { requestId, recordIds: records.map((r) => r.recordId), byDate, acceptedAt: receivedAt },
    },
  ];
};
