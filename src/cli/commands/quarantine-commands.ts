import { QuarantineService } from '../../application/quarantine/quarantine-service';
import type { CommandContext } from '../command-context';
import { type OutputOptions, printOutcome } from '../output/print-outcome';
import { formatQuarantineList, formatRedrive } from '../output/quarantine-text';

export interface RedriveOptions extends OutputOptions {
  /** Quarantined messages to bring back (default: every one). */
  readonly id?: readonly string[];
  /** Repaired batches to put back among the pending ones. */
  readonly batch?: readonly string[];
}

/** `locus quarantine list`: the quarantined queue messages (why, when, a preview) and batches. */
export const quarantineListCommand = (context: CommandContext, options: OutputOptions): Promise<number> =>
  context.withRoot(async (root) => {
    const listing = await root.get(QuarantineService).list();
    printOutcome(context, options, formatQuarantineList(listing), listing);
    return 0;
  });

/**
 * `locus quarantine redrive [--id ID]… | --batch ID…`: puts quarantined messages back on the
 * queue (all, or those named), or repaired batches back among the pending ones. Exits 1 when
 * something asked for could not be brought back (unreadable, or not in quarantine).
 */
export const quarantineRedriveCommand = (context: CommandContext, options: RedriveOptions): Promise<number> =>
  context.withRoot(async (root) => {
    const quarantine = root.get(QuarantineService);
    if (options.batch !== undefined && options.batch.length > 0) {
      const restored = [];
      for (const batchId of options.batch) restored.push(await quarantine.restoreBatch(batchId));
      const text = restored.map(
        (batch) => `restored batch ${batch.batchId}: pending again, the next partition run files it\n`,
      );
      printOutcome(context, options, text.join(''), { restored });
      return 0;
    }
    const outcome = await quarantine.redrive(options.id);
    printOutcome(context, options, formatRedrive(outcome), outcome);
    return options.id !== undefined && (outcome.unreadable.length > 0 || outcome.notFound.length > 0) ? 1 : 0;
  });
