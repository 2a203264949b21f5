import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { ServiceIdentifier } from 'inversify';

/** The collect server's own injectables. */
export const SERVER_TOKENS = {
  /** The name or ARN of `stop_collect_server` (`LOCUS_AWS_STOP_FUNCTION`). */
  StopFunction: Symbol.for('locus.server.StopFunction') as ServiceIdentifier<string>,
  LambdaClient: Symbol.for('locus.server.LambdaClient') as ServiceIdentifier<LambdaClient>,
} as const;
