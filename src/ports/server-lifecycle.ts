export type ServerState = 'running' | 'stopped' | 'pending' | 'stopping' | 'unknown';

/** The server that runs partition and report; it runs only while needed. */
export interface ServerLifecycle {
  /** Starts the server; a running server is success. Throws `LIFECYCLE_FAILED`. */
  start(): Promise<void>;
  /** Stops the server; a stopped server is success. Throws `LIFECYCLE_FAILED`. */
  stop(): Promise<void>;
  state(): Promise<ServerState>;
}
