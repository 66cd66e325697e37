import { Injectable, Logger } from '@nestjs/common';

/** Told the id of a user whose session state (role, department, team, activity, token generation) just changed. */
export type SessionStateListener = (userId: string) => Promise<void>;

/**
 * The org module's narrow outlet for "this user's session state changed": whoever keeps session state elsewhere (the
 * auth module's cache) subscribes, so org reports its changes without knowing who listens. Called once the change is
 * written (after the commit where there is a transaction around it). A listener's failure is logged, never thrown
 * back at the change that already happened.
 */
@Injectable()
export class UserSessionChanges {
  private readonly logger = new Logger(UserSessionChanges.name);
  private readonly listeners: SessionStateListener[] = [];

  subscribe(listener: SessionStateListener): void {
    this.listeners.push(listener);
  }

  async changed(userId: string): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(userId);
      } catch (error) {
        this.logger.warn(
          { userId, err: error instanceof Error ? error.message : String(error) },
          'A listener failed to take in a session state change',
        );
      }
    }
  }
}
