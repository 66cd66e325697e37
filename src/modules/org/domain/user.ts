import { Role } from './role';

export interface User {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A user as the auth module needs it: with the hash and the session generation. Never leaves the server. */
export interface UserCredentials extends User {
  passwordHash: string;
  tokenGeneration: number;
}

export interface NewUser {
  email: string;
  passwordHash: string;
  fullName: string;
  role: Role;
}

/** Emails compare case-insensitively; they are stored trimmed and lower-cased. */
export const normaliseEmail = (email: string): string => email.trim().toLowerCase();
