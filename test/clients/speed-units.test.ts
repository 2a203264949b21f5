import { kmhToMetresPerSecond, knotsToMetresPerSecond } from '../../src/adapters/ingest';

/** A positive finite double as mantissa × 2^exponent, exactly. */
const decompose = (value: number): { mantissa: bigint; exponent: number } => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0
    ? { mantissa: fraction, exponent: -1074 }
    : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
};

/** A finite double as an exact fraction num/den. */
const rationalOf = (value: number): { num: bigint; den: bigint } => {
  const { mantissa, exponent } = decompose(value);
  return exponent >= 0
    ? { num: mantissa << BigInt(exponent), den: 1n }
    : { num: mantissa, den: 1n << BigInt(-exponent) };
};

/**
 * Whether `value` lies within `halfUlps` halves of its unit in the last place of the rational p/q
 * (1: it is the nearest double), decided in exact integer arithmetic.
 */
const isWithin = (value: number, p: bigint, q: bigint, halfUlps = 1n): boolean => {
  if (value === 0) return p === 0n;
  const { exponent } = decompose(value);
  const { num, den } = rationalOf(value);
  // |num/den − p/q| ≤ halfUlps · 2^exponent / 2
  const difference = num * q - p * den;
  const absolute = difference < 0n ? -difference : difference;
  return exponent >= 0
    ? absolute * 2n <= halfUlps * (1n << BigInt(exponent)) * den * q
    : absolute * 2n * (1n << BigInt(-exponent)) <= halfUlps * den * q;
};

const isNearestDouble = (value: number, p: bigint, q: bigint): boolean => isWithin(value, p, q, 1n);

describe('speed conversions onto m/s', () => {
  it('gives the exact values where the ratio is whole', () => {
    expect(kmhToMetresPerSecond(36)).toBe(10);
    expect(kmhToMetresPerSecond(18)).toBe(5);
    expect(kmhToMetresPerSecond(3.6)).toBe(1);
    expect(kmhToMetresPerSecond(0)).toBe(0);
    expect(knotsToMetresPerSecond(3600)).toBe(1852);
    expect(knotsToMetresPerSecond(900)).toBe(463);
    expect(knotsToMetresPerSecond(0)).toBe(0);
  });

  it('gives for every whole km/h (as OwnTracks sends vel) the double nearest to km/h ÷ 3.6', () => {
    for (let kmh = 0; kmh <= 2_000; kmh++) {
      expect(isNearestDouble(kmhToMetresPerSecond(kmh), BigInt(kmh) * 1000n, 3600n)).toBe(true);
    }
  });

  it('gives for every whole knot the double nearest to knots × 1852 ÷ 3600', () => {
    for (let knots = 0; knots <= 2_000; knots++) {
      expect(isNearestDouble(knotsToMetresPerSecond(knots), BigInt(knots) * 1852n, 3600n)).toBe(true);
    }
  });

  it('stays within one unit in the last place of the exact value for fractional speeds', () => {
    // Traccar Client sends m/s × 1.943844 as its knots: 10 m/s arrives as 19.43844 kn.
    expect(knotsToMetresPerSecond(19.43844)).toBeCloseTo(9.9999975, 6);
    for (const speed of [0.5, 4.25, 12.7, 19.43844, 99.9, 1234.5678, 2.9157660000000005]) {
      const { num, den } = rationalOf(speed);
      expect(isWithin(kmhToMetresPerSecond(speed), num * 5n, den * 18n, 2n)).toBe(true);
      expect(isWithin(knotsToMetresPerSecond(speed), num * 463n, den * 900n, 2n)).toBe(true);
    }
  });

  it('is not fooled by the inexact 3.6: the nearest double is not always km/h / 3.6', () => {
    const differing = Array.from({ length: 2_001 }, (_, kmh) => kmh).filter(
      (kmh) => kmhToMetresPerSecond(kmh) !== kmh / 3.6,
    );
    expect(differing.length).toBeGreaterThan(0);
    for (const kmh of differing) expect(isNearestDouble(kmh / 3.6, BigInt(kmh) * 5n, 18n)).toBe(false);
  });
});
