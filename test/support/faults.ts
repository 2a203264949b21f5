/** Thrown where a test makes the process "crash": nothing after it in the run happens. */
export class SimulatedCrash extends Error {
  constructor(readonly at: string) {
    super(`simulated crash before ${at}`);
    this.name = 'SimulatedCrash';
  }
}

/**
 * Counts every port call made through wrapped ports, across all of them, and throws a
 * {@link SimulatedCrash} instead of making call number `crashAt` (1-based): the process "dies"
 * between call `crashAt - 1` and call `crashAt`.
 */
export class CrashPlan {
  calls = 0;
  crashAt: number | null = null;
  /** Once crashed, the "process" is dead: every later call fails too, until the next `arm`. */
  private dead = false;

  /** A new process: counting starts again, and it crashes at call `crashAt` (never when `null`). */
  arm(crashAt: number | null): void {
    this.calls = 0;
    this.crashAt = crashAt;
    this.dead = false;
  }

  /** Called before each port call; throws when this is the call to crash at, or after it. */
  step(name: string): void {
    if (this.dead) throw new SimulatedCrash(name);
    this.calls++;
    if (this.crashAt !== null && this.calls === this.crashAt) {
      this.dead = true;
      throw new SimulatedCrash(name);
    }
  }
}

/**
 * Wraps every method of a port so that each call first passes through `plan.step`. Methods
 * returning async iterables are counted when called and again each time a chunk is pulled, so a
 * crash can also land in the middle of a stream.
 */
export const withCrashes = <T extends object>(port: T, name: string, plan: CrashPlan): T =>
  new Proxy(port, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'constructor') return value;
      return (...args: unknown[]) => {
        plan.step(`${name}.${String(property)}`);
        const result = value.apply(target, args);
        if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) {
          return crashingIterable(result as AsyncIterable<unknown>, `${name}.${String(property)}`, plan);
        }
        return result;
      };
    },
  });

async function* crashingIterable<V>(
  source: AsyncIterable<V>,
  name: string,
  plan: CrashPlan,
): AsyncGenerator<V> {
  for await (const item of source) {
    plan.step(`${name}#chunk`);
    yield item;
  }
}
