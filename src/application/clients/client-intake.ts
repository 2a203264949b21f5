import { inject, injectable } from 'inversify';
import { type LocationsAccepted, RecordDateResolver } from '../../domain';
import { isLocusError, LocusError, type RejectedStore } from '../../ports';
import type { Rejection } from '../receive/parse-locations';
import { failureResponse } from '../receive/receive-response';
import { type ReceiveContext, type ReceiveOutcome, ReceiveService } from '../receive/receive-service';
import type { CoreSettings } from '../settings';
import { TOKENS } from '../tokens';
import type { ClientFormat, ClientItems, ClientRequest, ClientResponse } from './client-format';
import { refusedItems } from './refused-items';

/** The answer to a client's request, and what the transport reports about it. */
export interface ClientAnswer {
  readonly response: ClientResponse;
  /** How many records the request made durable. */
  readonly accepted: number;
  /** How many of its items were refused (and kept in the rejected store). */
  readonly rejected: number;
  /** Set when records were accepted (for the accepted counts). */
  readonly event?: LocationsAccepted;
  /** Set when the request failed on Locus's side (5xx): the error, for the log. */
  readonly failure?: unknown;
}

/** Where and when a client's request arrived. */
export interface ClientContext extends ReceiveContext {
  /** The route it came in on (`/overland`). */
  readonly route: string;
}

const byIndex = (a: Rejection, b: Rejection): number => a.index - b.index;

const isTransient = (error: unknown): boolean =>
  isLocusError(error, 'QUEUE_UNAVAILABLE') ||
  isLocusError(error, 'STORE_UNAVAILABLE') ||
  isLocusError(error, 'THROTTLED');

/** The answer to a failure: 503 (the app sends the message again) when it may pass, else 500. */
const failureAnswer = (format: ClientFormat, error: unknown): ClientAnswer => {
  // The queue's 503 (with Retry-After) for any failure that may pass: the app sends the message again.
  const response = failureResponse(
    isTransient(error) ? new LocusError('QUEUE_UNAVAILABLE', 'retry', { cause: error }) : error,
  );
  return {
    response: format.failed?.(response) ?? response,
    accepted: 0,
    rejected: 0,
    failure: error,
  };
};

/**
 * Receives a tracking app's message so that the app's queue always moves and nothing is dropped
 * silently: its locations meet the very rules, record ids and durability of `POST /locations`;
 * every item refused (by those rules, by the format, or as a (0, 0) "null island" fix) is kept in
 * the rejected store with its reason; then the app gets its "ok". Items that are not locations
 * (trip summaries, visits, …) are ignored. A failure of the queue or of the rejected store is
 * answered 503, so that the app sends the message again (its locations keep their record ids).
 */
@injectable()
export class ClientIntake {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(ReceiveService) private readonly receiver: Pick<ReceiveService, 'accept'>,
    @inject(TOKENS.RejectedStore) private readonly rejected: Pick<RejectedStore, 'keep'>,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  async receive(format: ClientFormat, request: ClientRequest, context: ClientContext): Promise<ClientAnswer> {
    const reading = format.read(request);
    if (reading.kind === 'reply') return { response: reading.response, accepted: 0, rejected: 0 };
    const items: ClientItems =
      reading.kind === 'unreadable'
        ? {
            kind: 'locations',
            items: [],
            rejected: [{ index: 0, field: reading.field, reason: reading.reason }],
            ignored: 0,
            raw: () => request.body,
            deviceIdOf: () => reading.deviceId ?? null,
          }
        : reading;
    const names = items.fieldNames ?? format.fieldNames;
    const nullIsland = this.nullIsland(items, names);
    const valid = items.items.filter((item) => !nullIsland.some((r) => r.index === item.index));
    let outcome: ReceiveOutcome | undefined;
    try {
      if (valid.length > 0)
        outcome = await this.receiver.accept({ locations: valid.map((item) => item.location) }, context);
    } catch (error) {
      return failureAnswer(format, error);
    }
    const refused = [...items.rejected, ...nullIsland, ...this.refusedByRules(outcome, valid, names)].sort(
      byIndex,
    );
    const kept = refusedItems(
      {
        requestId: context.requestId,
        arrivedAt: context.receivedAt,
        route: context.route,
        client: format.name,
      },
      refused,
      items.raw,
      (index) => {
        const named = valid.find((item) => item.index === index)?.location.deviceId;
        return typeof named === 'string' ? named : items.deviceIdOf(index);
      },
    );
    try {
      await this.rejected.keep(this.dates.dateOf(context.receivedAt), kept);
    } catch (error) {
      return failureAnswer(format, error);
    }
    const ids = outcome?.kind === 'accepted' ? outcome.ids : [];
    return {
      response: format.accepted({ ids, rejected: refused, ignored: items.ignored }),
      accepted: ids.length,
      rejected: kept.length,
      ...(outcome?.kind === 'accepted' ? { event: outcome.event } : {}),
    };
  }

  /** The items at exactly (0, 0), unless the setting lets them through. */
  private nullIsland(items: ClientItems, names: Readonly<Record<string, string>>): Rejection[] {
    if (this.settings.allowNullIsland === true) return [];
    return items.items
      .filter(({ location }) => location.latitude === 0 && location.longitude === 0)
      .map(({ index }) => ({
        index,
        field: `${names.latitude},${names.longitude}`,
        reason: 'a fix at (0, 0) ("null island") is what apps send when they have no position',
      }));
  }

  /** The rejections of the receive rules, in the app's indexes and field names. */
  private refusedByRules(
    outcome: ReceiveOutcome | undefined,
    sent: ClientItems['items'],
    names: Readonly<Record<string, string>>,
  ): Rejection[] {
    if (outcome === undefined) return [];
    if (outcome.kind === 'refused' && outcome.rejected.length === 0) {
      // The request as a whole was refused (e.g. more items than LOCUS_MAX_BATCH): every item is.
      return sent.map((item) => ({ index: item.index, field: '', reason: outcome.message }));
    }
    return outcome.rejected.map((r) => ({
      index: sent[r.index]?.index ?? r.index,
      field: names[r.field] ?? r.field,
      reason: r.reason,
    }));
  }
}
