import type {
  ClientContext,
  ClientIntake,
  ClientIntakeOutcome,
} from '../../application/clients/client-intake';
import type { ClientMessage } from '../../application/clients/client-message';
import { LocusError } from '../../ports';
import type {
  ClientFormat,
  ClientItems,
  ClientReading,
  ClientRequest,
  ClientResponse,
} from './client-format';
import { failureResponse } from './ingest-response';

/** The message of a reading that holds locations (or a message kept whole as one refused item), for the intake. */
const messageOf = (format: ClientFormat, reading: ClientReading, body: string): ClientMessage | null => {
  if (reading.kind === 'reply') return null;
  const items: ClientItems =
    reading.kind === 'unreadable'
      ? {
          kind: 'locations',
          items: [],
          rejected: [{ index: 0, field: reading.field, reason: reading.reason }],
          ignored: 0,
          raw: () => body,
          deviceIdOf: () => reading.deviceId ?? null,
        }
      : reading;
  return { ...items, client: format.name, fieldNames: items.fieldNames ?? format.fieldNames };
};

/** The answer to a failure: 503 (the app sends the message again) when it may pass, else 500, as the app needs it. */
const failedAnswer = (format: ClientFormat, error: unknown, transient: boolean): ClientResponse => {
  // The queue's 503 (with Retry-After) for any failure that may pass: the app sends the message again.
  const response = failureResponse(
    transient ? new LocusError('QUEUE_UNAVAILABLE', 'retry', { cause: error }) : error,
  );
  return format.failed?.(response) ?? response;
};

/** What a tracking app's message came to: the answer the app expects, and the intake's outcome. */
export interface ClientAnswer {
  readonly response: ClientResponse;
  readonly outcome: ClientIntakeOutcome;
}

/**
 * Receives a message already read in its app's format (read once: the device check used the same
 * reading) and answers it the way the app expects: its "ok" once the valid locations are durable
 * and the refused items kept, an acknowledgement for a message with nothing to store, a failure
 * (503 to send it again) otherwise.
 */
export const answerClient = async (
  clients: Pick<ClientIntake, 'receive'>,
  format: ClientFormat,
  request: ClientRequest,
  reading: ClientReading,
  context: ClientContext,
): Promise<ClientAnswer> => {
  const outcome = await clients.receive(format.name, messageOf(format, reading, request.body), context);
  if (reading.kind === 'reply') return { response: reading.response, outcome };
  if (outcome.kind === 'failed')
    return { response: failedAnswer(format, outcome.error, outcome.transient), outcome };
  return {
    response: format.accepted({ ids: outcome.ids, rejected: outcome.refused, ignored: outcome.ignored }),
    outcome,
  };
};
