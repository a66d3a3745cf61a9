/**
 * Deadlines that are all `delayMs` after their last touch, kept in a Map whose insertion order
 * is therefore deadline order: one timer serves every entry, touching is O(1), and nothing
 * is left scheduled once the queue is empty or cleared. Used for idle runs and for
 * completed-run expiry, so neither needs a timer per run.
 */
export class DeadlineQueue<K, V> {
  readonly #entries = new Map<K, { value: V; deadline: number }>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly delayMs: number,
    private readonly onExpire: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  has(key: K): boolean {
    return this.#entries.has(key);
  }

  get(key: K): V | undefined {
    return this.#entries.get(key)?.value;
  }

  /** (Re)starts the key's delay. */
  touch(key: K, value: V): void {
    // Re-inserted (not updated in place) so that insertion order stays deadline order.
    const entry = this.#entries.get(key) ?? { value, deadline: 0 };
    this.#entries.delete(key);
    entry.value = value;
    entry.deadline = Date.now() + this.delayMs;
    this.#entries.set(key, entry);
    this.#arm();
  }

  delete(key: K): boolean {
    const removed = this.#entries.delete(key);
    if (this.#entries.size === 0) this.#disarm();
    return removed;
  }

  entries(): Array<[K, V]> {
    return [...this.#entries].map(([key, entry]) => [key, entry.value]);
  }

  clear(): void {
    this.#entries.clear();
    this.#disarm();
  }

  #arm(): void {
    if (this.#timer !== undefined) return;
    const first = this.#entries.values().next();
    if (first.done) return;
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, first.value.deadline - Date.now()));
    // A pending expiry must never keep a process alive on its own.
    this.#timer.unref();
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #fire(): void {
    this.#timer = undefined;
    const now = Date.now();
    for (const [key, entry] of this.#entries) {
      if (entry.deadline > now) break;
      this.#entries.delete(key);
      this.onExpire(key, entry.value);
    }
    this.#arm();
  }
}
