import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { acceptedStream } from '../../../src/application/status/accepted-tally';
import {
  batchStream,
  type CalendarDate,
  COLLECTION_SERVER_STREAM,
  STORE_RUNS_PREFIX,
} from '../../../src/domain';
import { acknowledgeWildcardResource } from '../nag';
import { type DataBucket, type KeyPrefix, PREFIX } from './data-bucket';
import type { IngestQueue } from './ingest-queue';

/** The journal keys of one stream (`journal/<stream>/`), or of every stream whose name starts so. */
const journalKeys = (stream: string, whole: boolean): KeyPrefix =>
  `${PREFIX.journal}${encodeURIComponent(stream)}${whole ? '/' : ''}`;

/**
 * Deciding on journal streams and appending to them (`handleCommand`): list and read a stream,
 * write the append (read back to confirm it) and its `journal-index/` entry.
 */
const grantJournal = (role: iam.IRole, data: DataBucket, streams: readonly KeyPrefix[]): void => {
  for (const prefix of streams) data.grantObjects(role, prefix, ['s3:GetObject', 's3:PutObject']);
  data.grantObjects(role, PREFIX.journalIndex, ['s3:PutObject']);
  data.grantList(role, [...streams]);
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
 * receive in a container (`locus serve`, HTTP only): put messages on the queue, read its depth
 * (`GET /health`), and journal the accepted counts on the `accepted-<date>` streams.
 */
export const grantContainerIngest = (role: iam.IRole, queue: IngestQueue, data: DataBucket): void => {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
      resources: [queue.queue.queueArn],
    }),
  );
  grantJournal(role, data, [journalKeys(acceptedStream('' as CalendarDate), false)]);
};

/**
 * store (`store_request`): drain the queue, set unreadable messages aside, put one batch, journal
 * it on its `batch-<id>` stream, and journal a drain on the `store-runs-<day>` stream.
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
  grantJournal(role, data, [journalKeys(batchStream(''), false), journalKeys(STORE_RUNS_PREFIX, false)]);
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
  grantJournal(role, data, [journalKeys(COLLECTION_SERVER_STREAM, true)]);
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
