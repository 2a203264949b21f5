import {
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  type ExecuteStatementCommandInput,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import type { AwsRedshiftConfig } from '../../../config/aws-config';
import type { Clock } from '../../../ports';
import { LocusError } from '../../../ports/errors';
import { isTransient, translateAwsError } from '../aws-errors';
import { sleep } from '../backoff';

/** Where statements run: a provisioned cluster or a Serverless workgroup, and as whom. */
export const statementTarget = (config: AwsRedshiftConfig): Omit<ExecuteStatementCommandInput, 'Sql'> => ({
  Database: config.database,
  ...(config.clusterIdentifier === undefined ? {} : { ClusterIdentifier: config.clusterIdentifier }),
  ...(config.workgroupName === undefined ? {} : { WorkgroupName: config.workgroupName }),
  ...(config.dbUser === undefined ? {} : { DbUser: config.dbUser }),
  ...(config.secretArn === undefined ? {} : { SecretArn: config.secretArn }),
});

/**
 * Runs one SQL statement through the Redshift Data API and waits for it: `DescribeStatement`
 * polled with exponential backoff (initial to max pause) until it finishes, fails, or the
 * deadline passes (then it is cancelled and `QUERY_TIMEOUT` is thrown).
 */
export class RedshiftStatementRunner {
  constructor(
    private readonly client: RedshiftDataClient,
    private readonly config: AwsRedshiftConfig,
    private readonly clock: Clock,
  ) {}

  async run(sql: string, label: string): Promise<void> {
    const deadline = this.clock.now() + this.config.statementTimeoutMs;
    let id: string;
    try {
      const started = await this.client.send(
        new ExecuteStatementCommand({ ...statementTarget(this.config), Sql: sql, StatementName: label }),
      );
      id = started.Id as string;
    } catch (error) {
      throw translateAwsError(error, 'QUERY_FAILED', `starting ${label} on Redshift`, 'THROTTLED');
    }
    await this.waitFor(id, label, deadline);
  }

  private async waitFor(id: string, label: string, deadline: number): Promise<void> {
    let pause = this.config.pollInitialMs;
    for (;;) {
      await sleep(pause);
      try {
        const statement = await this.client.send(new DescribeStatementCommand({ Id: id }));
        switch (statement.Status) {
          case 'FINISHED':
            return;
          case 'FAILED':
          case 'ABORTED':
            throw new LocusError(
              'QUERY_FAILED',
              `${label} ${statement.Status === 'FAILED' ? 'failed' : 'was aborted'} on Redshift (statement ${id}): ` +
                `${statement.Error ?? 'no reason given'}`,
              { cause: { id, status: statement.Status, error: statement.Error } },
            );
          default:
            break;
        }
      } catch (error) {
        // A throttled or failed poll is tried again at the next pause; the deadline bounds it.
        if (error instanceof LocusError || !isTransient(error)) {
          throw translateAwsError(error, 'QUERY_FAILED', `checking ${label} on Redshift`, 'THROTTLED');
        }
      }
      if (this.clock.now() >= deadline) {
        await this.client.send(new CancelStatementCommand({ Id: id })).catch(() => undefined);
        throw new LocusError(
          'QUERY_TIMEOUT',
          `${label} did not finish on Redshift within ${this.config.statementTimeoutMs} ms (statement ${id}, cancelled)`,
          { retryable: true },
        );
      }
      pause = Math.min(pause * 2, this.config.pollMaxMs);
    }
  }
}
