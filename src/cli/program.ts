import { Command, InvalidArgumentError, Option } from 'commander';
import { isCalendarDate } from '../domain';
import type { CliIo } from './cli-io';
import { type CommandContext, createCommandContext } from './command-context';
import { defineSimulateCommand, localServerUrl } from './commands/simulate-options';
import { QUERY_FORMATS } from './output/sql-output';
import { locusVersion } from './version';

const dateArgument = (value: string): string => {
  if (!isCalendarDate(value))
    throw new InvalidArgumentError(`"${value}" is not a date of the form YYYY-MM-DD.`);
  return value;
};

const dateOption = (description: string) => new Option('--date <date>', description).argParser(dateArgument);
const jsonOption = () => new Option('--json', 'print the outcome as JSON');

/**
 * The `locus` command line. Each action's exit code is handed to `done`; errors thrown by an
 * action reach the caller of `parseAsync`. A command's module is loaded when it runs, so that a
 * command pays at start-up only for what it uses (the server framework, the SQL engine, …).
 */
export const buildProgram = (
  io: CliIo,
  done: (code: number) => void,
  onCommand: (path: string) => void = () => {},
): Command => {
  const program = new Command('locus')
    .description('Collect device locations and turn them into exact, downloadable daily data sets.')
    .version(locusVersion(), '-V, --version', 'print the version')
    .option(
      '-c, --config <file>',
      'a JSON config file (default: $LOCUS_CONFIG); LOCUS_* variables win over it',
    )
    .showHelpAfterError('(run locus --help for usage)')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();

  const context = (overrides?: Record<string, string | undefined>): CommandContext =>
    createCommandContext(io, program.opts<{ config?: string }>().config, overrides);
  program.hook('preAction', (_program, command) => onCommand(commandPath(command)));
  const action =
    <A extends unknown[]>(run: (...args: A) => Promise<number>) =>
    async (...args: A) => {
      done(await run(...args));
    };

  program
    .command('serve')
    .description('run the HTTP ingest server with the store schedule and the daily run (what npm start runs)')
    .option('-p, --port <port>', 'the HTTP port (default: $PORT or 3000; 0 picks a free one)')
    .option('--host <host>', 'the address to bind (default: $LOCUS_HOST or 127.0.0.1)')
    .action(
      action(async (options: { port?: string; host?: string }) =>
        (await import('./commands/serve-command')).serveCommand(
          context({ PORT: options.port, LOCUS_HOST: options.host }),
        ),
      ),
    );
  program
    .command('store')
    .description('store now: drain the queue into one batch under work/')
    .addOption(jsonOption())
    .action(
      action(async (options) => (await import('./commands/phase-commands')).storeCommand(context(), options)),
    );
  program
    .command('partition')
    .description('partition now: file every pending batch under storage/dt=<date>/')
    .addOption(jsonOption())
    .action(
      action(async (options) =>
        (await import('./commands/phase-commands')).partitionCommand(context(), options),
      ),
    );
  program
    .command('report')
    .description("report now: publish a date's CSV under download/")
    .addOption(dateOption('the date to report (YYYY-MM-DD, in LOCUS_TIMEZONE)').makeOptionMandatory())
    .addOption(jsonOption())
    .action(
      action(async (options) =>
        (await import('./commands/phase-commands')).reportCommand(context(), options),
      ),
    );
  program
    .command('daily')
    .description(
      'the daily run now: store, start the server, partition, report the date and stale reports, stop',
    )
    .addOption(dateOption('the date to report (default: yesterday in LOCUS_TIMEZONE)'))
    .option('--no-store', 'leave the queue alone (partition only what is already stored)')
    .addOption(jsonOption())
    .action(
      action(async (options) => (await import('./commands/phase-commands')).dailyCommand(context(), options)),
    );
  program
    .command('query')
    .description(
      'ad-hoc SQL (DuckDB) over the views "locations" (the local partitions) and "reports" (the published Parquet reports)',
    )
    .argument('<sql>', 'the SQL, e.g. "SELECT dt, count(*) FROM locations GROUP BY dt"')
    .addOption(
      new Option('--format <format>', 'output format (default: table on a terminal, csv otherwise)').choices(
        QUERY_FORMATS,
      ),
    )
    .action(
      action(async (sql: string, options) =>
        (await import('./commands/query-command')).queryCommand(context(), sql, options),
      ),
    );
  program
    .command('status')
    .description("queue, batches, partitions, reports and recent events; with --date, one date's counts")
    .addOption(dateOption('show one date: accepted → stored → partitioned → reported'))
    .addOption(jsonOption())
    .action(
      action(async (options) =>
        (await import('./commands/status-command')).statusCommand(context(), options),
      ),
    );
  const quarantine = program
    .command('quarantine')
    .description('queue messages and batches set aside instead of stored: list them, bring them back');
  quarantine
    .command('list')
    .description(
      'every quarantined message (id, reason, when, records, a preview without coordinates) and batch',
    )
    .addOption(jsonOption())
    .action(
      action(async (options) =>
        (await import('./commands/quarantine-commands')).quarantineListCommand(context(), options),
      ),
    );
  quarantine
    .command('redrive')
    .description(
      'move quarantined messages back to the queue (all, or --id), or repaired batches back to pending',
    )
    .option('--id <id...>', 'only these messages (ids from locus quarantine list)')
    .option('--batch <id...>', 'put these repaired batches back among the pending ones')
    .addOption(jsonOption())
    .action(
      action(async (options) =>
        (await import('./commands/quarantine-commands')).quarantineRedriveCommand(context(), options),
      ),
    );
  const token = program
    .command('token')
    .description('device and download tokens (only their hashes are kept)');
  token
    .command('create')
    .description(
      'make a token and print it once: a device token (ingest), or with --download one that reads reports',
    )
    .requiredOption('--label <name>', 'what the token is for (fleet-a, analyst)')
    .option('--device <id...>', 'bind a device token to these device ids (others get 403)')
    .option('--download', 'a token that downloads reports instead of posting locations')
    .addOption(jsonOption())
    .action(
      action(async (options) =>
        (await import('./commands/token-commands')).tokenCreateCommand(context(), options),
      ),
    );
  token
    .command('list')
    .description('every token: id, scope, state, devices (never secrets)')
    .addOption(jsonOption())
    .action(
      action(async (options) =>
        (await import('./commands/token-commands')).tokenListCommand(context(), options),
      ),
    );
  token
    .command('revoke')
    .description('revoke a token (servers refuse it within LOCUS_TOKEN_CACHE)')
    .argument('<id>', 'the token id (or the whole token)')
    .addOption(jsonOption())
    .action(
      action(async (id: string, options) =>
        (await import('./commands/token-commands')).tokenRevokeCommand(context(), id, options),
      ),
    );
  program
    .command('report-url')
    .description("a link that downloads one day's report until it expires (signed, or S3 presigned on aws)")
    .addOption(dateOption('the report date (YYYY-MM-DD)').makeOptionMandatory())
    .option('--expires <duration>', 'how long the link works (e.g. 15m, 1h, 7d)', '1h')
    .addOption(
      new Option('--format <format>', 'the file the link serves').choices(['csv', 'parquet']).default('csv'),
    )
    .addOption(jsonOption())
    .action(
      action(async (options) =>
        (await import('./commands/report-url-command')).reportUrlCommand(context(), options),
      ),
    );
  program
    .command('purge')
    .description("erase a device's records from the queue, batches, partitions and reports, and journal it")
    .option('--device <id>', 'the device whose records are erased')
    .addOption(
      new Option(
        '--before <date>',
        'only records dated before this day (YYYY-MM-DD, in LOCUS_TIMEZONE)',
      ).argParser(dateArgument),
    )
    .option('--retention', 'erase every record older than LOCUS_RETENTION_DAYS')
    .option('--dry-run', 'show what would be erased, erase nothing')
    .option('-y, --yes', "do not ask before erasing every device's records (--before without --device)")
    .addOption(jsonOption())
    .action(
      action(async (options) => (await import('./commands/purge-command')).purgeCommand(context(), options)),
    );
  program
    .command('reconcile')
    .description(
      "check that every record in the simulator's accepted file is in its day's report exactly once",
    )
    .argument('<accepted-file>', 'what locus simulate --out wrote (accepted.json)')
    .addOption(dateOption("check only this date's records (default: every date in the file)"))
    .addOption(jsonOption())
    .action(
      action(async (file: string, options) =>
        (await import('./commands/reconcile-command')).reconcileCommand(context(), file, options),
      ),
    );
  program
    .command('rejected')
    .description("the refused items of tracking apps' messages that arrived on a date, with their reasons")
    .addOption(dateOption('the date of arrival (YYYY-MM-DD, in LOCUS_TIMEZONE)').makeOptionMandatory())
    .option('--csv', 'print them as CSV')
    .option('--out <file>', 'write them as CSV to this file')
    .addOption(jsonOption())
    .action(
      action(async (options) =>
        (await import('./commands/rejected-command')).rejectedCommand(context(), options),
      ),
    );
  defineSimulateCommand(
    program,
    action(async (options) =>
      (await import('./commands/simulate-command')).simulateCommand(io, {
        ...options,
        url: options.url ?? localServerUrl(io.env),
      }),
    ),
  );
  pointAtHelp(program);
  return program;
};

/** `token create` for the command `locus token create`. */
const commandPath = (command: Command): string => {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent != null; at = at.parent) names.unshift(at.name());
  return names.join(' ');
};

/** Every subcommand's usage errors end by naming its own help (`run locus token create --help`). */
const pointAtHelp = (command: Command): void => {
  for (const sub of command.commands) {
    sub.showHelpAfterError(`(run locus ${commandPath(sub)} --help for usage)`);
    pointAtHelp(sub);
  }
};
