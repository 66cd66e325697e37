/**
 * The client addresses each ADMIN has logged in from successfully, remembered for KNOWN_ADDRESS_DAYS after the last
 * such login: a correct password from one of them gets through a per-account lockout (see AuthService).
 */
export abstract class KnownLoginAddresses {
  abstract remember(userId: string, ip: string): Promise<void>;
  abstract isKnown(userId: string, ip: string): Promise<boolean>;
}

export const KNOWN_ADDRESS_DAYS = 30;
