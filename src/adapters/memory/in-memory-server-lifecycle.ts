import { injectable } from 'inversify';
import type { ServerLifecycle, ServerState } from '../../ports';

/** A server that is only a state in process memory; it records the transitions it made. */
@injectable()
export class InMemoryServerLifecycle implements ServerLifecycle {
  private current: 'running' | 'stopped' = 'stopped';
  /** Every start and stop that changed the state, in order. */
  readonly transitions: ('started' | 'stopped')[] = [];

  async start(): Promise<void> {
    if (this.current === 'running') return;
    this.current = 'running';
    this.transitions.push('started');
  }

  async stop(): Promise<void> {
    if (this.current === 'stopped') return;
    this.current = 'stopped';
    this.transitions.push('stopped');
  }

  async state(): Promise<ServerState> {
    return this.current;
  }
}
