/** Time, read at the edge and handed to the domain on commands. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Fresh ids for runs, requests and batches. */
export interface IdSource {
  /** A new unique id (letters, digits and `-` only). */
  next(): string;
}
