import {
  canonicalContent,
  computeRecordId,
  createLocationRecord,
  type LocationContent,
} from '../../src/domain';

const content: LocationContent = {
  deviceId: 'phone-0042',
  recordedAt: Date.parse('2026-11-28T00:15:00Z'),
  latitude: 35.681236,
  longitude: 139.767125,
  accuracy: 12.5,
  altitude: null,
  speed: null,
  heading: null,
};

describe('record id', () => {
  it('is 32 hex digits and stable for the same content received at different times', () => {
    const a = createLocationRecord(content, Date.parse('2026-11-28T00:15:01Z'));
    const b = createLocationRecord(content, Date.parse('2026-11-28T00:20:00Z'));
    expect(a.recordId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.recordId).toBe(b.recordId);
  });

  it('changes when any content field changes', () => {
    const base = computeRecordId(content);
    const variants: LocationContent[] = [
      { ...content, deviceId: 'phone-0043' },
      { ...content, recordedAt: content.recordedAt + 1 },
      { ...content, latitude: 35.681237 },
      { ...content, longitude: 139.767126 },
      { ...content, accuracy: null },
      { ...content, altitude: 0 },
      { ...content, speed: 0 },
      { ...content, heading: 0 },
    ];
    for (const variant of variants) expect(computeRecordId(variant)).not.toBe(base);
  });

  it('writes -0 as 0 and does not confuse an absent value with zero', () => {
    expect(computeRecordId({ ...content, altitude: -0 })).toBe(computeRecordId({ ...content, altitude: 0 }));
    expect(canonicalContent({ ...content, altitude: 0 })).not.toBe(canonicalContent(content));
  });

  it('refuses content that breaks a rule, naming the field', () => {
    expect(() => createLocationRecord({ ...content, latitude: 91 }, content.recordedAt)).toThrow(
      'latitude must be between -90 and 90',
    );
    expect(() => createLocationRecord({ ...content, deviceId: 'has space' }, content.recordedAt)).toThrow(
      'deviceId',
    );
    expect(() => createLocationRecord(content, content.recordedAt - 3_600_000)).toThrow('in the future');
  });
});
