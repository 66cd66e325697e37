import { Injectable, Logger } from '@nestjs/common';

/** Told the id of a department whose business calendar (`calendarId`) was just set, changed or cleared. */
export type DepartmentCalendarListener = (departmentId: string) => Promise<void>;

/**
 * The org module's narrow outlet for "this department now counts its tickets' time in another calendar": whoever
 * keeps due times in business time (the SLA module) subscribes, so org reports the change without knowing who
 * listens. Called after the change commits. A listener's failure is logged, never thrown back at the change that
 * already happened.
 */
@Injectable()
export class DepartmentCalendarChanges {
  private readonly logger = new Logger(DepartmentCalendarChanges.name);
  private readonly listeners: DepartmentCalendarListener[] = [];

  subscribe(listener: DepartmentCalendarListener): void {
    this.listeners.push(listener);
  }

  async changed(departmentId: string): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(departmentId);
      } catch (error) {
        this.logger.warn(
          { departmentId, err: error instanceof Error ? error.message : String(error) },
          "A listener failed to take in a department's calendar change",
        );
      }
    }
  }
}
