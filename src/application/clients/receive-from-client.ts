import type { LocationsAccepted } from '../../domain';
import type { Rejection } from '../receive/parse-locations';
import { failureResponse } from '../receive/receive-response';
import type { ReceiveContext, ReceiveService } from '../receive/receive-service';
import type { ClientFormat, ClientRequest, ClientResponse } from './client-format';

/** The answer to a client's request, and what the transport reports about it. */
export interface ClientAnswer {
  readonly response: ClientResponse;
  /** How many records the request made durable. */
  readonly accepted: number;
  /** Set when records were accepted (for the accepted counts). */
  readonly event?: LocationsAccepted;
  /** Set when the request failed on Locus's side (5xx): the error, for the log. */
  readonly failure?: unknown;
}

const byIndex = (a: Rejection, b: Rejection): number => a.index - b.index;

/**
 * Receives a tracking app's request: reads it in its format, hands its locations to the receive
 * service as one native batch (so they meet the very rules, record ids and durability of
 * `POST /locations`), then answers the way the app expects. Rejections name the item's index in
 * the app's payload and the app's field name.
 */
export const receiveFromClient = async (
  format: ClientFormat,
  request: ClientRequest,
  receive: Pick<ReceiveService, 'accept'>,
  context: ReceiveContext,
): Promise<ClientAnswer> => {
  const reading = format.read(request);
  if (reading.kind === 'reply') return { response: reading.response, accepted: 0 };
  const { items, ignored } = reading;
  if (items.length === 0) {
    if (reading.rejected.length > 0) {
      return { response: format.refused('no valid location in the request', reading.rejected), accepted: 0 };
    }
    return { response: format.accepted({ ids: [], rejected: [], ignored }), accepted: 0 };
  }
  const names = reading.fieldNames ?? format.fieldNames;
  try {
    const outcome = await receive.accept({ locations: items.map((item) => item.location) }, context);
    const rejected = [
      ...reading.rejected,
      ...outcome.rejected.map((r) => ({
        index: items[r.index]?.index ?? r.index,
        field: names[r.field] ?? r.field,
        reason: r.reason,
      })),
    ].sort(byIndex);
    if (outcome.kind === 'refused')
      return { response: format.refused(outcome.message, rejected), accepted: 0 };
    return {
      response: format.accepted({ ids: outcome.ids, rejected, ignored }),
      accepted: outcome.ids.length,
      event: outcome.event,
    };
  } catch (error) {
    return { response: failureResponse(error), accepted: 0, failure: error };
  }
};
