import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | null | undefined;

/**
 * Runs a full garbage collection now, when the runtime lets one be asked for; `false` when not.
 * A phase calls it between the steps of a long run (after each part written, before a report
 * query): V8 then sizes its heap from what is live between steps, not from the garbage of a whole
 * run, which keeps the phase's peak memory near its working set for a few milliseconds per call.
 */
export const reclaimMemory = (): boolean => {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      collect = vm.runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  if (collect === null) return false;
  collect();
  return true;
};
