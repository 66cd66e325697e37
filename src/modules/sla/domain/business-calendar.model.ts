import { WorkingHours } from './business-calendar';

/** A stored business calendar: a department that names it counts its SLA targets in its hours. */
export interface BusinessCalendar {
  id: string;
  name: string;
  timezone: string;
  hours: WorkingHours;
  holidays: string[];
  createdAt: Date;
  updatedAt: Date;
}
