/**
 * The values a process keeps of reference data, each for `ttlMs` at most (0 keeps nothing). `clear` moves the
 * generation on: a value loaded from a read that began before it is refused, so a load racing a change can never
 * put back what the change replaced. Past `maxEntries` (keys are meant to be few) everything is dropped.
 */
export class ReferenceEntries {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();
  private current = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  /** the generation a load starts in: hand it to `put` with what it loaded */
  get generation(): number {
    return this.current;
  }

  get size(): number {
    return this.entries.size;
  }

  /** the kept value, or undefined when there is none or it expired */
  get(key: string): { value: unknown } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return { value: entry.value };
  }

  /** keeps `value` unless something cleared the entries since `generation` */
  put(key: string, value: unknown, generation: number): void {
    if (this.ttlMs <= 0 || generation !== this.current) return;
    if (this.entries.size >= this.maxEntries && !this.entries.has(key)) this.entries.clear();
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
  }

  clear(): void {
    this.current++;
    this.entries.clear();
  }
}
