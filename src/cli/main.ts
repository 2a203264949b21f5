import { CommanderError } from 'commander';
import { isLocusError } from '../ports';
import { type CliIo, processIo } from './cli-io';
import { buildProgram } from './program';

/** Exit code of a bad setting or bad usage. */
export const EXIT_CONFIGURATION = 2;

/**
 * Runs the `locus` command line and returns its exit code: 0 on success, 1 on failure, 2 when
 * the configuration is wrong. Errors are written to stderr as one readable message.
 */
export const runCli = async (argv: readonly string[], io: CliIo): Promise<number> => {
  let code = 0;
  let command: string | undefined;
  const program = buildProgram(
    io,
    (result) => {
      code = result;
    },
    (path) => {
      command = path;
    },
  );
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_CONFIGURATION;
    const message = error instanceof Error ? error.message : String(error);
    const usage = isLocusError(error, 'CONFIGURATION');
    const hint = usage && command !== undefined ? `\n(run locus ${command} --help for usage)` : '';
    io.stderr.write(`locus: ${message}${hint}\n`);
    return usage ? EXIT_CONFIGURATION : 1;
  }
};

/** The entry point of `bin/locus.js`: the process's own arguments and streams; sets the exit code. */
export const main = async (argv: readonly string[] = process.argv): Promise<void> => {
  process.exitCode = await runCli(argv, processIo());
};
