export const PASSWORD_MIN_BYTES = 10;
/** bcrypt ignores bytes past 72; longer passwords are refused, never silently truncated. */
export const PASSWORD_MAX_BYTES = 72;

export function passwordProblem(password: string): string | null {
  const bytes = Buffer.byteLength(password, 'utf8');
  if (bytes < PASSWORD_MIN_BYTES) return `must be at least ${PASSWORD_MIN_BYTES} bytes`;
  if (bytes > PASSWORD_MAX_BYTES) return `must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;
  return null;
}
