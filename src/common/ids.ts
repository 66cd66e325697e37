/** Any RFC 4122-shaped id (PostgreSQL's uuid type accepts every version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients: anything that is not a UUID can match no row, so callers answer 404 before querying. */
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
