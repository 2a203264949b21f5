/** The request formats the simulator speaks: Locus's own and the three apps'. */
export const SIMULATOR_FORMATS = ['native', 'owntracks', 'overland', 'osmand'] as const;
export type SimulatorFormat = (typeof SIMULATOR_FORMATS)[number];

/** The simulator's defaults (kept free of imports: the command line reads them at start-up). */
export const DEFAULT_SIMULATION = {
  devices: 10,
  rate: 10,
  durationMs: 60_000,
  concurrency: 16,
  timeoutMs: 10_000,
  drainMs: 15_000,
  offlineChance: 0.01,
  duplicateChance: 0.01,
  seed: 1,
} as const;
