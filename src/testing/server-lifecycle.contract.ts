import type { ServerLifecycle, ServerState } from '../ports';
import { eventually } from './eventually';

export interface ServerLifecycleFixture {
  lifecycle: ServerLifecycle;
  teardown?(): Promise<void>;
}

const STATES: readonly ServerState[] = ['running', 'stopped', 'pending', 'stopping', 'unknown'];
const DEADLINE = { timeoutMs: 15_000, intervalMs: 100 };

/**
 * The behaviour every {@link ServerLifecycle} adapter shows through the port: start and stop reach
 * their state, and starting a running server or stopping a stopped one is success.
 */
export const describeServerLifecycleContract = (
  adapterName: string,
  createFixture: () => Promise<ServerLifecycleFixture>,
): void => {
  describe(`${adapterName} (ServerLifecycle contract)`, () => {
    let fixture: ServerLifecycleFixture;
    let lifecycle: ServerLifecycle;

    beforeEach(async () => {
      fixture = await createFixture();
      lifecycle = fixture.lifecycle;
    });

    afterEach(async () => {
      await fixture?.teardown?.();
    });

    const stateBecomes = (expected: ServerState): Promise<ServerState> =>
      eventually(
        () => lifecycle.state(),
        (state) => state === expected,
        DEADLINE,
      );

    it('reports one of the known states', async () => {
      expect(STATES).toContain(await lifecycle.state());
    });

    it('runs once started', async () => {
      await lifecycle.start();
      expect(await stateBecomes('running')).toBe('running');
    });

    it('treats starting a running server as success', async () => {
      await lifecycle.start();
      await stateBecomes('running');
      await lifecycle.start();
      expect(await lifecycle.state()).toBe('running');
    });

    it('is stopped once stopped, and stopping a stopped server is success', async () => {
      await lifecycle.start();
      await stateBecomes('running');
      await lifecycle.stop();
      await stateBecomes('stopped');
      await lifecycle.stop();
      expect(await lifecycle.state()).toBe('stopped');
    });

    it('starts again after a stop', async () => {
      await lifecycle.stop();
      await stateBecomes('stopped');
      await lifecycle.start();
      await stateBecomes('running');
      await lifecycle.stop();
      expect(await stateBecomes('stopped')).toBe('stopped');
    });
  });
};
