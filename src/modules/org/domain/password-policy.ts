export const PASSWORD_MIN_BYTES = 10;
/** bcrypt ignores bytes past 72, so longer passwords are refused rather than silently truncated. */
export const PASSWORD_MAX_BYTES = 72;

const encoder = new TextEncoder();

/** What is wrong with a password's length, counted in UTF-8 bytes (what bcrypt sees), or null. */
export function passwordProblem(password: string): string | null {
  const bytes = encoder.encode(password).length;
  if (bytes < PASSWORD_MIN_BYTES) return `must be at least ${PASSWORD_MIN_BYTES} bytes`;
  if (bytes > PASSWORD_MAX_BYTES) return `must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8)`;
  return null;
}
