import { type AwsClientSettings, createSsmClient } from '../adapters/aws/aws-clients';
import { AWS_TOKENS } from '../adapters/aws/aws-tokens';
import { SsmTokenStore } from '../adapters/aws/ssm/ssm-token-store';
import { InMemorySigningKeys } from '../adapters/memory/in-memory-token-store';
import { TOKENS } from '../application/tokens';
import { LocusError } from '../ports/errors';
import type { SecurityStoresBinder } from './security-binders';

/** The default parameter path of the tokens. */
export const DEFAULT_TOKEN_PATH = '/locus/tokens/';

const PATH = /^\/([A-Za-z0-9_.-]+\/)+$/;
const DEFAULT_MAX_ATTEMPTS = 5;

type Variables = Readonly<Record<string, string | undefined>>;

/** Where the `aws` profile keeps its tokens, and how its SSM client is built. */
export interface SsmTokenSettings {
  readonly path: string;
  readonly client: AwsClientSettings;
}

/** Whether the variables name where the `aws` profile keeps its tokens. */
export const hasTokenPath = (variables: Variables): boolean =>
  (variables.LOCUS_AWS_TOKEN_PATH ?? '').trim() !== '';

/**
 * The token store's settings from `LOCUS_AWS_TOKEN_PATH` (default `/locus/tokens/`),
 * `LOCUS_AWS_REGION` (or `AWS_REGION`), `LOCUS_AWS_MAX_ATTEMPTS` and the endpoint override
 * `LOCUS_AWS_SSM_ENDPOINT` (else `LOCUS_AWS_ENDPOINT`, as the other clients). Throws
 * `LocusError('CONFIGURATION')` naming every problem.
 */
export const ssmTokenSettings = (variables: Variables): SsmTokenSettings => {
  const raw = (variables.LOCUS_AWS_TOKEN_PATH ?? '').trim() || DEFAULT_TOKEN_PATH;
  const path = raw.endsWith('/') ? raw : `${raw}/`;
  const region = (variables.LOCUS_AWS_REGION ?? variables.AWS_REGION ?? '').trim();
  const attempts = (variables.LOCUS_AWS_MAX_ATTEMPTS ?? '').trim();
  const maxAttempts = attempts === '' ? DEFAULT_MAX_ATTEMPTS : Number(attempts);
  const problems: string[] = [];
  if (!PATH.test(path))
    problems.push(`LOCUS_AWS_TOKEN_PATH "${raw}" is not an SSM parameter path such as /locus/tokens/`);
  if (region === '') problems.push('LOCUS_AWS_REGION (or AWS_REGION) is missing');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 20)
    problems.push(`LOCUS_AWS_MAX_ATTEMPTS "${attempts}" is not a whole number from 1 to 20`);
  if (problems.length > 0) {
    throw new LocusError(
      'CONFIGURATION',
      `the aws token store is not configured:${problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  }
  const endpoint =
    (variables.LOCUS_AWS_SSM_ENDPOINT ?? '').trim() || (variables.LOCUS_AWS_ENDPOINT ?? '').trim();
  return { path, client: { region, maxAttempts, ...(endpoint === '' ? {} : { endpoint }) } };
};

/** A token store on its own SSM client (the `locus token` commands and tests); see `ssmTokenSettings`. */
export const ssmTokenStore = (variables: Variables): SsmTokenStore => {
  const settings = ssmTokenSettings(variables);
  return new SsmTokenStore(createSsmClient(settings.client), settings.path);
};

/**
 * The `aws` profile's token store (SSM parameters, one SSM client per container, destroyed when
 * unbound) and a link key per process (HMAC links are a local server's). The settings are read
 * when the store is first resolved.
 */
export const awsSecurityStores =
  (variables: Variables): SecurityStoresBinder =>
  ({ bind, isBound }) => {
    if (!isBound(AWS_TOKENS.SsmClient)) {
      bind(AWS_TOKENS.SsmClient)
        .toDynamicValue(() => createSsmClient(ssmTokenSettings(variables).client))
        .inSingletonScope()
        .onDeactivation((client) => client.destroy());
    }
    bind(AWS_TOKENS.SsmTokenPath).toDynamicValue(() => ssmTokenSettings(variables).path);
    bind(TOKENS.TokenStore).to(SsmTokenStore).inSingletonScope();
    bind(TOKENS.SigningKeys).to(InMemorySigningKeys).inSingletonScope();
  };
