import type { LocationRecord } from '../../../domain';
import { encodeRecordLine, SQS_MAX_MESSAGE_BYTES } from './sqs-message-body';

/** Sends one message body; resolves once SQS has it. */
export type BodySender = (body: string) => Promise<void>;

export interface RecordPackerOptions {
  /** How long a message stays open for more records after its first one (ms, > 0). */
  readonly lingerMs: number;
  /** Bytes of one message body at most (SQS allows 256 KiB). */
  readonly maxBytes?: number;
}

/** A message being filled: its lines, and the promise of its sending. */
interface Pack {
  readonly lines: string[];
  bytes: number;
  readonly sent: Promise<void>;
  readonly dispatch: () => void;
}

/**
 * Packs the records of many requests into few messages. Records join the open message until it
 * is full (the next record would pass `maxBytes`) or `lingerMs` after its first record; then it
 * is sent. A request's records go into one message when they fit in one; its `add` resolves only
 * once SQS has every message holding them, and rejects when one of them could not be sent (the
 * other requests of that message fail with it: none of them is answered `202`).
 */
export class SqsRecordPacker {
  private open: Pack | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly maxBytes: number;

  constructor(
    private readonly send: BodySender,
    private readonly options: RecordPackerOptions,
  ) {
    this.maxBytes = options.maxBytes ?? SQS_MAX_MESSAGE_BYTES;
  }

  /** Adds one request's records; resolves once every message holding them is on the queue. */
  add(records: readonly LocationRecord[]): Promise<void> {
    const lines = records.map(encodeRecordLine);
    const sizes = lines.map((line) => Buffer.byteLength(line, 'utf8'));
    const total = sizes.reduce((sum, n) => sum + n, 0);
    // A request that fits in a message of its own is not split over the open one and the next.
    if (this.open !== undefined && this.open.bytes + total > this.maxBytes && total <= this.maxBytes) {
      this.seal();
    }
    const packs = new Set<Pack>();
    lines.forEach((line, i) => {
      const bytes = sizes[i] as number;
      if (this.open !== undefined && this.open.bytes + bytes > this.maxBytes) this.seal();
      const pack = this.open ?? this.openPack();
      pack.lines.push(line);
      pack.bytes += bytes;
      packs.add(pack);
    });
    return Promise.all([...packs].map((pack) => pack.sent)).then(() => undefined);
  }

  private openPack(): Pack {
    let dispatch: () => void = () => {};
    const lines: string[] = [];
    const sent = new Promise<void>((resolve, reject) => {
      dispatch = () => void this.send(lines.join('')).then(resolve, reject);
    });
    const pack: Pack = { lines, bytes: 0, sent, dispatch };
    this.open = pack;
    this.timer = setTimeout(() => this.seal(), this.options.lingerMs);
    return pack;
  }

  private seal(): void {
    const pack = this.open;
    if (pack === undefined) return;
    clearTimeout(this.timer);
    this.open = undefined;
    this.timer = undefined;
    pack.dispatch();
  }
}
