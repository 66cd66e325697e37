import { Page, PageRequest } from '../../common/pagination/page';
import { WorkingHours } from './domain/business-calendar';
import { BusinessCalendar } from './domain/business-calendar.model';

export interface NewBusinessCalendar {
  name: string;
  timezone: string;
  hours: WorkingHours;
  holidays: string[];
}

export type BusinessCalendarChanges = Partial<NewBusinessCalendar>;

/** Business calendars; names are unique case-insensitively (ConflictError). */
export abstract class BusinessCalendarRepository {
  abstract list(page: PageRequest): Promise<Page<BusinessCalendar>>;
  abstract findById(id: string): Promise<BusinessCalendar | null>;
  abstract insert(calendar: NewBusinessCalendar): Promise<BusinessCalendar>;
  abstract update(id: string, changes: BusinessCalendarChanges): Promise<BusinessCalendar | null>;
}
