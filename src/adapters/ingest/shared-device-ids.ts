/** A device id that locations arrive for under more than one token: two phones may share it. */
export interface SharedDeviceId {
  readonly deviceId: string;
  /** The tokens seen sending for it, in the order they were first seen (ids only, never secrets). */
  readonly tokenIds: readonly string[];
  /** When the second token was first seen for it (epoch ms). */
  readonly since: number;
  /** When a token other than the previous one was last seen for it (epoch ms). */
  readonly lastAt: number;
}

export interface SharedDeviceIdsOptions {
  /** How many device ids are remembered (the least recently seen are forgotten first). */
  readonly capacity?: number;
  /** Told once per device id when it is first seen under a second token. */
  readonly onShared?: (shared: SharedDeviceId) => void;
}

/**
 * Notices a device id that locations arrive for under different device tokens: two unconfigured
 * phones that send the same default id (two iPhones with OwnTracks' defaults both become
 * `user:device`), whose tracks would be mixed into one. The device ids of each authenticated
 * request are observed with its token id; a device id seen with a second token is reported once
 * (`onShared`) and listed by {@link list} from then on. Bounded: the least recently seen device
 * ids are forgotten past `capacity`.
 */
export class SharedDeviceIds {
  private readonly lastToken = new Map<string, string>();
  private readonly shared = new Map<string, SharedDeviceId>();
  private readonly capacity: number;

  constructor(private readonly options: SharedDeviceIdsOptions = {}) {
    this.capacity = options.capacity ?? 10_000;
  }

  observe(deviceIds: readonly string[], tokenId: string, at: number): void {
    for (const deviceId of new Set(deviceIds)) {
      const previous = this.lastToken.get(deviceId);
      this.lastToken.delete(deviceId);
      this.lastToken.set(deviceId, tokenId);
      if (this.lastToken.size > this.capacity) {
        const oldest = this.lastToken.keys().next().value as string;
        this.lastToken.delete(oldest);
      }
      if (previous === undefined || previous === tokenId) continue;
      const known = this.shared.get(deviceId);
      if (known === undefined) {
        const found: SharedDeviceId = { deviceId, tokenIds: [previous, tokenId], since: at, lastAt: at };
        this.shared.set(deviceId, found);
        if (this.shared.size > this.capacity) this.shared.delete(this.shared.keys().next().value as string);
        this.options.onShared?.(found);
      } else {
        const tokenIds = known.tokenIds.includes(tokenId) ? known.tokenIds : [...known.tokenIds, tokenId];
        this.shared.set(deviceId, { ...known, tokenIds, lastAt: at });
      }
    }
  }

  /** Every device id seen under more than one token, by when that was first noticed. */
  list(): readonly SharedDeviceId[] {
    return [...this.shared.values()].sort((a, b) => a.since - b.since);
  }
}
