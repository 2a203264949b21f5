import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TOKENS } from '../../application/tokens';
import type { CalendarDate } from '../../domain';
import type { CommandContext } from '../command-context';
import { type OutputOptions, printOutcome } from '../output/print-outcome';
import { rejectedCsv, rejectedText } from '../output/rejected-output';

export interface RejectedOptions extends OutputOptions {
  readonly date: CalendarDate;
  /** Print the items as CSV. */
  readonly csv?: boolean;
  /** Write the items as CSV to this file. */
  readonly out?: string;
}

/**
 * `locus rejected --date D`: the items of tracking apps' messages that arrived on that date and
 * were refused (kept in `rejected/`), with their reason, route, device and the item as sent.
 * `--json` prints them as JSON, `--csv` as CSV, `--out FILE` writes the CSV to a file.
 */
export const rejectedCommand = (context: CommandContext, options: RejectedOptions): Promise<number> =>
  context.withRoot(async (root) => {
    const items = await root.get(TOKENS.rejected).list(options.date);
    if (options.out !== undefined) {
      const file = path.resolve(context.io.cwd, options.out);
      await writeFile(file, rejectedCsv(items), 'utf8');
      printOutcome(context, options, `${items.length} refused item(s) written to ${file}\n`, {
        date: options.date,
        count: items.length,
        file,
      });
      return 0;
    }
    if (options.csv === true) {
      context.io.stdout.write(rejectedCsv(items));
      return 0;
    }
    printOutcome(context, options, rejectedText(options.date, items), {
      date: options.date,
      count: items.length,
      items,
    });
    return 0;
  });
