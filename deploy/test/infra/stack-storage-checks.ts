import { Match } from 'aws-cdk-lib/assertions';
import { LOCATION_COLUMNS } from '../../../src/domain/location/location-csv';
import { flattenCfnValue } from '../../infra/nag';
import { logicalId } from './iam-permissions';
import { type Json, type SynthesizedLocusStack } from './locus-stack-fixture';

// The data bucket (its protection and lifecycle) and the Spectrum table over `storage/`.
/** The checks of this concern on the synthesized stack. */
export const describeStorageChecks = (locus: SynthesizedLocusStack): void => {
  describe('data bucket', () => {
    test('blocks public access, encrypts, and keeps server access logs', () => {
      expect(locus.resourceOf(locus.ids.bucket).Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(locus.stack.data.accessLogs) } },
      });
    });

    test('denies every request that is not TLS 1.2 or newer', () => {
      locus.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: locus.ids.bucket },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
          ]),
        },
      });
    });

    test('expires processed batches, reports and query output, never pending work or storage', () => {
      const rules = (
        locus.resourceOf(locus.ids.bucket).Properties.LifecycleConfiguration as {
          Rules: Record<string, Json>[];
        }
      ).Rules;
      const byPrefix = Object.fromEntries(
        rules.filter((r) => r.Prefix !== undefined).map((r) => [r.Prefix as string, r.ExpirationInDays]),
      );
      expect(byPrefix).toEqual({ 'archive/work/': 30, 'download/': 90, 'unload/': 1 });
      expect(rules).toContainEqual(
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
      );
      expect(rules.some((r) => r.Prefix === undefined && r.ExpirationInDays !== undefined)).toBe(false);
    });
  });

  describe('Spectrum catalog', () => {
    test('describes storage/ as a CSV table partitioned by dt with the contract columns', () => {
      const table = Object.values(locus.template.findResources('AWS::Glue::Table'))[0] as {
        Properties: { DatabaseName: string; TableInput: Record<string, Json> };
      };
      const input = table.Properties.TableInput as {
        Name: string;
        TableType: string;
        PartitionKeys: { Name: string; Type: string }[];
        StorageDescriptor: { Columns: { Name: string; Type: string }[]; Location: Json; SerdeInfo: Json };
      };
      expect(table.Properties.DatabaseName).toBe('locus');
      expect(input.Name).toBe('locations');
      expect(input.TableType).toBe('EXTERNAL_TABLE');
      expect(input.PartitionKeys).toEqual([expect.objectContaining({ Name: 'dt', Type: 'date' })]);
      expect(input.StorageDescriptor.Columns.map((c) => c.Name)).toEqual([...LOCATION_COLUMNS]);
      // Text columns give back the exact stored characters (record_id hashes them).
      expect(input.StorageDescriptor.Columns.every((c) => c.Type.startsWith('varchar('))).toBe(true);
      expect(flattenCfnValue(input.StorageDescriptor.Location)).toBe(`s3://<${locus.ids.bucket}>/storage/`);
      expect(input.StorageDescriptor.SerdeInfo).toMatchObject({ Parameters: { 'field.delim': ',' } });
      locus.template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'locus' } });
    });
  });
};
