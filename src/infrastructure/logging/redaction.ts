const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'tokenHash',
  'authorization',
  'cookie',
];

/** pino redaction paths: the auth headers and any password/token/secret field up to three levels deep. */
export const REDACT_PATHS: string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-inbound-secret"]',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

/** Query parameters whose values are secrets (the event stream's single-use `token`): hidden in logs and traces. */
export const SECRET_QUERY_PARAMETERS = ['token', 'access_token', 'refresh_token'] as const;
const SECRET_QUERY_NAMES = new Set<string>(SECRET_QUERY_PARAMETERS);

/**
 * A query parameter's name as the query parser reads it: `+` is a space and each %XX a character (byte by byte, so
 * an escape that is not valid UTF-8 can only make a name match more, never less).
 */
const decodedName = (raw: string): string =>
  raw
    .replace(/\+/g, ' ')
    .replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * A URL for the log without the values of secret query parameters (`?token=` of event streams). Names are compared
 * decoded, as the server reads them, so `?%74oken=` is hidden as well as `?token=`.
 */
export const redactUrl = (url: string | undefined): string | undefined => {
  if (url === undefined) return undefined;
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const end = hash < 0 ? url.length : hash;
  const query = url
    .slice(q + 1, end)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0 || !SECRET_QUERY_NAMES.has(decodedName(part.slice(0, eq)).toLowerCase())) return part;
      return `${part.slice(0, eq)}=[REDACTED]`;
    })
    .join('&');
  return `${url.slice(0, q + 1)}${query}${url.slice(end)}`;
};
