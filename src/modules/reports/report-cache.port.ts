/** Finished reports, cached briefly under a key that names the scope, the query and the tickets' write generation. */
export abstract class ReportCache {
  abstract get<T>(key: string): Promise<T | null>;
  abstract set(key: string, value: unknown): Promise<void>;
}
