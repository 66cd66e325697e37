/**
 * Reference data that changes rarely and is read on hot paths (SLA policies, business calendars, departments'
 * flags), kept in each process so a ticket creation reads it without a round trip. Every write to such data calls
 * `changed` once it has committed: that drops what this process keeps at once, and what every other process keeps
 * when the word reaches it (with a time-to-live as the safety net). Keys name what was read; a change drops them all.
 */
export abstract class ProcessReferenceCache {
  /**
   * The value kept under `key`, or what `load` gives (kept, unless a change arrived while it loaded). `load` must
   * answer the same for the same key until the data changes; the caller must not modify what it gets.
   */
  abstract read<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** After a write to reference data commits: nothing read before it is answered again, here or elsewhere. */
  abstract changed(): Promise<void>;
  /**
   * Resolves once this process hears of other processes' changes (and so keeps values), at once when it does; rejects
   * when that has not happened within `timeoutMs`.
   */
  abstract whenListening(timeoutMs?: number): Promise<void>;
}
