import { SingleBar } from 'cli-progress';
import type { OutputStream } from '../cli-io';

/** A bar over a command's steps, and how to take it away. */
export interface StepProgress {
  /** Runs one step, named on the bar while it runs; the bar moves on when it ends. */
  run<T>(step: string, work: () => Promise<T>): Promise<T>;
  stop(): void;
}

/**
 * A progress bar on stderr over a command's steps (`storing`, `partitioning and reporting`), with
 * the time it has run, redrawn while a step works; nothing at all when stderr is not a terminal
 * (logs and pipes stay clean).
 */
export const stepProgressBar = (stream: OutputStream, steps: readonly string[]): StepProgress => {
  if (stream.isTTY !== true) return { run: (_step, work) => work(), stop: () => {} };
  const width = Math.max(...steps.map((step) => step.length));
  let bar: SingleBar | undefined = new SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: `{step} [{bar}] {value}/{total} {duration_formatted}`,
    hideCursor: true,
    clearOnComplete: false,
  });
  bar.start(steps.length, 0, { step: ''.padEnd(width) });
  let done = 0;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    run: async (step, work) => {
      bar?.update(done, { step: step.padEnd(width) });
      try {
        return await work();
      } catch (error) {
        stop();
        throw error;
      } finally {
        done++;
        bar?.update(done);
      }
    },
    stop,
  };
};
