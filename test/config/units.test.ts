import { formatDuration, parseByteSize, parseClockTime, parseDuration } from '../../src/config/units';

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['12h', 43_200_000],
    ['366d', 366 * 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
    [' 5M ', 300_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['5', '', 'm5', '5 minutes', '-5m', '5w', 'abc'])('refuses "%s"', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each([
    [300_000, '5m'],
    [86_400_000, '1d'],
    [90_000, '90s'],
    [1_500, '1500ms'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('byte sizes', () => {
  it.each([
    ['1048576', 1_048_576],
    ['1MiB', 1_048_576],
    ['512KiB', 524_288],
    ['2MB', 2_000_000],
    ['100 kb', 100_000],
    ['0.5MiB', 524_288],
  ])('reads %s', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['1 MiBs', 'MiB', '-1', '1.5', '10 parsecs'])('refuses "%s"', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});

describe('times of day', () => {
  it.each([
    ['00:05', { hour: 0, minute: 5 }],
    ['7:30', { hour: 7, minute: 30 }],
    ['23:59', { hour: 23, minute: 59 }],
  ])('reads %s', (text, time) => {
    expect(parseClockTime(text)).toEqual(time);
  });

  it.each(['24:00', '12:60', '1230', 'noon', '12:5'])('refuses "%s"', (text) => {
    expect(parseClockTime(text)).toBeUndefined();
  });
});
