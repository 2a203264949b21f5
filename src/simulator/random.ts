/** A source of numbers in [0, 1): seeded, so that a run can be repeated. */
export type Random = () => number;

/** A small, fast seeded generator (mulberry32): the same seed gives the same run. */
export const seededRandom = (seed: number): Random => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** A number in [min, max). */
export const between = (random: Random, min: number, max: number): number => min + random() * (max - min);

/** A whole number in [min, max]. */
export const wholeBetween = (random: Random, min: number, max: number): number =>
  Math.floor(between(random, min, max + 1));

/** One of the choices, each as likely as its weight. */
export const weighted = <T>(random: Random, choices: readonly (readonly [T, number])[]): T => {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [choice, weight] of choices) {
    point -= weight;
    if (point < 0) return choice;
  }
  return (choices[choices.length - 1] as readonly [T, number])[0];
};
