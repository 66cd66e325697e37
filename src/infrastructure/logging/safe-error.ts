/**
 * What of an error may be logged: its type, message, code and stack. Database errors carry the statement's
 * parameters and the server's `detail` (which quotes values), and those can hold hashes or secrets.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err, message: 'non-error thrown' };
  const driver = (err as { driverError?: { code?: unknown } }).driverError;
  const code = (err as { code?: unknown }).code ?? driver?.code;
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    stack: err.stack,
  };
}
