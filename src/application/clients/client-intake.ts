import { inject, injectable } from 'inversify';
import { type LocationsAccepted, RecordDateResolver } from '../../domain';
import { isLocusError, type RejectedStore } from '../../ports';
import type { Rejection } from '../receive/parse-locations';
import { type ReceiveContext, type ReceiveOutcome, ReceiveService } from '../receive/receive-service';
import type { CoreSettings } from '../settings';
import { TOKENS } from '../tokens';
import type { ClientMessage } from './client-message';
import { refusedItems } from './refused-items';

/** What became of a tracking app's message, and what the transport reports about it. */
export type ClientIntakeOutcome =
  | {
      readonly kind: 'received';
      /** The record ids of the stored locations, in payload order. */
      readonly ids: readonly string[];
      /** The refused items, by their index in the app's payload and the app's field names. */
      readonly refused: readonly Rejection[];
      /** Items acknowledged without being stored because they are not locations. */
      readonly ignored: number;
      /** How many records the message made durable. */
      readonly accepted: number;
      /** How many of its items were refused (and kept in the rejected store). */
      readonly rejected: number;
      /** Set when records were accepted (for the accepted counts). */
      readonly event?: LocationsAccepted;
    }
  | {
      readonly kind: 'failed';
      readonly accepted: 0;
      readonly rejected: 0;
      readonly error: unknown;
      /** Whether the failure may pass (the queue or the rejected store is unavailable, or throttled): the app should send again. */
      readonly transient: boolean;
    };

/** Where and when a tracking app's message arrived. */
export interface ClientContext extends ReceiveContext {
  /** The route it came in on (`/overland`). */
  readonly route: string;
}

const byIndex = (a: Rejection, b: Rejection): number => a.index - b.index;

const failed = (error: unknown): ClientIntakeOutcome => ({
  kind: 'failed',
  accepted: 0,
  rejected: 0,
  error,
  transient:
    isLocusError(error, 'QUEUE_UNAVAILABLE') ||
    isLocusError(error, 'STORE_UNAVAILABLE') ||
    isLocusError(error, 'THROTTLED'),
});

const NOTHING: ClientIntakeOutcome = {
  kind: 'received',
  ids: [],
  refused: [],
  ignored: 0,
  accepted: 0,
  rejected: 0,
};

/**
 * Receives a tracking app's message so that the app's queue always moves and nothing is dropped
 * silently: its locations meet the very rules, record ids and durability of `POST /locations`;
 * every item refused (by those rules, by the format, or as a (0, 0) "null island" fix) is kept in
 * the rejected store with its reason. Items that are not locations (trip summaries, visits, …) are
 * ignored. A failure of the queue or of the rejected store is told as such (transient when it may
 * pass), so that the app is asked to send the message again (its locations keep their record ids).
 * A message that holds nothing to store (`null`: an acknowledgement) is received as nothing.
 */
@injectable()
export class ClientIntake {
  private readonly dates: RecordDateResolver;

  constructor(
    @inject(ReceiveService) private readonly receiver: Pick<ReceiveService, 'accept'>,
    @inject(TOKENS.rejected) private readonly rejected: Pick<RejectedStore, 'keep'>,
    @inject(TOKENS.CoreSettings) private readonly settings: CoreSettings,
  ) {
    this.dates = new RecordDateResolver(settings.timeZone);
  }

  async receive(
    client: string,
    message: ClientMessage | null,
    context: ClientContext,
  ): Promise<ClientIntakeOutcome> {
    if (message === null) return NOTHING;
    const names = message.fieldNames;
    const nullIsland = this.nullIsland(message);
    const valid = message.items.filter((item) => !nullIsland.some((r) => r.index === item.index));
    let outcome: ReceiveOutcome | undefined;
    try {
      if (valid.length > 0)
        outcome = await this.receiver.accept({ locations: valid.map((item) => item.location) }, context);
    } catch (error) {
      return failed(error);
    }
    const refused = [...message.rejected, ...nullIsland, ...this.refusedByRules(outcome, valid, names)].sort(
      byIndex,
    );
    const kept = refusedItems(
      { requestId: context.requestId, arrivedAt: context.receivedAt, route: context.route, client },
      refused,
      message.raw,
      (index) => {
        const named = valid.find((item) => item.index === index)?.location.deviceId;
        return typeof named === 'string' ? named : message.deviceIdOf(index);
      },
    );
    try {
      await this.rejected.keep(this.dates.dateOf(context.receivedAt), kept);
    } catch (error) {
      return failed(error);
    }
    const ids = outcome?.kind === 'accepted' ? outcome.ids : [];
    return {
      kind: 'received',
      ids,
      refused,
      ignored: message.ignored,
      accepted: ids.length,
      rejected: kept.length,
      ...(outcome?.kind === 'accepted' ? { event: outcome.event } : {}),
    };
  }

  /** The items at exactly (0, 0), unless the setting lets them through. */
  private nullIsland(message: ClientMessage): Rejection[] {
    if (this.settings.allowNullIsland === true) return [];
    const names = message.fieldNames;
    return message.items
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
    sent: ClientMessage['items'],
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
