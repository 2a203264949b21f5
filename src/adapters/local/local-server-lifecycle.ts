import { injectable } from 'inversify';
import type { ServerLifecycle, ServerState } from '../../ports';

/**
 * On one machine the collection server is this very process: starting and stopping it only
 * changes the state this object reports (nothing is launched or shut down).
 */
@injectable()
export class LocalServerLifecycle implements ServerLifecycle {
  private current: ServerState = 'stopped';

  async start(): Promise<void> {
    this.current = 'running';
  }

  async stop(): Promise<void> {
    this.current = 'stopped';
  }

  async state(): Promise<ServerState> {
    return this.current;
  }
}
