import { existsSync } from 'node:fs';
import { createLogger, type Logger } from '../adapters/logging/create-logger';
import { type CliRoot, createCliRoot } from '../composition/cli-root';
import { type LocusConfig, readLocusConfig, usesDataDir } from '../config/locus-config';
import type { CliIo } from './cli-io';

/** What every command starts from: the configuration, a logger, and a root to build on demand. */
export interface CommandContext {
  readonly io: CliIo;
  readonly config: LocusConfig;
  readonly logger: Logger;
  /** A logger for one line per request: buffered on the process's stderr (call `flush()` at the end). */
  accessLogger(): Logger;
  /** Builds the container, runs `work` with it, and closes it whatever happens. */
  withRoot<T>(work: (root: CliRoot) => Promise<T>): Promise<T>;
}

/** What a command run where there is no data yet says: where it looked, and how to point it elsewhere. */
const noDataNote = (dataDir: string): string =>
  `locus: no data folder at ${dataDir} yet (it is made now). Locus looks in LOCUS_DATA_DIR, ` +
  'by default ./data under the working directory: run it where you ran locus serve, or set LOCUS_DATA_DIR.\n';

/**
 * Reads the configuration (failing with a message naming any bad setting) and makes the logger.
 * `overrides` are variables a command's options set (`serve --port`); they win over the rest.
 */
export const createCommandContext = (
  io: CliIo,
  configFile: string | undefined,
  overrides: Readonly<Record<string, string | undefined>> = {},
): CommandContext => {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  const env = defined.length === 0 ? io.env : { ...io.env, ...Object.fromEntries(defined) };
  const config = readLocusConfig({ env, configFile, cwd: io.cwd });
  const stream = io.stderr === process.stderr ? undefined : io.stderr;
  const logger = createLogger({ level: config.logLevel, stream });
  return {
    io,
    config,
    logger,
    accessLogger: () => createLogger({ level: config.logLevel, stream, buffered: true }),
    withRoot: async (work) => {
      if (usesDataDir(config) && !existsSync(config.dataDir)) io.stderr.write(noDataNote(config.dataDir));
      const root = await createCliRoot(config);
      try {
        return await work(root);
      } finally {
        await root.close();
      }
    },
  };
};
