import { ReceiveService } from '../../../src/application';
import { ClientIntake } from '../../../src/application/clients/client-intake';
import { s3RejectedBinder, sqsQueueBinder } from '../../../src/composition/aws-client-binding';
import { createEntryRoot, type EntryRoot, type EntryRootOptions } from '../shared/entry-root';
import { loadParseRequestSecurity } from './ingest-security';

export const PARSE_REQUEST = 'parse_request';

/**
 * The composition root of `parse_request`: the receive service over the queue (SQS on the `aws`
 * profile) and the tracking apps' intake over the rejected store (S3, `rejected/` in the work
 * bucket), without the other AWS clients. Settings from `LOCUS_*` variables, e.g.
 * `LOCUS_MAX_BODY_BYTES`, `LOCUS_MAX_BATCH`, `LOCUS_TIMEZONE`; device tokens from SSM under
 * `LOCUS_AWS_TOKEN_PATH` (`LOCUS_AUTH`, see `ingest-security.ts`).
 */
export const createParseRequestRoot = (
  env: Readonly<Record<string, string | undefined>>,
  options?: EntryRootOptions,
): EntryRoot =>
  createEntryRoot(
    {
      name: PARSE_REQUEST,
      ports: ['queue', 'rejected'],
      services: [ReceiveService, ClientIntake],
      aws: (config) => ({ queue: sqsQueueBinder(config), rejected: s3RejectedBinder(config) }),
      customize: loadParseRequestSecurity,
    },
    env,
    options,
  );
