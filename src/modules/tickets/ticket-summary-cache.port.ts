/**
 * Counts by status, cached per scope key and write generation. Every ticket write moves the write generation of its
 * department and of all tickets on, after it commits, so caches keyed by a generation read before computing (the
 * summary, reports) never serve numbers from before a write whose response the reader has seen.
 */
export abstract class TicketSummaryCache {
  abstract get(key: string): Promise<Record<string, number> | null>;
  abstract set(key: string, counts: Record<string, number>): Promise<void>;
  abstract invalidate(departmentId: string | null): Promise<void>;
  /** the write generation of one department's tickets, or of all (null); null when Redis cannot tell */
  abstract generation(departmentId: string | null): Promise<string | null>;
}
