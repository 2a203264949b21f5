import { LocusError } from '../ports/errors';
import { SettingReader } from './setting-reader';

/** What the web console (`/console/`) is configured with. */
export interface ConsoleSettings {
  /**
   * The base map's tile URL (`https://tiles.example.org/{z}/{x}/{y}.png`); `null`: no base map,
   * the tracks are drawn on a blank map with a graticule, and the page fetches nothing elsewhere.
   */
  readonly tileUrl: string | null;
  /** The credit shown for the tiles (their licence usually requires one). */
  readonly tileAttribution: string;
}

/** The console's variables, for the setting catalog. */
export const CONSOLE_SETTING_ENTRIES = [
  {
    variable: 'LOCUS_TILE_URL',
    fileKey: 'tileUrl',
    defaultValue: '(none)',
    meaning:
      "the console map's base tiles, an http(s) URL with `{z}`, `{x}`, `{y}` (browsers fetch them from there); " +
      'none: tracks on a blank map, nothing fetched from elsewhere',
  },
  {
    variable: 'LOCUS_TILE_ATTRIBUTION',
    fileKey: 'tileAttribution',
    defaultValue: '(none)',
    meaning: 'the credit shown under the tiles of LOCUS_TILE_URL',
  },
] as const;

const TILE_URL = /^https?:\/\/\S*\{z\}\S*\{x\}\S*\{y\}\S*$/;

/** Reads the console's settings from merged `LOCUS_*` variables; throws `CONFIGURATION` naming a bad value. */
export const readConsoleSettings = (
  variables: Readonly<Record<string, string | undefined>>,
): ConsoleSettings => {
  const reader = new SettingReader(variables, () => '');
  const tileUrl =
    reader.raw('LOCUS_TILE_URL') === undefined
      ? null
      : reader.text('LOCUS_TILE_URL', '', TILE_URL, 'not an http(s) URL with {z}, {x} and {y}');
  const settings: ConsoleSettings = {
    tileUrl: tileUrl === '' ? null : tileUrl,
    tileAttribution: reader.text('LOCUS_TILE_ATTRIBUTION', ''),
  };
  if (reader.problems.length > 0) {
    throw new LocusError(
      'CONFIGURATION',
      `the console settings are not valid:${reader.problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  }
  return settings;
};
