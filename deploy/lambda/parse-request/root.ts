import { ReceiveService } from '../../../src/application';
import { sqsQueueBinder } from '../../../src/composition/aws-client-binding';
import { createEntryRoot, type EntryRoot, type EntryRootOptions } from '../shared/entry-root';
import { loadParseRequestSecurity } from './ingest-security';

export const PARSE_REQUEST = 'parse_request';

/**
 * The composition root of `parse_request`: the receive service over the queue (SQS on the `aws`
 * profile, without the other AWS clients). Settings from `LOCUS_*` variables, e.g.
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
      ports: ['queue'],
      services: [ReceiveService],
      aws: (config) => ({ queue: sqsQueueBinder(config) }),
      customize: loadParseRequestSecurity,
    },
    env,
    options,
  );
