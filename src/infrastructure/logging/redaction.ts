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

/** A URL for the log without the values of secret query parameters (`?token=` of event streams). */
export const redactUrl = (url: string | undefined): string | undefined =>
  url?.replace(/([?&](?:token|access_token|refresh_token)=)[^&#]*/gi, '$1[REDACTED]');
