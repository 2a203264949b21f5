import { LocusError } from '../ports/errors';
import { AwsEnvReader } from './aws-env-reader';

/** The default parameter path of the tokens. */
export const DEFAULT_TOKEN_PATH = '/locus/tokens/';

const PATH = /^\/([A-Za-z0-9_.-]+\/)+$/;
const DEFAULT_MAX_ATTEMPTS = 5;

type Variables = Readonly<Record<string, string | undefined>>;

/** Where the `ssm` token store keeps its tokens, and how its SSM client is built. */
export interface SsmTokenSettings {
  readonly path: string;
  readonly client: { readonly region: string; readonly endpoint?: string; readonly maxAttempts: number };
}

/** Whether the variables name where the `ssm` token store keeps its tokens. */
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
