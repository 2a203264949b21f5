import { createLogger, type Logger } from '../adapters/logging/create-logger';
import { type CliRoot, createCliRoot } from '../composition/cli-root';
import { type LocusConfig, readLocusConfig } from '../config/locus-config';
import type { CliIo } from './cli-io';

/** What every command starts from: the configuration, a logger, and a root to build on demand. */
export interface CommandContext {
  readonly io: CliIo;
  readonly config: LocusConfig;
  readonly logger: Logger;
  /** Builds the container, runs `work` with it, and closes it whatever happens. */
  withRoot<T>(work: (root: CliRoot) => Promise<T>): Promise<T>;
}

/** Reads the configuration (failing with a message naming any bad setting) and makes the logger. */
export const createCommandContext = (io: CliIo, configFile: string | undefined): CommandContext => {
  const config = readLocusConfig({ env: io.env, configFile, cwd: io.cwd });
  const logger = createLogger({
    level: config.logLevel,
    stream: io.stderr === process.stderr ? undefined : io.stderr,
  });
  return {
    io,
    config,
    logger,
    withRoot: async (work) => {
      const root = await createCliRoot(config);
      try {
        return await work(root);
      } finally {
        await root.close();
      }
    },
  };
};
