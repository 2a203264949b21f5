import type { Clock } from '../ports';
import type { SendResult } from './http-sender';
import type { Random } from './random';
import type { Outgoing, SimDevice } from './sim-device';
import type { SimulationTally } from './simulation-tally';

const MAX_ATTEMPTS = 8;

const backoff = (attempts: number): number => Math.min(5_000, 250 * 2 ** Math.max(0, attempts - 1));

/** What a 202 body says: the ids it names, and whether it is a (partial) Overland `result`. */
const readAnswer = (text: string): { ids?: readonly string[]; incomplete: boolean } => {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { incomplete: false };
    const { ids, result } = body as { ids?: unknown; result?: unknown };
    return {
      ...(Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? { ids } : {}),
      incomplete: result !== undefined && result !== 'ok',
    };
  } catch {
    return { incomplete: false };
  }
};

/**
 * What a device does with the outcome of a request: counts it, takes accepted records as
 * confirmed, keeps a request without an answer (or with a server error) to send again after a
 * back-off, and now and then sends an answered one again as if its answer had been lost.
 */
export class SendOutcomes {
  constructor(
    private readonly tally: SimulationTally,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly duplicateChance: number,
  ) {}

  /** Handles the outcome of one request of `device`. */
  settle(device: SimDevice, outgoing: Outgoing, result: SendResult): void {
    const { counts } = this.tally;
    if (result.kind !== 'answer') {
      if (result.kind === 'timeout') counts.timeouts++;
      else {
        counts.networkErrors++;
        this.tally.problem(`network: ${result.message}`);
      }
      this.retry(device, outgoing);
    } else if (result.status === 202) {
      counts.accepted++;
      const answer = readAnswer(result.text);
      this.tally.confirm(outgoing.records, answer.ids);
      // Overland keeps a batch that was not wholly stored and sends it again, as the app does.
      if (answer.incomplete) this.retry(device, outgoing);
      else if (!outgoing.duplicate && this.random() < this.duplicateChance) device.duplicateLater(outgoing);
    } else if (result.status >= 500 || result.status === 408 || result.status === 429) {
      counts.serverErrors++;
      this.retry(device, outgoing);
    } else if (result.status >= 200 && result.status < 300) {
      counts.otherAnswers++;
    } else {
      counts.refused++;
      const { method, path } = outgoing.request;
      this.tally.problem(`${result.status} ${method} ${path}: ${result.text.slice(0, 300)}`);
    }
  }

  private retry(device: SimDevice, outgoing: Outgoing): void {
    if (outgoing.attempts >= MAX_ATTEMPTS) {
      this.tally.counts.gaveUp++;
      return;
    }
    device.sendAgain(outgoing, this.clock.now() + backoff(outgoing.attempts));
  }
}
