import './quiet-sdk';
import { S3Client } from '@aws-sdk/client-s3';
import { Container, ContainerModule } from 'inversify';
import { AWS_TOKENS } from '../../../src/adapters/aws/aws-tokens';
import { Ec2ServerLifecycle } from '../../../src/adapters/aws/ec2/ec2-server-lifecycle';
import { RedshiftSpectrumReportQuery } from '../../../src/adapters/aws/redshift/redshift-spectrum-report-query';
import { S3BatchStore } from '../../../src/adapters/aws/s3/s3-batch-store';
import { S3EventJournal } from '../../../src/adapters/aws/s3/s3-event-journal';
import { S3PartitionStore } from '../../../src/adapters/aws/s3/s3-partition-store';
import { S3ReportStore } from '../../../src/adapters/aws/s3/s3-report-store';
import { S3RunLock } from '../../../src/adapters/aws/s3/s3-run-lock';
import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import { InMemoryScratchSpace } from '../../../src/adapters/memory/in-memory-scratch-space';
import { TOKENS } from '../../../src/application/tokens';
import { PORT_NAMES } from '../../../src/composition/adapter-binders';
import { awsBinders } from '../../../src/composition/aws-binders';
import { type AwsAdapterConfig, readAwsConfig } from '../../../src/config/aws-config';
import { isLocusError } from '../../../src/ports';
import { ManualClock } from '../../support/manual-clock';

const ENV = {
  LOCUS_AWS_REGION: 'eu-west-1',
  LOCUS_AWS_ENDPOINT: 'http://127.0.0.1:4566',
  LOCUS_AWS_QUEUE_URL: 'http://127.0.0.1:4566/000000000000/locus',
  LOCUS_AWS_BUCKET: 'locus-data',
  LOCUS_AWS_REDSHIFT_WORKGROUP: 'locus',
  LOCUS_AWS_REDSHIFT_DATABASE: 'dev',
  LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN: 'arn:aws:iam::123456789012:role/locus-unload',
  LOCUS_AWS_INSTANCE_ID: 'i-0123456789abcdef0',
};

const containerOf = (config: AwsAdapterConfig): Container => {
  const binders = awsBinders(config);
  const container = new Container();
  container.loadSync(
    new ContainerModule((options) => {
      for (const port of PORT_NAMES) binders[port](options);
      options.bind(TOKENS.Clock).toConstantValue(new ManualClock());
      options.bind(TOKENS.IdSource).toConstantValue({ next: () => 'id-1' });
    }),
  );
  return container;
};

describe('awsBinders', () => {
  it('binds every port to its AWS adapter, scratch space in memory', async () => {
    const container = containerOf(readAwsConfig(ENV));
    expect(container.get(TOKENS.LocationQueue)).toBeInstanceOf(SqsLocationQueue);
    expect(container.get(TOKENS.BatchStore)).toBeInstanceOf(S3BatchStore);
    expect(container.get(TOKENS.PartitionStore)).toBeInstanceOf(S3PartitionStore);
    expect(container.get(TOKENS.ReportQuery)).toBeInstanceOf(RedshiftSpectrumReportQuery);
    expect(container.get(TOKENS.ReportStore)).toBeInstanceOf(S3ReportStore);
    expect(container.get(TOKENS.EventJournal)).toBeInstanceOf(S3EventJournal);
    expect(container.get(TOKENS.RunLock)).toBeInstanceOf(S3RunLock);
    expect(container.get(TOKENS.ScratchSpace)).toBeInstanceOf(InMemoryScratchSpace);
    expect(container.get(TOKENS.ServerLifecycle)).toBeInstanceOf(Ec2ServerLifecycle);
    await container.unbindAll();
  });

  it('shares one SDK client per service, S3 path-style when an endpoint is set', async () => {
    const container = containerOf(readAwsConfig(ENV));
    const s3 = container.get(AWS_TOKENS.S3Client);
    expect(s3).toBeInstanceOf(S3Client);
    expect(container.get(AWS_TOKENS.S3Client)).toBe(s3);
    expect(s3.config.forcePathStyle).toBe(true);
    expect((await s3.config.endpoint?.())?.hostname).toBe('127.0.0.1');
    expect(await s3.config.region()).toBe('eu-west-1');
    expect(await container.get(AWS_TOKENS.SqsClient).config.maxAttempts()).toBe(5);
    await container.unbindAll();
  });

  it('uses virtual-hosted S3 addresses without an endpoint override', async () => {
    const { LOCUS_AWS_ENDPOINT: _endpoint, ...env } = ENV;
    const container = containerOf(readAwsConfig(env));
    expect(container.get(AWS_TOKENS.S3Client).config.forcePathStyle).toBe(false);
    await container.unbindAll();
  });

  it('binds the ports even without Redshift and EC2 settings, and names them when those ports are used', () => {
    const {
      LOCUS_AWS_REDSHIFT_WORKGROUP: _a,
      LOCUS_AWS_REDSHIFT_DATABASE: _b,
      LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN: _c,
      LOCUS_AWS_INSTANCE_ID: _d,
      ...env
    } = ENV;
    const container = containerOf(readAwsConfig(env));
    expect(container.get(TOKENS.LocationQueue)).toBeInstanceOf(SqsLocationQueue);
    const failure = (token: symbol) => {
      try {
        container.get(token);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    expect(isLocusError(failure(TOKENS.ReportQuery as symbol), 'CONFIGURATION')).toBe(true);
    expect(isLocusError(failure(TOKENS.ServerLifecycle as symbol), 'CONFIGURATION')).toBe(true);
  });
});
