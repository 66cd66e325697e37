/** An instant a response may lack (`closedAt`, `readAt`…): ISO 8601 in UTC, or null. */
export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
