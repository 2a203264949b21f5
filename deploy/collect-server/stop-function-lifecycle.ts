import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { inject, injectable } from 'inversify';
import { awsClientOptions } from '../../src/adapters/aws/aws-clients';
import { translateAwsError } from '../../src/adapters/aws/aws-errors';
import type { AwsAdapterConfig } from '../../src/config/aws-config';
import type { ServerLifecycle, ServerState } from '../../src/ports';
import type { StopRequest } from '../lambda/stop-collect-server/stop-request';
import { SERVER_TOKENS } from './server-tokens';

/** A Lambda client configured like the profile's other clients (region, endpoint, standard retries). */
export const createLambdaClient = (config: AwsAdapterConfig): LambdaClient =>
  new LambdaClient(awsClientOptions(config));

/**
 * The collect server's lifecycle, seen from the server itself: it is running (it runs this code),
 * so `start` has nothing to do, and `stop` asks `stop_collect_server` to stop the instance. The
 * call is asynchronous (`Event`): it returns once Lambda has queued it, while this process can
 * still end cleanly; the function then stops the instance, which the server holds no right to do.
 */
@injectable()
export class StopFunctionServerLifecycle implements ServerLifecycle {
  private run: StopRequest = {};

  constructor(
    @inject(SERVER_TOKENS.LambdaClient) private readonly client: LambdaClient,
    @inject(SERVER_TOKENS.StopFunction) private readonly functionName: string,
  ) {}

  /** The run the next stop ends, sent along for the function's log. */
  describeRun(runId: string, outcome: 'succeeded' | 'failed'): void {
    this.run = { runId, outcome };
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    const request: StopRequest = { source: 'locus-collect-server', ...this.run };
    try {
      const result = await this.client.send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify(request)),
        }),
      );
      if (result.FunctionError !== undefined) {
        throw new Error(`${this.functionName} answered ${result.FunctionError}`);
      }
    } catch (error) {
      throw translateAwsError(error, 'LIFECYCLE_FAILED', `invoking ${this.functionName} to stop the server`);
    }
  }

  async state(): Promise<ServerState> {
    return 'running';
  }
}
