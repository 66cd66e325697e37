import { StoredRefreshToken } from './domain/refresh-token';

export interface NewRefreshToken {
  userId: string;
  familyId: string;
  tokenHash: string;
  generation: number;
  expiresAt: Date;
}

export abstract class RefreshTokenRepository {
  abstract insert(token: NewRefreshToken): Promise<void>;
  abstract findByHash(tokenHash: string): Promise<StoredRefreshToken | null>;
  /** Marks the token used only if it still is unused and unrevoked; false when another request got there first. */
  abstract markUsed(id: string): Promise<boolean>;
  abstract revokeFamily(familyId: string): Promise<number>;
  /** Those of these families (sessions) that still hold a usable refresh token: not logged out, revoked or expired. */
  abstract liveFamilies(familyIds: readonly string[]): Promise<Set<string>>;
  abstract revokeAllForUser(userId: string): Promise<number>;
  /** Ends every session of the user but one, and moves that one to the new token generation. */
  abstract keepOnlyFamily(userId: string, familyId: string, generation: number): Promise<void>;
}
