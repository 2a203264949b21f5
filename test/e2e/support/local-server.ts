import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RecordDateResolver } from '../../../src/domain';
import { dailyAtFarFromNow, requireBuild, ServerProcess, ZONE } from '../../support/server-process';

/** How a server process ended. */
export type ServerExit = Awaited<ReturnType<ServerProcess['stop']>>;

/** The local profile of one end-to-end test: its data folder, its settings and its server. */
export interface LocalServerFixture {
  /**
   * The settings the server and every `locus` command of the test run with: the test's own data
   * folder, Tokyo time, a store every 24 h and a daily run twelve hours away (no scheduled run).
   */
  readonly env: Record<string, string>;
  /** Starts `locus serve` on the test's data folder (again, after a stop) and waits until it listens. */
  start(): Promise<ServerProcess>;
  /** Sends `signal` to the running server and waits for it to end. */
  stop(signal: NodeJS.Signals): Promise<ServerExit>;
}

/**
 * Registers the hooks of a `describe` block whose tests run the built `locus` on a fresh data
 * folder each (named `<tmpPrefix>…` under the system's temp folder): the build is checked first,
 * and after each test a server still running is killed and the folder removed.
 */
export const useLocalServer = (tmpPrefix: string): LocalServerFixture => {
  let dataDir: string | undefined;
  let env: Record<string, string> = {};
  let server: ServerProcess | undefined;

  beforeAll(() => requireBuild());

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), tmpPrefix));
    env = {
      LOCUS_DATA_DIR: dataDir,
      LOCUS_TIMEZONE: ZONE,
      LOCUS_STORE_EVERY: '24h',
      LOCUS_DAILY_AT: dailyAtFarFromNow(),
    };
  });

  afterEach(async () => {
    await server?.stop('SIGKILL');
    server = undefined;
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  });

  return {
    get env() {
      return env;
    },
    start: async () => {
      server = await ServerProcess.start(env);
      return server;
    },
    stop: async (signal) => {
      const running = server;
      if (running === undefined) throw new Error('no server is running');
      server = undefined;
      return running.stop(signal);
    },
  };
};

const tokyo = new RecordDateResolver(ZONE);

/** The Tokyo date an instant (epoch ms) belongs to, as the local profile dates records. */
export const tokyoDateOf = (epochMillis: number): string => tokyo.dateOf(epochMillis);
