import { Stack } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { LOCATION_COLUMNS } from '../../../src/domain/location/location-csv';
import { type DataBucket, PREFIX } from './data-bucket';

/** The Spectrum table's name in the Glue database. */
export const LOCATIONS_TABLE = 'locations';

/**
 * Every column is text holding the contract's exact characters (the same table as
 * `deploy/sql/spectrum.sql`): `record_id` hashes the canonical text of the other fields, so the
 * report must give back that very text, which DOUBLE or TIMESTAMP columns would reformat. The
 * fixed-width ISO 8601 UTC instants order correctly as text. Typed access is a view in that file.
 */
const COLUMN_TYPES: Readonly<Record<(typeof LOCATION_COLUMNS)[number], string>> = {
  record_id: 'varchar(32)',
  device_id: 'varchar(128)',
  recorded_at: 'varchar(24)',
  latitude: 'varchar(32)',
  longitude: 'varchar(32)',
  accuracy: 'varchar(32)',
  altitude: 'varchar(32)',
  speed: 'varchar(32)',
  heading: 'varchar(32)',
  received_at: 'varchar(24)',
};

export interface SpectrumCatalogProps {
  readonly data: DataBucket;
  readonly databaseName: string;
}

/**
 * The Glue database and external table over `storage/dt=YYYY-MM-DD/` (headerless CSV in the
 * contract's column order, empty field = NULL; fields never need quoting), and the role Redshift
 * assumes for Spectrum reads, partition registration and UNLOAD into `unload/`.
 */
export class SpectrumCatalog extends Construct {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: SpectrumCatalogProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const bucket = props.data.bucket;
    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: { name: props.databaseName, description: 'Locus location records' },
    });
    this.table = new glue.CfnTable(this, 'Locations', {
      catalogId: stack.account,
      databaseName: props.databaseName,
      tableInput: {
        name: LOCATIONS_TABLE,
        description: 'Device locations, one folder per date (dt) in the configured time zone',
        tableType: 'EXTERNAL_TABLE',
        parameters: { EXTERNAL: 'TRUE', classification: 'csv', 'serialization.null.format': '' },
        partitionKeys: [
          { name: 'dt', type: 'date', comment: "the records' date in the configured time zone" },
        ],
        storageDescriptor: {
          columns: LOCATION_COLUMNS.map((name) => ({ name, type: COLUMN_TYPES[name] })),
          location: `s3://${bucket.bucketName}/${PREFIX.storage}`,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe',
            parameters: {
              'field.delim': ',',
              'line.delim': '\n',
              'serialization.format': ',',
              'serialization.null.format': '',
            },
          },
        },
      },
    });
    this.table.node.addDependency(this.database);

    this.role = new iam.Role(this, 'RedshiftRole', {
      assumedBy: new iam.CompositePrincipal(
        new iam.ServicePrincipal('redshift.amazonaws.com'),
        new iam.ServicePrincipal('redshift-serverless.amazonaws.com'),
      ),
      description: 'Assumed by Redshift for Locus Spectrum queries and UNLOAD',
    });
    props.data.grantObjects(this.role, PREFIX.storage, ['s3:GetObject']);
    props.data.grantObjects(this.role, PREFIX.unload, ['s3:PutObject', 's3:DeleteObject']);
    props.data.grantList(this.role, [PREFIX.storage, PREFIX.unload]);
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }),
    );
    const glueArn = (resource: string, name?: string): string =>
      stack.formatArn({ service: 'glue', resource, resourceName: name });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'glue:GetDatabase',
          'glue:GetTable',
          'glue:GetPartition',
          'glue:GetPartitions',
          'glue:BatchGetPartition',
          'glue:CreatePartition',
          'glue:BatchCreatePartition',
        ],
        resources: [
          glueArn('catalog'),
          glueArn('database', props.databaseName),
          glueArn('table', `${props.databaseName}/${LOCATIONS_TABLE}`),
        ],
      }),
    );
  }
}
