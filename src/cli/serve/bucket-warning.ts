import type { Logger } from '../../adapters/logging/create-logger';
import { readBuckets } from '../../config/aws-bucket-config';
import { AwsEnvReader } from '../../config/aws-env-reader';
import { adapterOf, type LocusConfig } from '../../config/locus-config';
import type { PortName } from '../../ports/port-names';

/** What `locus serve` keeps in S3 when these ports' adapters are `s3`. */
const BUCKET_USES: Partial<Record<PortName, string>> = {
  rejected: 'refused points kept',
  journal: 'accepted counts',
  reports: 'report list and downloads',
  batches: 'metrics of pending batches',
};

/**
 * The server starts without the bucket settings (ingest needs only the queue); what needs them
 * fails when used. Warns once at start, naming what needs them and what to set.
 */
export const warnMissingBuckets = (config: LocusConfig, logger: Logger): void => {
  const uses = Object.entries(BUCKET_USES)
    .filter(([port]) => adapterOf(config, port as PortName) === 's3')
    .map(([, use]) => use);
  if (uses.length === 0) return;
  const reader = new AwsEnvReader(config.variables);
  readBuckets(reader);
  if (reader.problems.length === 0) return;
  logger.warn(
    { problems: reader.problems },
    `no S3 bucket is configured: ${uses.join(', ')} fail until LOCUS_AWS_BUCKET ` +
      '(or LOCUS_AWS_WORK_BUCKET, LOCUS_AWS_STORAGE_BUCKET and LOCUS_AWS_DOWNLOAD_BUCKET) is set',
  );
};
