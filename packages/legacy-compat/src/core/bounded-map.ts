/**
 * A Map that keeps at most `limit()` entries and forgets the least recently written first.
 * Everything the shim learns from legacy callers (thread owners, run contexts, per-run
 * pairing state) lives in one of these, so no caller pattern can grow memory without bound.
 */
export class BoundedMap<K, V> {
  readonly #entries = new Map<K, V>();

  constructor(
    private readonly limit: () => number,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Writes the entry as the most recent one, then evicts the oldest beyond the limit. */
  set(key: K, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    const limit = Math.max(1, this.limit());
    for (const [oldest, dropped] of this.#entries) {
      if (this.#entries.size <= limit) break;
      this.#entries.delete(oldest);
      this.onEvict?.(oldest, dropped);
    }
  }

  /** Oldest first. */
  entries(): IterableIterator<[K, V]> {
    return this.#entries.entries();
  }

  delete(key: K): boolean {
    return this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
