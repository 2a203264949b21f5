import { TOKENS } from '../../application/tokens';
import { cliSecuritySettings } from '../../composition/cli-root';
import { parseDuration } from '../../config/units';
import type { CalendarDate } from '../../domain';
import { LocusError, REPORT_FORMATS, type ReportFormat } from '../../ports';
import type { CommandContext } from '../command-context';
import { type OutputOptions, printOutcome } from '../output/print-outcome';

export interface ReportUrlOptions extends OutputOptions {
  readonly date: CalendarDate;
  /** How long the link lives (`15m`, `1h`, `7d`); one hour by default. */
  readonly expires?: string;
  /** Which file the link serves: `csv` (the default) or `parquet`. */
  readonly format?: string;
}

/**
 * `locus report-url --date D [--expires 1h] [--format parquet]`: a link that downloads one day's report until it
 * expires: signed for the local server, or an S3 presigned URL when the reports are on aws.
 */
export const reportUrlCommand = (context: CommandContext, options: ReportUrlOptions): Promise<number> =>
  context.withRoot(async (root) => {
    const lifeMs = parseDuration(options.expires ?? '1h');
    const { maxLinkMs } = cliSecuritySettings(context.config);
    if (lifeMs === undefined || lifeMs < 1_000 || lifeMs > maxLinkMs) {
      throw new LocusError(
        'CONFIGURATION',
        `--expires "${options.expires}" is not a duration from 1s to ${maxLinkMs / 86_400_000}d (LOCUS_LINK_MAX_EXPIRY)`,
      );
    }
    const format = options.format ?? 'csv';
    if (!REPORT_FORMATS.includes(format as ReportFormat)) {
      throw new LocusError(
        'CONFIGURATION',
        `--format "${format}" is not one of ${REPORT_FORMATS.join(', ')}`,
      );
    }
    const expiresAt = root.get(TOKENS.Clock).now() + lifeMs;
    const url = await root.get(TOKENS.links).linkFor(options.date, expiresAt, format as ReportFormat);
    const expires = new Date(expiresAt).toISOString();
    printOutcome(context, options, `${url}\n`, { date: options.date, url, expiresAt: expires });
    return 0;
  });
