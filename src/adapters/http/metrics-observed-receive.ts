import type { ClientIntake } from '../../application/clients/client-intake';
import type { ReceiveService } from '../../application/receive/receive-service';

/** What one request handed to the receive service came to: for the access log. */
export interface ReceivedTally {
  accepted: number;
  rejected: number;
  devices: number;
}

/** Where received requests are told: the metrics' counters, and the tallies the access log reads. */
export interface ReceiveObserver {
  /** Records made durable and the fields of the items refused (the metrics). */
  readonly onReceived?: (accepted: number, rejected: readonly { readonly field: string }[]) => void;
  /** Per-request tallies, by request id, taken by the access log when the answer is sent; none when off. */
  readonly tallies?: Map<string, ReceivedTally>;
}

const deviceCount = (body: unknown): number => {
  const items =
    body !== null && typeof body === 'object' && Array.isArray((body as { locations?: unknown }).locations)
      ? ((body as { locations: unknown[] }).locations as unknown[])
      : [body];
  const ids = new Set<unknown>();
  for (const item of items) {
    const id =
      item !== null && typeof item === 'object' ? (item as { deviceId?: unknown }).deviceId : undefined;
    if (typeof id === 'string') ids.add(id);
  }
  return ids.size;
};

/**
 * The receive service as the HTTP routes use it, telling `observer` what each request came to.
 * Device ids are counted only for the access log (when it is on); the metrics get two numbers.
 */
export const observedReceive = (
  receive: Pick<ReceiveService, 'accept'>,
  observer: ReceiveObserver,
): Pick<ReceiveService, 'accept'> => ({
  accept: async (body, context) => {
    const outcome = await receive.accept(body, context);
    const accepted = outcome.kind === 'accepted' ? outcome.ids.length : 0;
    observer.onReceived?.(accepted, outcome.rejected);
    const tally = observer.tallies?.get(context.requestId);
    if (tally !== undefined) {
      tally.accepted += accepted;
      tally.rejected += outcome.rejected.length;
      tally.devices = Math.max(tally.devices, deviceCount(body));
    } else if (observer.tallies !== undefined) {
      observer.tallies.set(context.requestId, {
        accepted,
        rejected: outcome.rejected.length,
        devices: deviceCount(body),
      });
    }
    return outcome;
  },
});

/** Adds one request's counts to its tally (made when the access log is on). */
const tallyOf = (observer: ReceiveObserver, requestId: string, counts: ReceivedTally): void => {
  const tally = observer.tallies?.get(requestId);
  if (tally !== undefined) {
    tally.accepted += counts.accepted;
    tally.rejected += counts.rejected;
    tally.devices = Math.max(tally.devices, counts.devices);
  } else observer.tallies?.set(requestId, { ...counts });
};

/**
 * The tracking apps' intake as the HTTP routes use it, telling `observer` what each message came
 * to. An app's message comes from one device; its refused items are counted under the field
 * `item` (the app's own field names vary).
 */
export const observedClients = (
  clients: Pick<ClientIntake, 'receive'>,
  observer: ReceiveObserver,
): Pick<ClientIntake, 'receive'> => ({
  receive: async (format, request, context) => {
    const answer = await clients.receive(format, request, context);
    observer.onReceived?.(
      answer.accepted,
      Array.from({ length: answer.rejected }, () => ({ field: 'item' })),
    );
    const devices = answer.accepted + answer.rejected > 0 ? 1 : 0;
    tallyOf(observer, context.requestId, { accepted: answer.accepted, rejected: answer.rejected, devices });
    return answer;
  },
});
