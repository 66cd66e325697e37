/** The agents a round robin picks from: a ticket's team when it has one, else its department. */
export type RoundRobinPool = { kind: 'team'; id: string } | { kind: 'dept'; id: string };

export function poolOf(ticket: {
  departmentId: string | null;
  teamId: string | null;
}): RoundRobinPool | null {
  if (ticket.teamId) return { kind: 'team', id: ticket.teamId };
  if (ticket.departmentId) return { kind: 'dept', id: ticket.departmentId };
  return null;
}

/** The rotation counter's name for a pool (one counter per pool, shared by every API instance). */
export const poolKey = (pool: RoundRobinPool): string => `${pool.kind}:${pool.id}`;

/** A canonical order, so every instance maps the same counter value to the same agent. */
export const canonicalOrder = (ids: readonly string[]): string[] =>
  [...new Set(ids.map((id) => id.toLowerCase()))].sort();

/**
 * The agent for the `counter`-th assignment of a pool (counters start at 1, as Redis INCR returns them).
 * Consecutive counters walk the list in order, so N assignments among K agents give each N/K ± 1.
 */
export function pickRoundRobin(sortedIds: readonly string[], counter: number): string | null {
  if (sortedIds.length === 0) return null;
  if (!Number.isSafeInteger(counter)) throw new RangeError(`not a rotation counter: ${counter}`);
  const n = sortedIds.length;
  return sortedIds[(((counter - 1) % n) + n) % n];
}
