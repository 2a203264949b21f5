import { S3PresignedReportLinks } from '../adapters/aws/s3/s3-report-links';
import { defaultCredentials } from '../adapters/aws/sigv4';
import { SsmTokenStore } from '../adapters/aws/ssm/ssm-token-store';
import { InMemorySigningKeys } from '../adapters/memory/in-memory-token-store';
import { TOKENS } from '../application/tokens';
import { LocusError } from '../ports/errors';
import type { SecurityStoresBinder } from './security-binders';

/** The default parameter path of the tokens. */
export const DEFAULT_TOKEN_PATH = '/locus/tokens/';

const PATH = /^\/([A-Za-z0-9_.-]+\/)+$/;

type Variables = Readonly<Record<string, string | undefined>>;

/** Whether the variables name where the `aws` profile keeps its tokens. */
export const hasTokenPath = (variables: Variables): boolean =>
  (variables.LOCUS_AWS_TOKEN_PATH ?? '').trim() !== '';

/**
 * The `aws` profile's token store from `LOCUS_AWS_TOKEN_PATH` (default `/locus/tokens/`),
 * `LOCUS_AWS_REGION` (or `AWS_REGION`) and the optional `LOCUS_AWS_SSM_ENDPOINT`.
 */
export const ssmTokenStore = (variables: Variables): SsmTokenStore => {
  const raw = (variables.LOCUS_AWS_TOKEN_PATH ?? '').trim() || DEFAULT_TOKEN_PATH;
  const path = raw.endsWith('/') ? raw : `${raw}/`;
  const region = (variables.LOCUS_AWS_REGION ?? variables.AWS_REGION ?? '').trim();
  const problems: string[] = [];
  if (!PATH.test(path))
    problems.push(`LOCUS_AWS_TOKEN_PATH "${raw}" is not an SSM parameter path such as /locus/tokens/`);
  if (region === '') problems.push('LOCUS_AWS_REGION (or AWS_REGION) is missing');
  if (problems.length > 0) {
    throw new LocusError(
      'CONFIGURATION',
      `the aws token store is not configured:${problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  }
  const endpoint = (variables.LOCUS_AWS_SSM_ENDPOINT ?? '').trim();
  return new SsmTokenStore({
    path,
    region,
    credentials: defaultCredentials(),
    ...(endpoint === '' ? {} : { endpoint }),
  });
};

/** The `aws` profile's token store (SSM parameters) and a link key per process (HMAC links are a local server's). */
export const awsSecurityStores =
  (variables: Variables): SecurityStoresBinder =>
  ({ bind }) => {
    bind(TOKENS.TokenStore)
      .toDynamicValue(() => ssmTokenStore(variables))
      .inSingletonScope();
    bind(TOKENS.SigningKeys).to(InMemorySigningKeys).inSingletonScope();
  };

/** S3 presigned links to the reports in the download bucket (needs the aws profile's config bound). */
export const presignedReportLinks: SecurityStoresBinder = ({ bind }) => {
  bind(TOKENS.ReportLinks).to(S3PresignedReportLinks).inSingletonScope();
};
