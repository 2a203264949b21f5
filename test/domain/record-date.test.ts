import { calendarDate, isCalendarDate, RecordDateResolver, shiftDate } from '../../src/domain';

describe('record dates', () => {
  it('takes the date in the configured zone: 23:30Z on the 28th is the 29th in Tokyo', () => {
    const instant = Date.parse('2026-11-28T23:30:00Z');
    expect(new RecordDateResolver('UTC').dateOf(instant)).toBe('2026-11-28');
    expect(new RecordDateResolver('Asia/Tokyo').dateOf(instant)).toBe('2026-11-29');
  });

  it('follows daylight saving changes in New York', () => {
    const ny = new RecordDateResolver('America/New_York');
    // DST ends 2026-11-01 06:00Z: before it the offset is -4h, after it -5h.
    expect(ny.dateOf(Date.parse('2026-11-01T03:59:59.999Z'))).toBe('2026-10-31');
    expect(ny.dateOf(Date.parse('2026-11-01T04:00:00Z'))).toBe('2026-11-01');
    expect(ny.dateOf(Date.parse('2026-11-02T04:59:59.999Z'))).toBe('2026-11-01');
    expect(ny.dateOf(Date.parse('2026-11-02T05:00:00Z'))).toBe('2026-11-02');
    // DST starts 2026-03-08 07:00Z.
    expect(ny.dateOf(Date.parse('2026-03-09T03:59:59Z'))).toBe('2026-03-08');
    expect(ny.dateOf(Date.parse('2026-03-09T04:00:00Z'))).toBe('2026-03-09');
  });

  it('handles a half-hour zone and a leap day', () => {
    const india = new RecordDateResolver('Asia/Kolkata');
    expect(india.dateOf(Date.parse('2028-02-28T18:29:59Z'))).toBe('2028-02-28');
    expect(india.dateOf(Date.parse('2028-02-28T18:30:00Z'))).toBe('2028-02-29');
  });

  it('tells yesterday in the zone', () => {
    expect(new RecordDateResolver('Asia/Tokyo').previousDateOf(Date.parse('2026-11-28T15:05:00Z'))).toBe(
      '2026-11-28',
    );
  });

  it('refuses an unknown zone', () => {
    expect(() => new RecordDateResolver('Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME_ZONE' }),
    );
  });

  it('checks and shifts calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(() => calendarDate('2026-1-1')).toThrow('YYYY-MM-DD');
    expect(shiftDate('2026-03-01', -1)).toBe('2026-02-28');
    expect(shiftDate('2026-12-31', 1)).toBe('2027-01-01');
  });
});
