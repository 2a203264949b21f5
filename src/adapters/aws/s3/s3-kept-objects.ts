import type { ListedObject } from './s3-objects';

/**
 * Objects read before, by key, each with the entity tag it was read under: a listed object whose tag
 * is the kept one is not read again. Once `limit` objects are kept, later ones are read every time
 * (every caller here reads a whole listing over and over, where dropping the oldest would keep none).
 */
export class S3KeptObjects<T> {
  private readonly kept = new Map<string, { readonly etag: string; readonly value: T }>();

  constructor(private readonly limit: number) {}

  /**
   * The listed objects' values, by key: those kept under the same entity tag as listed, the others
   * through `read` (in one call), kept when `keep` says the value was found.
   */
  async values(
    listed: readonly ListedObject[],
    read: (keys: readonly string[]) => Promise<readonly T[]>,
    keep: (value: T) => boolean,
  ): Promise<{ readonly found: Map<string, T>; readonly read: number }> {
    const found = new Map<string, T>();
    const missing: ListedObject[] = [];
    for (const object of listed) {
      const kept = this.kept.get(object.key);
      if (kept !== undefined && object.etag !== undefined && kept.etag === object.etag) {
        found.set(object.key, kept.value);
      } else missing.push(object);
    }
    const values = await read(missing.map((object) => object.key));
    missing.forEach((object, i) => {
      const value = values[i] as T;
      found.set(object.key, value);
      if (object.etag === undefined || !keep(value)) return;
      if (this.kept.size < this.limit || this.kept.has(object.key))
        this.kept.set(object.key, { etag: object.etag, value });
    });
    return { found, read: missing.length };
  }

  /** Keeps values read elsewhere (a saved copy of {@link entriesOf}); each still counts only under its tag. */
  seed(entries: readonly (readonly [key: string, etag: string, value: T])[]): void {
    for (const [key, etag, value] of entries) {
      if (this.kept.size >= this.limit) return;
      if (!this.kept.has(key)) this.kept.set(key, { etag, value });
    }
  }

  /** The listed objects kept under the tag listed, to be saved and seeded again. */
  entriesOf(listed: readonly ListedObject[]): [key: string, etag: string, value: T][] {
    const entries: [string, string, T][] = [];
    for (const { key, etag } of listed) {
      const kept = this.kept.get(key);
      if (kept !== undefined && kept.etag === etag) entries.push([key, kept.etag, kept.value]);
    }
    return entries;
  }
}
