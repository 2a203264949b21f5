// The collect server bundle (deploy/dist/collect-server/index.js), started on every boot by the
// systemd unit `locus-collect.service`: one daily run, then the server stops itself.
import 'reflect-metadata';
import { Logger } from '@aws-lambda-powertools/logger';
import type { LogLevel } from '../../src/config/locus-config';
import { type CollectRunResult, runCollectServer, taggedDateOf } from './collect-run';
import { readInstanceTag } from './instance-tag';
import { COLLECT_SERVER, createCollectServerRoot } from './root';
import { parseRunArguments } from './run-arguments';
import { readCollectServerSettings } from './server-settings';

export { createCollectServerRoot } from './root';

const POWERTOOLS_LEVELS: Readonly<Record<LogLevel, string>> = {
  fatal: 'CRITICAL',
  error: 'ERROR',
  warn: 'WARN',
  info: 'INFO',
  debug: 'DEBUG',
  trace: 'TRACE',
  silent: 'SILENT',
};

/** How long the instance metadata service may take to answer for the date tag. */
const IMDS_TIMEOUT_MS = 2_000;

/**
 * Runs the server once: reads the settings and arguments, the date tag if one is configured, then
 * the daily run. Returns the process exit code (0 only when the run succeeded and the stop was asked).
 */
export const main = async (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<CollectRunResult | undefined> => {
  const logger = new Logger({ serviceName: COLLECT_SERVER });
  let root: ReturnType<typeof createCollectServerRoot>;
  let args: ReturnType<typeof parseRunArguments>;
  try {
    args = parseRunArguments(argv);
    root = createCollectServerRoot(env);
  } catch (error) {
    logger.critical('the collect server cannot start', { error: error as Error });
    return undefined;
  }
  logger.setLogLevel(POWERTOOLS_LEVELS[root.config.logLevel] as Parameters<Logger['setLogLevel']>[0]);
  try {
    const settings = readCollectServerSettings(root.config);
    let taggedDate: string | undefined;
    if (settings.runDateTag !== undefined) {
      try {
        const tag = taggedDateOf(
          await readInstanceTag(settings.runDateTag, {
            endpoint: settings.imdsEndpoint,
            timeoutMs: IMDS_TIMEOUT_MS,
          }),
        );
        if (tag.problem !== undefined)
          logger.warn(`the instance tag ${settings.runDateTag} is ignored: ${tag.problem}`);
        taggedDate = tag.date;
      } catch (error) {
        logger.warn(`the instance tag ${settings.runDateTag} could not be read`, { error: error as Error });
      }
    }
    return await runCollectServer(root, logger, {
      ...args,
      ...(taggedDate === undefined ? {} : { taggedDate }),
    });
  } finally {
    await root.close();
  }
};

if (require.main === module) {
  main(process.argv.slice(2), process.env).then(
    (result) => {
      process.exitCode = result?.exitCode ?? 1;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
