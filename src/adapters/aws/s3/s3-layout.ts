import type { AwsAdapterConfig, AwsBuckets } from '../../../config/aws-config';

/** Which bucket holds which keys: the three areas of the contract, in one bucket or three. */
export type S3Area = keyof AwsBuckets;

/** An object's address: its bucket and its full key (key prefix included). */
export interface S3Address {
  readonly bucket: string;
  readonly key: string;
}

/**
 * Maps the contract's keys (`work/…`, `storage/…`, `download/…`) to buckets and full keys, with
 * the optional key prefix in front of each.
 */
export class S3Layout {
  constructor(
    private readonly areas: () => AwsBuckets,
    readonly keyPrefix: string,
  ) {}

  /** The buckets are read on first use: an adapter is made without them (`locus serve` starts). */
  static of(config: AwsAdapterConfig): S3Layout {
    return new S3Layout(() => config.buckets, config.keyPrefix);
  }

  get buckets(): AwsBuckets {
    return this.areas();
  }

  address(area: S3Area, key: string): S3Address {
    return { bucket: this.buckets[area], key: this.keyPrefix + key };
  }

  /** The contract key of a full key (the key prefix taken off). */
  contractKey(fullKey: string): string {
    return fullKey.startsWith(this.keyPrefix) ? fullKey.slice(this.keyPrefix.length) : fullKey;
  }

  uri(area: S3Area, key: string): string {
    const { bucket, key: full } = this.address(area, key);
    return `s3://${bucket}/${full}`;
  }
}
