import { createHash } from 'node:crypto';
import { normaliseEmail, User, UserCredentials } from '../../org/domain/user';

/** A short, stable stand-in for an address in rate-limit keys and logs: never the address itself. */
export const emailFingerprint = (email: string): string =>
  createHash('sha256').update(normaliseEmail(email)).digest('hex').slice(0, 16);

/** The public face of an account, without its credentials. */
export const toUser = (c: UserCredentials): User => ({
  id: c.id,
  email: c.email,
  fullName: c.fullName,
  role: c.role,
  isActive: c.isActive,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
