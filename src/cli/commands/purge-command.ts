import { type PurgeOutcome, type PurgeRequest, PurgeService } from '../../application/security/purge-service';
import { StatusService } from '../../application/status';
import { cliSecuritySettings } from '../../composition/cli-root';
import type { CalendarDate } from '../../domain';
import { LocusError } from '../../ports';
import type { CommandContext } from '../command-context';
import { type OutputOptions, printOutcome } from '../output/print-outcome';
import { stepProgressBar } from '../output/step-progress';
import { describePlan, planPurge } from './purge-plan';

export interface PurgeOptions extends OutputOptions {
  readonly device?: string;
  readonly before?: CalendarDate;
  /** Applies the retention setting (`LOCUS_RETENTION_DAYS`): every record older than it goes. */
  readonly retention?: boolean;
  /** Shows what would be erased and erases nothing. */
  readonly dryRun?: boolean;
  /** Erases every device's records without asking. */
  readonly yes?: boolean;
}

/**
 * Whether a purge of every device's records may go on: `--yes`, or a person who answers yes on
 * the terminal. Without a terminal and without `--yes` it refuses.
 */
const confirmed = async (context: CommandContext, question: string): Promise<boolean> => {
  const { io } = context;
  if (io.stdinIsTTY !== true || io.ask === undefined) {
    throw new LocusError(
      'CONFIGURATION',
      "this erases every device's records and there is no terminal to confirm it: " +
        'look first with --dry-run, then add --yes (or name one device with --device ID)',
    );
  }
  const answer = await io.ask(question);
  return /^y(es)?$/i.test(answer.trim());
};

const describe = (outcome: PurgeOutcome): string => {
  const { queue, batches, partitions, reports, rejected = 0 } = outcome.removed;
  const what = outcome.deviceId === null ? 'records' : `records of device ${outcome.deviceId}`;
  return (
    `purged ${what}${outcome.before === null ? '' : ` dated before ${outcome.before}`} (purge ${outcome.purgeId}):\n` +
    `  queue ${queue}, batches ${batches}, partitions ${partitions}, report rows ${reports}, rejected items ${rejected}\n` +
    (outcome.dates.length > 0 ? `  rewritten dates: ${outcome.dates.join(' ')}\n` : '')
  );
};

/**
 * `locus purge --device ID [--before DATE]`: erases a device's records from the queue, the
 * batches, the partitions and the reports, and its refused items from `rejected/`, and journals
 * the erasure. `locus purge --retention` erases every record older than `LOCUS_RETENTION_DAYS`.
 * Without `--device` it erases every device's records: it then asks first (or refuses without a
 * terminal) unless `--yes`; `--dry-run` shows what would go and erases nothing.
 */
export const purgeCommand = (context: CommandContext, options: PurgeOptions): Promise<number> =>
  context.withRoot(async (root) => {
    const purge = root.get(PurgeService);
    let before = options.before ?? null;
    if (options.retention === true) {
      const days = cliSecuritySettings(context.config).retentionDays;
      if (days === null) throw new LocusError('CONFIGURATION', '--retention needs LOCUS_RETENTION_DAYS');
      const cutoff = purge.retentionCutoff(days);
      before = before === null || cutoff < before ? cutoff : before;
    }
    if (options.device === undefined && before === null) {
      throw new LocusError(
        'CONFIGURATION',
        'name a device (--device ID), a date (--before DATE), or --retention',
      );
    }
    const request: PurgeRequest = {
      deviceId: options.device ?? null,
      before,
      reason: options.device === undefined ? 'retention' : 'request',
    };
    if (options.dryRun === true || (request.deviceId === null && options.yes !== true)) {
      const plan = planPurge(request, await root.get(StatusService).pipeline(0));
      if (options.dryRun === true) {
        printOutcome(context, options, describePlan(plan), { dryRun: true, ...plan });
        return 0;
      }
      if (!(await confirmed(context, `${describePlan(plan)}Erase them? Type yes to go on: `))) {
        context.io.stderr.write('locus: nothing was erased\n');
        return 1;
      }
    }
    const progress = stepProgressBar(context.io.stderr, ['purging']);
    const outcome = await progress.run('purging', () => purge.purge(request));
    progress.stop();
    printOutcome(context, options, describe(outcome), outcome);
    return 0;
  });
