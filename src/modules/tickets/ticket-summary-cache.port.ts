/**
 * Counts by status, cached per scope key and write generation. Every ticket write moves the write generation of its
 * department and of all tickets on, after it commits, so caches keyed by a generation read before computing (the
 * summary, reports) never serve numbers from before a write whose response the reader has seen.
 */
export abstract class TicketSummaryCache {
  /**
   * The counts of one department's tickets (or of all: null), as `view` counts them (`all` tickets, or those `staff`
   * of the department see), read through the cache at the write generation of what they count: `load` runs on a
   * miss, and counts it took before a write are stored under the generation that write moved on from.
   */
  abstract counts<T extends Record<string, number>>(
    departmentId: string | null,
    view: 'all' | 'staff',
    load: () => Promise<T>,
  ): Promise<T>;
  abstract invalidate(departmentId: string | null): Promise<void>;
  /** the write generation of one department's tickets, or of all (null); null when Redis cannot tell */
  abstract generation(departmentId: string | null): Promise<string | null>;
}
