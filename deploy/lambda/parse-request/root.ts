import { ReceiveService } from '../../../src/application';
import { ClientIntake } from '../../../src/application/clients/client-intake';
import { AWS_ADAPTERS } from '../../../src/composition/aws-adapters';
import { MEMORY_ADAPTERS } from '../../../src/composition/memory-adapters';
import { mergeTables } from '../../../src/composition/registry';
import { entryRoot } from '../shared/entry-root';
import { parseRequestSecuritySettings } from './ingest-security';

export const PARSE_REQUEST = 'parse_request';

/**
 * `parse_request`: the receive service over the queue (SQS on `aws`), the tracking apps' intake
 * over the rejected store (S3) and device tokens (SSM), without the Redshift and EC2 clients.
 */
export const createParseRequestRoot = entryRoot({
  name: PARSE_REQUEST,
  ports: ['queue', 'rejected', 'tokens'],
  services: [ReceiveService, ClientIntake],
  adapters: mergeTables([MEMORY_ADAPTERS, AWS_ADAPTERS]),
  security: parseRequestSecuritySettings,
});
