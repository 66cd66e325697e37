/** A merge's `reason` as shown to a reader who may not read the ticket it went into (history, stream, notices). */
export const MERGED_ELSEWHERE_REASON = 'merged into another ticket';

/** The id of the ticket an event's data says its ticket was merged into (`mergedInto.id`), if any. */
export function mergedIntoIdOf(data: Record<string, unknown> | null | undefined): string | null {
  const id = (data?.mergedInto as { id?: unknown } | null | undefined)?.id;
  return typeof id === 'string' ? id : null;
}
