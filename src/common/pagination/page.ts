/** Up to this many matching rows are counted exactly; past it, the total is the planner's estimate. */
export const EXACT_TOTAL_CAP = 10_000;

/**
 * An explicit page of results; the envelope interceptor turns it into `data` + `pagination`. `total` is required:
 * the contract (and the OpenAPI document) promise it on every list, cursor-paged ones included.
 */
export class Page<T> {
  constructor(
    readonly items: T[],
    readonly page: number,
    readonly limit: number,
    readonly total: number,
    readonly nextCursor?: string | null,
    /** `total` is an estimate (more than EXACT_TOTAL_CAP rows match) */
    readonly totalIsEstimate = false,
  ) {}

  get totalPages(): number {
    return Math.ceil(this.total / this.limit);
  }

  map<U>(fn: (item: T) => U): Page<U> {
    return new Page(
      this.items.map(fn),
      this.page,
      this.limit,
      this.total,
      this.nextCursor,
      this.totalIsEstimate,
    );
  }
}

export interface PageRequest {
  page: number;
  limit: number;
}

export const offsetOf = (req: PageRequest): number => (req.page - 1) * req.limit;

/** The requested page of a list already read whole (small, bounded lists), with the list's length as the total. */
export function pageOf<T>(all: readonly T[], request: PageRequest): Page<T> {
  const start = offsetOf(request);
  return new Page(all.slice(start, start + request.limit), request.page, request.limit, all.length);
}
