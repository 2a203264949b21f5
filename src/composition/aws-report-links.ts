import { S3PresignedReportLinks } from '../adapters/aws/s3/s3-report-links';
import { TOKENS } from '../application/tokens';
import type { SecurityStoresBinder } from './security-binders';

/**
 * S3 presigned links to the reports in the download bucket, signed by the S3 client the reports'
 * port binds (needs the aws profile's config and S3 client bound). Kept apart from the token
 * stores so that `parse_request` carries no S3 client.
 */
export const presignedReportLinks: SecurityStoresBinder = ({ bind }) => {
  bind(TOKENS.ReportLinks).to(S3PresignedReportLinks).inSingletonScope();
};
