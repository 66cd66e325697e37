/** Any RFC 4122-shaped id (PostgreSQL's uuid type accepts every version). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from clients: anything that is not a UUID can match no row, so callers answer 404 before querying. */
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

/** Human-readable ticket ids: TKT-YYYYMM-NNNNNN, numbered per calendar month (UTC). */
export const PID_PATTERN = /^TKT-(\d{4})(0[1-9]|1[0-2])-(\d{6,})$/;

export const isPid = (value: string): boolean => PID_PATTERN.test(value);
