import { createLocationRecord, decideAcceptLocations, RecordDateResolver } from '../../src/domain';

const dates = new RecordDateResolver('America/New_York');
const at = (iso: string, receivedAt: number) =>
  createLocationRecord(
    {
      deviceId: 'd-1',
      recordedAt: Date.parse(iso),
      latitude: 40.7,
      longitude: -74,
      accuracy: 5,
      altitude: null,
      speed: null,
      heading: null,
    },
    receivedAt,
  );

describe('receive decision', () => {
  const receivedAt = Date.parse('2026-11-29T12:00:00Z');

  it('accepts a request and counts its records by their own date in the configured zone', () => {
    const a = at('2026-11-29T04:59:59Z', receivedAt); // 23:59:59 on the 28th in New York
    const b = at('2026-11-29T05:00:00Z', receivedAt); // midnight of the 29th
    const [event] = decideAcceptLocations(
      { type: 'AcceptLocations', data: { requestId: 'q1', records: [a, b], receivedAt } },
      dates,
    );
    expect(event).toEqual({
      type: 'LocationsAccepted',
      data: {
        requestId: 'q1',
        recordIds: [a.recordId, b.recordId],
        byDate: { '2026-11-28': 1, '2026-11-29': 1 },
        acceptedAt: receivedAt,
      },
    });
  });

  it('refuses a request with nothing valid in it', () => {
    expect(() =>
      decideAcceptLocations(
        { type: 'AcceptLocations', data: { requestId: 'q', records: [], receivedAt } },
        dates,
      ),
    ).toThrow(expect.objectContaining({ code: 'NOTHING_TO_ACCEPT' }));
  });

  it('refuses records stamped with another receipt time', () => {
    const stray = at('2026-11-29T04:00:00Z', receivedAt - 1);
    expect(() =>
      decideAcceptLocations(
        { type: 'AcceptLocations', data: { requestId: 'q', records: [stray], receivedAt } },
        dates,
      ),
    ).toThrow(expect.objectContaining({ code: 'RECEIPT_MISMATCH' }));
  });
});
