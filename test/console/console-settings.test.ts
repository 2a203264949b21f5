import { readConsoleSettings } from '../../src/config/console-settings';
import { SETTINGS } from '../../src/config/setting-catalog';
import { isLocusError } from '../../src/ports';

describe('the console settings', () => {
  it('draw no base map by default, so that the page fetches nothing elsewhere', () => {
    expect(readConsoleSettings({})).toEqual({ tileUrl: null, tileAttribution: '' });
  });

  it('take a tile URL with {z}, {x} and {y}, and its credit', () => {
    const settings = readConsoleSettings({
      LOCUS_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png',
      LOCUS_TILE_ATTRIBUTION: '© Example',
    });
    expect(settings).toEqual({
      tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png',
      tileAttribution: '© Example',
    });
  });

  it('refuse a tile URL that is not one, naming the variable', () => {
    let error: unknown;
    try {
      readConsoleSettings({ LOCUS_TILE_URL: 'tiles.example.org/{z}/{x}.png' });
    } catch (thrown) {
      error = thrown;
    }
    expect(isLocusError(error, 'CONFIGURATION')).toBe(true);
    expect((error as Error).message).toContain('LOCUS_TILE_URL');
  });

  it('are in the setting catalog', () => {
    expect(SETTINGS.map((entry) => entry.variable)).toEqual(
      expect.arrayContaining(['LOCUS_TILE_URL', 'LOCUS_TILE_ATTRIBUTION']),
    );
  });
});
