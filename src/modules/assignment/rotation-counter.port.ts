/** Raised when the shared rotation state cannot be reached in time. */
export class RotationUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RotationUnavailableError';
  }
}

/**
 * The round-robin rotation shared by every API instance: one counter per pool, advanced atomically.
 * `next` returns 1, 2, 3, … across all instances, or throws RotationUnavailableError.
 */
export abstract class RotationCounter {
  abstract next(poolKey: string): Promise<number>;
}
