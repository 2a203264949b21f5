/**
 * Speed conversions of the client formats onto the contract's metres per second.
 *
 * Each is one multiplication by an exact integer followed by one division by an exact integer, so
 * that for the whole-number speeds the apps send (OwnTracks `vel` in km/h) the result is the
 * double nearest to the exact rational value: 36 km/h is exactly 10 m/s, 3600 kn exactly 1852 m/s.
 * No rounding to a number of decimals is applied; the record keeps the double as it is.
 */

/** km/h to m/s: × 1000 / 3600, i.e. × 5 / 18. */
export const kmhToMetresPerSecond = (kmh: number): number => (kmh * 5) / 18;

/** Knots (international nautical miles of 1852 m per hour) to m/s: × 1852 / 3600, i.e. × 463 / 900. */
export const knotsToMetresPerSecond = (knots: number): number => (knots * 463) / 900;
