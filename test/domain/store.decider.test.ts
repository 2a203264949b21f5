import { createLocationRecord, decideStoreBatch, RecordDateResolver } from '../../src/domain';

const dates = new RecordDateResolver('Asia/Tokyo');
const record = (deviceId: string, iso: string, offset: number) =>
  createLocationRecord(
    {
      deviceId,
      recordedAt: Date.parse(iso),
      latitude: 35.6,
      longitude: 139.7,
      accuracy: null,
      altitude: null,
      speed: null,
      heading: null,
    },
    Date.parse('2026-11-29T00:00:00Z') + offset,
  );

describe('store decision', () => {
  it('given leased messages with a repeated record, when stored, then one copy (the earliest received) is kept', () => {
    const late = record('a', '2026-11-28T23:30:00Z', 2_000);
    const early = record('a', '2026-11-28T23:30:00Z', 1_000);
    const other = record('b', '2026-11-28T10:00:00Z', 1_500);
    const decision = decideStoreBatch(
      {
        type: 'StoreBatch',
        data: {
          batchId: 'b1',
          messages: [
            { receipt: 'm1', records: [late, other] },
            { receipt: 'm2', records: [early] },
          ],
          storedAt: 3_000,
        },
      },
      dates,
    );
    expect(decision.records).toEqual([early, other]);
    expect(decision.event).toEqual({
      type: 'BatchStored',
      data: {
        batchId: 'b1',
        recordCount: 2,
        messageCount: 2,
        duplicatesDropped: 1,
        // 23:30Z on the 28th is the 29th in Tokyo.
        byDate: { '2026-11-29': 1, '2026-11-28': 1 },
        storedAt: 3_000,
      },
    });
  });

  it('refuses an empty batch', () => {
    expect(() =>
      decideStoreBatch({ type: 'StoreBatch', data: { batchId: 'b', messages: [], storedAt: 1 } }, dates),
    ).toThrow(expect.objectContaining({ code: 'EMPTY_BATCH' }));
  });
});
