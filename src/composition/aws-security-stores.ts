import { type AwsClientSettings, createSsmClient } from '../adapters/aws/aws-clients';
import { AWS_TOKENS } from '../adapters/aws/aws-tokens';
import { SsmTokenStore } from '../adapters/aws/ssm/ssm-token-store';
import { InMemorySigningKeys } from '../adapters/memory/in-memory-token-store';
import { TOKENS } from '../application/tokens';
import { AwsEnvReader } from '../config/aws-env-reader';
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
  const reader = new AwsEnvReader(variables);
  const raw = reader.optional('LOCUS_AWS_TOKEN_PATH') ?? DEFAULT_TOKEN_PATH;
  const path = raw.endsWith('/') ? raw : `${raw}/`;
  if (!PATH.test(path))
    reader.problems.push(`LOCUS_AWS_TOKEN_PATH "${raw}" is not an SSM parameter path such as /locus/tokens/`);
  const region = reader.optional('LOCUS_AWS_REGION') ?? reader.optional('AWS_REGION') ?? '';
  if (region === '') reader.problems.push('LOCUS_AWS_REGION (or AWS_REGION) is missing');
  const maxAttempts = reader.integer('LOCUS_AWS_MAX_ATTEMPTS', DEFAULT_MAX_ATTEMPTS, 1, 20);
  if (reader.problems.length > 0) {
    throw new LocusError(
      'CONFIGURATION',
      `the aws token store is not configured:${reader.problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  }
  const endpoint = reader.optional('LOCUS_AWS_SSM_ENDPOINT') ?? reader.optional('LOCUS_AWS_ENDPOINT');
  return { path, client: { region, maxAttempts, ...(endpoint === undefined ? {} : { endpoint }) } };
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
