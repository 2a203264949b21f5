import { hostname } from 'node:os';

/** This machine and process, as a lock records its holder. */
export const processIdentity = (): { readonly host: string; readonly pid: number } => ({
  host: hostname(),
  pid: process.pid,
});

/** Whether a process of this machine is running (one that is not ours to signal is). */
export const isProcessRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Whether `host` and `pid` name a process of this machine that has ended. `false` for another
 * machine's process, whose state cannot be seen from here.
 */
export const hasEndedHere = (host: string | null, pid: number | null): boolean =>
  host === hostname() && pid !== null && pid > 0 && pid !== process.pid && !isProcessRunning(pid);
