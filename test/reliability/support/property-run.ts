import fc from 'fast-check';
import { type CoreSettings, DEFAULT_CORE_SETTINGS } from '../../../src/application';
import type { FaultKind, FiredFault } from '../../support/fault-injection';
import type { PipelineWorld } from './pipeline-world';
import { checkReports, ScenarioRunner } from './run-scenario';
import { describeScenario, type Scenario, scenarioArb } from './scenario';

/** Small bounds, so that a few dozen records make several batches, leases, parts and dates. */
export const scenarioSettings = (timeZone: string): CoreSettings => ({
  ...DEFAULT_CORE_SETTINGS,
  timeZone,
  store: { maxRecords: 20, leaseMs: 60_000, leaseBatch: 3 },
  partition: { targetRecordsPerPart: 6, lockTtlMs: 120_000, spillChunk: 4 },
});

/** What the faults of a whole property run hit. */
export class FaultTally {
  runs = 0;
  fired = 0;
  restarts = 0;
  redelivered = 0;
  /** Fault points passed, over all schedules. */
  points = 0;
  readonly byKind = new Map<FaultKind, number>();
  readonly byPort = new Map<string, number>();

  add(fired: readonly FiredFault[], points: number, restarts: number, redelivered: number): void {
    this.runs++;
    this.points += points;
    this.restarts += restarts;
    this.redelivered += redelivered;
    for (const fault of fired) {
      this.fired++;
      this.byKind.set(fault.kind, (this.byKind.get(fault.kind) ?? 0) + 1);
      const port = fault.point.slice(0, fault.point.indexOf('.'));
      this.byPort.set(port, (this.byPort.get(port) ?? 0) + 1);
    }
  }

  toString(): string {
    const map = (m: Map<string, number>) => [...m].map(([k, v]) => `${k} ${v}`).join(', ');
    return `${this.runs} schedules (${Math.round(this.points / Math.max(1, this.runs))} fault points each on average), ${this.fired} faults fired (${map(this.byKind)}; ports: ${map(this.byPort)}), ${this.restarts} restarts, ${this.redelivered} redeliveries`;
  }
}

export interface PropertyOptions {
  readonly numRuns: number;
  readonly minItems: number;
  readonly maxItems: number;
  readonly maxFaults: number;
  readonly maxPoint: number;
  readonly makeWorld: (scenario: Scenario, settings: CoreSettings) => Promise<PipelineWorld>;
  /** The test file, for the replay hint. */
  readonly file: string;
}

/**
 * Checks the promise over random scenarios: each draws a workload and a fault schedule, runs every
 * phase until it succeeds, and compares each date's report with the accepted records. A failure
 * names the seed and path that replay it: `FC_SEED=… FC_PATH=… npx jest <file>`.
 */
export const checkExactlyOnce = async (options: PropertyOptions): Promise<FaultTally> => {
  const tally = new FaultTally();
  const property = fc.asyncProperty(
    scenarioArb({
      minItems: options.minItems,
      maxItems: options.maxItems,
      maxFaults: options.maxFaults,
      maxPoint: options.maxPoint,
    }),
    async (scenario) => {
      const world = await options.makeWorld(scenario, scenarioSettings(scenario.zone));
      try {
        const outcome = await new ScenarioRunner(world).run(scenario);
        tally.add(world.faults.fired, world.faults.points, outcome.restarts, world.redelivered);
        const problems = await checkReports(world, outcome.expected);
        if (problems.length > 0) {
          throw new Error(`${problems.join('\n')}\nscenario: ${describeScenario(scenario)}`);
        }
      } finally {
        await world.close();
      }
    },
  );
  const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
  const path = process.env.FC_PATH;
  const details = await fc.check(property, {
    numRuns: options.numRuns,
    ...(seed === undefined ? {} : { seed }),
    ...(path === undefined ? {} : { path }),
  });
  if (details.failed) {
    const replay = `FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath ?? ''} npx jest ${options.file}`;
    const error = details.errorInstance as Error | undefined;
    throw new Error(
      `a fault schedule broke the promise (seed ${details.seed}, path ${details.counterexamplePath}); replay with:\n  ${replay}\n${
        error?.stack ?? String(error)
      }`,
    );
  }
  return tally;
};
