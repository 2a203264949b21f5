import { SingleBar } from 'cli-progress';
import type { PartitionProgress } from '../../application';
import type { OutputStream } from '../cli-io';

const STAGE_LABELS = { read: 'reading batches', write: 'writing dates  ' } as const;

/** A partition progress callback with a bar on a terminal, and how to take the bar away. */
export interface ProgressDisplay {
  readonly onProgress: PartitionProgress;
  stop(): void;
}

/**
 * A progress bar for the partition phase on stderr, one stage after the other; nothing at all
 * when stderr is not a terminal (logs and pipes stay clean).
 */
export const partitionProgressBar = (stream: OutputStream): ProgressDisplay => {
  if (stream.isTTY !== true) return { onProgress: () => {}, stop: () => {} };
  let bar: SingleBar | undefined;
  let stage: keyof typeof STAGE_LABELS | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    onProgress: (event) => {
      if (event.stage !== stage || bar === undefined) {
        stop();
        stage = event.stage;
        bar = new SingleBar({
          stream: stream as NodeJS.WritableStream,
          format: `${STAGE_LABELS[event.stage]} [{bar}] {value}/{total} {percentage}% {duration_formatted}`,
          hideCursor: true,
          clearOnComplete: false,
        });
        bar.start(event.total, 0);
      }
      bar.setTotal(event.total);
      bar.update(event.done);
    },
    stop,
  };
};
