import { createSqsClient } from '../../../src/adapters/aws/aws-clients';
import { AWS_TOKENS } from '../../../src/adapters/aws/aws-tokens';
import { SqsLocationQueue } from '../../../src/adapters/aws/sqs/sqs-location-queue';
import { TOKENS } from '../../../src/application/tokens';
import type { AdapterBinders } from '../../../src/composition/adapter-binders';
import type { AwsAdapterConfig } from '../../../src/config/aws-config';

/**
 * The `aws` profile's queue alone, bound as `awsBinders` binds it (config, one SQS client destroyed
 * on unbind, `SqsLocationQueue`). `parse_request` takes this instead of the whole profile, so that
 * its bundle carries neither the S3, Redshift nor EC2 client: a smaller bundle starts faster.
 */
export const sqsQueueBinders = (config: AwsAdapterConfig): Pick<AdapterBinders, 'queue'> => ({
  queue: ({ bind, isBound }) => {
    if (!isBound(AWS_TOKENS.Config)) bind(AWS_TOKENS.Config).toConstantValue(config);
    bind(AWS_TOKENS.SqsClient)
      .toDynamicValue(() => createSqsClient(config))
      .inSingletonScope()
      .onDeactivation((client) => client.destroy());
    bind(TOKENS.LocationQueue).to(SqsLocationQueue).inSingletonScope();
  },
});
