import type { CommandContext } from '../command-context';

/** The `--json` switch every command that prints an outcome takes. */
export interface OutputOptions {
  readonly json?: boolean;
}

/** Writes a command's outcome on stdout: indented JSON with `--json`, else the text for people. */
export const printOutcome = (
  context: Pick<CommandContext, 'io'>,
  options: OutputOptions,
  text: string,
  value: unknown,
): void => {
  context.io.stdout.write(options.json === true ? `${JSON.stringify(value, null, 2)}\n` : text);
};
