import { type PurgeOutcome, PurgeService } from '../../application/security/purge-service';
import { cliSecuritySettings, ensureCliSecurity } from '../../composition/cli-security';
import type { CalendarDate } from '../../domain';
import { LocusError } from '../../ports';
import type { CommandContext } from '../command-context';
import { type OutputOptions, printOutcome } from '../output/print-outcome';

export interface PurgeOptions extends OutputOptions {
  readonly device?: string;
  readonly before?: CalendarDate;
  /** Applies the retention setting (`LOCUS_RETENTION_DAYS`): every record older than it goes. */
  readonly retention?: boolean;
}

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
 * batches, the partitions and the reports, and its refused items from `rejected/`, and journals the erasure. `locus purge --retention`
 * erases every record older than `LOCUS_RETENTION_DAYS`.
 */
export const purgeCommand = (context: CommandContext, options: PurgeOptions): Promise<number> =>
  context.withRoot(async (root) => {
    await ensureCliSecurity(root.container, context.config);
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
    const outcome = await purge.purge({
      deviceId: options.device ?? null,
      before,
      reason: options.device === undefined ? 'retention' : 'request',
    });
    printOutcome(context, options, describe(outcome), outcome);
    return 0;
  });
