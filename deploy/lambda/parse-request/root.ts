import { ReceiveService } from '../../../src/application';
import { ClientIntake } from '../../../src/application/clients/client-intake';
import { AWS_ADAPTERS } from '../../../src/composition/aws-adapters';
import { MEMORY_ADAPTERS } from '../../../src/composition/memory-adapters';
import { mergeTables } from '../../../src/composition/registry';
import { createEntryRoot, type EntryRoot, type EntryRootOptions } from '../shared/entry-root';
import { loadParseRequestSecurity } from './ingest-security';

export const PARSE_REQUEST = 'parse_request';

/**
 * The composition root of `parse_request`: the receive service over the queue (SQS on `aws`), the
 * tracking apps' intake over the rejected store (S3, `rejected/` in the work bucket) and device
 * tokens (SSM under `LOCUS_AWS_TOKEN_PATH`), without the Redshift and EC2 clients.
 */
export const createParseRequestRoot = (
  env: Readonly<Record<string, string | undefined>>,
  options?: EntryRootOptions,
): EntryRoot =>
  createEntryRoot(
    {
      name: PARSE_REQUEST,
      ports: ['queue', 'rejected', 'tokens'],
      services: [ReceiveService, ClientIntake],
      // No Redshift or EC2 client on the hot path.
      adapters: mergeTables([MEMORY_ADAPTERS, AWS_ADAPTERS]),
      customize: loadParseRequestSecurity,
    },
    env,
    options,
  );
