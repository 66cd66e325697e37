/** A stored refresh token: only its hash is known to the server. */
export interface StoredRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  generation: number;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshVerdict =
  | { kind: 'rotate' }
  /** presented again after it was used or revoked: the whole family must die */
  | { kind: 'reuse' }
  | { kind: 'expired' }
  /** the user's sessions were ended (password reset, deactivation) after this token was issued */
  | { kind: 'stale' }
  | { kind: 'inactive' };

/** Decides what a presented refresh token may do. Single use: anything but a fresh, current token is refused. */
export function judgeRefresh(
  token: StoredRefreshToken,
  user: { isActive: boolean; tokenGeneration: number },
  now: Date,
): RefreshVerdict {
  if (token.usedAt !== null || token.revokedAt !== null) return { kind: 'reuse' };
  if (token.expiresAt.getTime() <= now.getTime()) return { kind: 'expired' };
  if (!user.isActive) return { kind: 'inactive' };
  if (token.generation !== user.tokenGeneration) return { kind: 'stale' };
  return { kind: 'rotate' };
}
