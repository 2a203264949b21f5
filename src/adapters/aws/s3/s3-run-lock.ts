import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { inject, injectable } from 'inversify';
import type { AwsAdapterConfig } from '../../../config/aws-config';
import type { Clock, LockHolder, RunLock } from '../../../ports';
import { TOKENS } from '../../../ports/tokens';
import { processIdentity } from '../../system/process-identity';
import { AWS_TOKENS } from '../aws-tokens';
import { sleep } from '../backoff';
import { S3Layout } from './s3-layout';
import { S3Objects } from './s3-objects';

interface LockObject {
  readonly holder: string;
  /** Epoch ms (the injected clock) after which the lease is free. */
  readonly expiresAt: number;
  /** Unique per write: tells a writer whether the object it reads back is its own. */
  readonly token: string;
  readonly host?: string;
  readonly pid?: number;
  /** When the holder took the lock (epoch ms). */
  readonly since?: number;
}

const lockKey = (name: string): string => `locks/${encodeURIComponent(name)}.json`;

/**
 * A run lock as an object in the work bucket, `locks/<name>.json`, holding the holder and the
 * lease's expiry. Taking it reads the object, and when it is free or expired writes a new one and
 * reads it back to check that the write is still the one in place.
 *
 * Writes carry S3 conditions (`If-None-Match: *` for a new lock, `If-Match: <etag>` to replace
 * one), which make it exclusive on S3 itself. A store without conditional writes (an emulator, an
 * S3-compatible service) cannot make it strictly exclusive: the writer waits `lockSettleMs` before
 * reading back, so writers racing together agree on the last write, but a writer whose read and
 * write are further apart than that may still overwrite a lock already confirmed. In production
 * only the single collect server takes the partition and report locks, so this is not expected.
 */
@injectable()
export class S3RunLock implements RunLock {
  private readonly layout: S3Layout;
  private readonly objects: S3Objects;
  private readonly settleMs: number;

  constructor(
    @inject(AWS_TOKENS.S3Client) client: S3Client,
    @inject(AWS_TOKENS.Config) config: AwsAdapterConfig,
    @inject(TOKENS.Clock) private readonly clock: Clock,
  ) {
    this.layout = S3Layout.of(config);
    this.objects = new S3Objects(client);
    this.settleMs = config.lockSettleMs;
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const current = await this.read(name);
    if (
      current !== undefined &&
      current.lock.holder !== holder &&
      current.lock.expiresAt > this.clock.now()
    ) {
      return false;
    }
    const since = current?.lock.holder === holder ? current.lock.since : undefined;
    return this.write(name, holder, ttlMs, current?.etag, since);
  }

  async holderOf(name: string): Promise<LockHolder | undefined> {
    const current = await this.read(name);
    if (current === undefined) return undefined;
    const { lock } = current;
    return {
      holder: lock.holder,
      host: lock.host ?? 'unknown',
      pid: lock.pid ?? 0,
      since: lock.since ?? lock.expiresAt,
      expiresAt: lock.expiresAt,
    };
  }

  async renew(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const current = await this.read(name);
    if (current === undefined || current.lock.holder !== holder) return false;
    return this.write(name, holder, ttlMs, current.etag, current.lock.since);
  }

  async release(name: string, holder: string): Promise<void> {
    const current = await this.read(name);
    if (current !== undefined && current.lock.holder === holder) {
      await this.objects.delete(this.layout.address('work', lockKey(name)));
    }
  }

  private async read(name: string): Promise<{ lock: LockObject; etag: string | undefined } | undefined> {
    const object = await this.objects.readText(this.layout.address('work', lockKey(name)));
    if (object === undefined) return undefined;
    try {
      return { lock: JSON.parse(object.text) as LockObject, etag: object.etag };
    } catch {
      // An unreadable lock object holds nothing: it is replaced.
      return { lock: { holder: '', expiresAt: 0, token: '' }, etag: object.etag };
    }
  }

  /** Writes a lease (conditionally on what was read), then reads it back to confirm it is ours. */
  private async write(
    name: string,
    holder: string,
    ttlMs: number,
    etag: string | undefined,
    since: number | undefined,
  ): Promise<boolean> {
    const now = this.clock.now();
    const lock: LockObject = {
      holder,
      expiresAt: now + ttlMs,
      token: randomUUID(),
      ...processIdentity(),
      since: since ?? now,
    };
    const written = await this.objects.putText(
      this.layout.address('work', lockKey(name)),
      JSON.stringify(lock),
      'application/json',
      etag === undefined ? { ifAbsent: true } : { ifMatch: etag },
    );
    if (!written) return false;
    if (this.settleMs > 0) await sleep(this.settleMs);
    const back = await this.read(name);
    return back?.lock.token === lock.token;
  }
}
