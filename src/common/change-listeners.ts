import { Logger } from '@nestjs/common';

/** Told the id of what just changed. */
export type ChangeListener = (id: string) => Promise<void>;

/**
 * A module's narrow outlet for "this changed": whoever keeps a copy or a result of it elsewhere subscribes, so the
 * module reports its changes without knowing who listens. Called once the change is written (after its commit). A
 * listener's failure is logged, never thrown back at the change that already happened.
 */
export abstract class ChangeListeners {
  private readonly listeners: ChangeListener[] = [];

  /**
   * @param idField the name of the id in the log line of a failed listener (`userId`)
   * @param failure that log line's message
   */
  protected constructor(
    private readonly logger: Logger,
    private readonly idField: string,
    private readonly failure: string,
  ) {}

  subscribe(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  async changed(id: string): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(id);
      } catch (error) {
        this.logger.warn(
          { [this.idField]: id, err: error instanceof Error ? error.message : String(error) },
          this.failure,
        );
      }
    }
  }
}
