import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { batchStream, COLLECTION_SERVER_STREAM } from '../../../src/domain';
import { acknowledgeWildcardResource } from '../nag';
import { type DataBucket, type KeyPrefix, PREFIX } from './data-bucket';
import type { IngestQueue } from './ingest-queue';

/** The journal keys of one stream (`journal/<stream>/`), or of every stream whose name starts so. */
const journalKeys = (stream: string, whole: boolean): KeyPrefix =>
  `${PREFIX.journal}${encodeURIComponent(stream)}${whole ? '/' : ''}`;

/**
 * Deciding on a journal stream and appending to it (`decideAndAppend`): list and read the stream,
 * write the append and its `journal-index/` entry, and delete the append when the index write fails.
 */
const grantJournal = (role: iam.IRole, data: DataBucket, streams: KeyPrefix): void => {
  data.grantObjects(role, streams, ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
  data.grantObjects(role, PREFIX.journalIndex, ['s3:PutObject']);
  data.grantList(role, [streams]);
};

/**
 * receive (`parse_request`): put a message on the queue, and keep the refused items of the
 * tracking apps' messages under `rejected/` (a read first: a resent message is kept once).
 */
export const grantReceive = (role: iam.IRole, queue: IngestQueue, data: DataBucket): void => {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queue.queueArn] }),
  );
  data.grantObjects(role, PREFIX.rejected, ['s3:GetObject', 's3:PutObject']);
};

/**
 * store (`store_request`): drain the queue, set unreadable messages aside, put one batch, and
 * journal it on its `batch-<id>` stream.
 */
export const grantStore = (role: iam.IRole, queue: IngestQueue, data: DataBucket): void => {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
      resources: [queue.queue.queueArn],
    }),
  );
  // The SQS adapter moves messages it cannot read to the dead-letter queue and reports its depth.
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
      resources: [queue.deadLetters.queueArn],
    }),
  );
  // Large batches are uploaded in parts; a failed upload is aborted.
  data.grantObjects(role, PREFIX.work, ['s3:PutObject', 's3:AbortMultipartUpload']);
  grantJournal(role, data, journalKeys(batchStream(''), false));
};

/**
 * start/stop: one EC2 action on the one instance, reading instance states to wait for the change,
 * and the `collection-server` journal stream.
 */
export const grantLifecycle = (
  role: iam.IRole,
  data: DataBucket,
  instanceId: string,
  action: 'ec2:StartInstances' | 'ec2:StopInstances',
): void => {
  grantJournal(role, data, journalKeys(COLLECTION_SERVER_STREAM, true));
  const instanceArn = Stack.of(role).formatArn({
    service: 'ec2',
    resource: 'instance',
    resourceName: instanceId,
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: [action], resources: [instanceArn] }));
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['ec2:DescribeInstances'], resources: ['*'] }),
  );
  acknowledgeWildcardResource(
    role,
    '*',
    'ec2:DescribeInstances has no resource-level permissions; it only reads the state the function waits for.',
  );
};
