import { leasedTooOften, previewRecords, previewUnreadable } from '../../src/domain';
import { aRecord } from '../support/records';

describe('a quarantined message as an operator sees it', () => {
  it('names up to three devices with their counts, the others counted, and the span of times', () => {
    const at = Date.UTC(2026, 10, 28, 9, 15);
    const records = ['a', 'b', 'a', 'c', 'd', 'e'].map((deviceId, i) =>
      aRecord({ deviceId, latitude: 35.681236, longitude: 139.767125, recordedAt: at + i * 60_000 }),
    );
    expect(previewRecords(records)).toBe(
      'a ×2, b ×1, c ×1, +2 devices; recorded 2026-11-28T09:15:00.000Z…2026-11-28T09:20:00.000Z',
    );
  });

  it('gives one time when every record has the same', () => {
    const record = aRecord({ deviceId: 'phone-1', recordedAt: Date.UTC(2026, 0, 2) });
    expect(previewRecords([record, record])).toBe('phone-1 ×2; recorded 2026-01-02T00:00:00.000Z');
    expect(previewRecords([])).toBe('no records');
  });

  it('masks every digit of an unreadable body, shows control characters, and cuts it short', () => {
    expect(previewUnreadable('35.681236,139.767125\u0000\n')).toBe('##.######,###.######··');
    const long = previewUnreadable('x'.repeat(100));
    expect(long).toBe(`${'x'.repeat(60)}…`);
  });

  it('says how often a message was leased', () => {
    expect(leasedTooOften(1)).toBe('leased 1 time without acknowledgement');
    expect(leasedTooOften(5)).toBe('leased 5 times without acknowledgement');
  });
});
