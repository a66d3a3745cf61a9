interface Entry<V> {
  value: V;
  /** `delayMs` after the last touch */
  deadline: number;
  /** the deadline the entry had when it took its place in the Map */
  queuedDeadline: number;
}

/**
 * Deadlines that are all `delayMs` after their last touch, kept in a Map whose insertion order
 * is the order of `queuedDeadline`: one timer serves every entry, and nothing is left
 * scheduled once the queue is empty or cleared. Used for idle runs and for completed-run
 * expiry, so neither needs a timer per run.
 *
 * A touch only moves the entry's deadline (runs are touched on every event: no Map
 * reordering on that path); an entry whose queued deadline passes while its real one has
 * not is re-queued behind the others when the timer fires, at most once per `delayMs`.
 */
export class DeadlineQueue<K, V> {
  readonly #entries = new Map<K, Entry<V>>();
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

  /** (Re)starts the key's delay, from `now` (a caller that has just read the clock passes it). */
  touch(key: K, value: V, now = Date.now()): void {
    const deadline = now + this.delayMs;
    const entry = this.#entries.get(key);
    if (entry) {
      entry.value = value;
      entry.deadline = deadline;
    } else {
      this.#entries.set(key, { value, deadline, queuedDeadline: deadline });
    }
    this.#arm();
  }

  delete(key: K): boolean {
    const removed = this.#entries.delete(key);
    if (this.#entries.size === 0) this.#disarm();
    return removed;
  }

  /** Removes the entry queued longest (the earliest deadline, unless touched since) and returns its key. */
  shift(): K | undefined {
    const oldest = this.#entries.keys().next();
    if (oldest.done) return undefined;
    this.delete(oldest.value);
    return oldest.value;
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
    this.#timer = setTimeout(() => this.#fire(), Math.max(0, first.value.queuedDeadline - Date.now()));
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
    // Re-queued entries go to the back with a future queued deadline, so the walk stops there.
    for (const [key, entry] of this.#entries) {
      if (entry.queuedDeadline > now) break;
      this.#entries.delete(key);
      if (entry.deadline <= now) {
        this.onExpire(key, entry.value);
      } else {
        entry.queuedDeadline = entry.deadline;
        this.#entries.set(key, entry);
      }
    }
    this.#arm();
  }
}
