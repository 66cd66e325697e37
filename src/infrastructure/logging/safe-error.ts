/**
 * What of an error may be logged: its type, message, code and stack. Database errors carry the statement's
 * parameters and the server's `detail` (which quotes values), and those can hold hashes or secrets.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) {
    // what it is, never what it holds: its class and the names of its fields
    const what =
      typeof err === 'object' && err !== null
        ? { class: err.constructor?.name ?? 'Object', fields: Object.keys(err).slice(0, 10) }
        : {};
    const message = (err as { message?: unknown } | null)?.message;
    return { type: typeof err, message: typeof message === 'string' ? message : 'non-error thrown', ...what };
  }
  const driver = (err as { driverError?: { code?: unknown } }).driverError;
  const code = (err as { code?: unknown }).code ?? driver?.code;
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    stack: err.stack,
  };
}
