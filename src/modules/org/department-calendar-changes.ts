import { Injectable, Logger } from '@nestjs/common';
import { ChangeListeners } from '../../common/change-listeners';

/**
 * Told the id of a department whose business calendar (`calendarId`) was just set, changed or cleared: whoever keeps
 * due times in business time (the SLA module) subscribes. Called after the change commits.
 */
@Injectable()
export class DepartmentCalendarChanges extends ChangeListeners {
  constructor() {
    super(
      new Logger(DepartmentCalendarChanges.name),
      'departmentId',
      "A listener failed to take in a department's calendar change",
    );
  }
}
