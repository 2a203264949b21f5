import { inject, injectable } from 'inversify';
import { decideAcceptLocations, type LocationsAccepted, RecordDateResolver } from '../../domain';
import type { LocationQueue } from '../../ports';
import type { CoreSettings } from '../settings';
import { TOKENS } from '../tokens';
import { parseLocations, type Rejection } from './parse-locations';

/** What became of one request. */
export type ReceiveOutcome =
  | {
      readonly kind: 'accepted';
      readonly ids: readonly string[];
      readonly rejected: readonly Rejection[];
      readonly event: LocationsAccepted;
    }
  | { readonly kind: 'refused'; readonly message: string; readonly rejected: readonly Rejection[] };

export interface ReceiveContext {
  readonly requestId: string;
  /** When the request arrived (epoch ms). */
  readonly receivedAt: number;
}

/**
 * Receive: validates a request's locations and enqueues the valid ones as one durable message.
 * Resolves once they are durable; a queue failure rejects with `QUEUE_UNAVAILABLE` and nothing is accepted.
 */
@injectable()
export class ReceiveService {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(TOKENS.queue) private readonly queue: LocationQueue,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  async accept(body: unknown, context: ReceiveContext): Promise<ReceiveOutcome> {
    const parsed = parseLocations(
      body,
      context.receivedAt,
      this.settings.timePolicy,
      this.settings.maxBatchItems,
    );
    if (parsed.malformed !== undefined) return { kind: 'refused', message: parsed.malformed, rejected: [] };
    if (parsed.records.length === 0) {
      return { kind: 'refused', message: 'no valid location in the request', rejected: parsed.rejected };
    }
    const records = parsed.records.map((r) => r.record);
    const [event] = decideAcceptLocations(
      {
        type: 'AcceptLocations',
        data: { requestId: context.requestId, records, receivedAt: context.receivedAt },
      },
      this.dates,
    );
    const accepted = event as LocationsAccepted;
    await this.queue.enqueue(records);
    return { kind: 'accepted', ids: accepted.data.recordIds, rejected: parsed.rejected, event: accepted };
  }
}
