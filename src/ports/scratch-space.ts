import type { LocationRecord } from '../domain';

/** Temporary, private space for one run (the partition phase spills records here by date and part). */
export interface ScratchArea {
  append(key: string, records: readonly LocationRecord[]): Promise<void>;
  /** Records appended under `key`, in chunks, in append order. */
  read(key: string): AsyncIterable<readonly LocationRecord[]>;
  keys(): readonly string[];
  /** Frees the space; the area is unusable afterwards. */
  dispose(): Promise<void>;
}

export interface ScratchSpace {
  open(name: string): Promise<ScratchArea>;
}
