import { between, type Random } from './random';

/** How a simulated device moves. */
export type Movement = 'walking' | 'driving' | 'stationary';

/** A position fix as a phone reports it. */
export interface Fix {
  readonly latitude: number;
  readonly longitude: number;
  /** m/s. */
  readonly speed: number;
  /** Degrees clockwise from north, [0, 360). */
  readonly heading: number;
  /** Horizontal accuracy, m. */
  readonly accuracy: number;
  /** m above sea level. */
  readonly altitude: number;
}

/** A point to start from. */
export interface Place {
  readonly latitude: number;
  readonly longitude: number;
}

const METRES_PER_DEGREE = 111_320;

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

const normalizeHeading = (degrees: number): number => ((degrees % 360) + 360) % 360;

/**
 * A plausible path: walkers amble at 1.1–1.7 m/s and turn often; drivers hold 5–25 m/s, turn
 * gently and stop now and then; stationary devices stay put with a few metres of GPS jitter.
 */
export class Path {
  private latitude: number;
  private longitude: number;
  private heading: number;
  private speed: number;
  private stoppedFor = 0;

  constructor(
    readonly movement: Movement,
    start: Place,
    private readonly random: Random,
  ) {
    this.latitude = start.latitude;
    this.longitude = start.longitude;
    this.heading = between(random, 0, 360);
    this.speed =
      movement === 'walking'
        ? between(random, 1.1, 1.7)
        : movement === 'driving'
          ? between(random, 5, 25)
          : 0;
  }

  /** Moves on by `ms` and returns the fix there. */
  advance(ms: number): Fix {
    const seconds = Math.max(0, ms) / 1000;
    const random = this.random;
    if (this.movement === 'stationary') {
      const jitter = 3 / METRES_PER_DEGREE;
      return this.fix(
        this.latitude + between(random, -jitter, jitter),
        this.longitude + between(random, -jitter, jitter),
        0,
        between(random, 8, 30),
      );
    }
    if (this.movement === 'walking') {
      this.heading = normalizeHeading(this.heading + between(random, -30, 30));
      this.speed = clamp(this.speed + between(random, -0.2, 0.2), 1.1, 1.7);
    } else if (this.stoppedFor > 0) {
      this.stoppedFor -= seconds;
    } else {
      this.heading = normalizeHeading(this.heading + between(random, -10, 10));
      this.speed = clamp(this.speed + between(random, -2, 2), 5, 25);
      if (random() < 0.02) this.stoppedFor = between(random, 10, 60);
    }
    const speed = this.stoppedFor > 0 ? 0 : this.speed;
    const distance = speed * seconds;
    const radians = (this.heading * Math.PI) / 180;
    this.latitude += (distance * Math.cos(radians)) / METRES_PER_DEGREE;
    this.longitude +=
      (distance * Math.sin(radians)) / (METRES_PER_DEGREE * Math.cos((this.latitude * Math.PI) / 180));
    if (Math.abs(this.latitude) > 85) {
      this.latitude = clamp(this.latitude, -85, 85);
      this.heading = normalizeHeading(180 - this.heading);
    }
    if (this.longitude > 180) this.longitude -= 360;
    if (this.longitude < -180) this.longitude += 360;
    return this.fix(
      this.latitude,
      this.longitude,
      speed,
      between(random, 3, this.movement === 'walking' ? 15 : 10),
    );
  }

  private fix(latitude: number, longitude: number, speed: number, accuracy: number): Fix {
    return {
      latitude: round(latitude, 6),
      longitude: round(longitude, 6),
      speed: round(speed, 2),
      heading: round(this.heading, 1) % 360,
      accuracy: round(accuracy, 1),
      altitude: round(40 + between(this.random, -2, 2), 1),
    };
  }
}
