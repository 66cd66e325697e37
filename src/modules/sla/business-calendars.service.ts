import { Injectable } from '@nestjs/common';
import { ProcessReferenceCache } from '../../common/cache/process-reference-cache';
import { RecordReads } from '../../common/records/record-reads';
import { FieldProblem, invalidField, ValidationFailedError, found } from '../../common/errors/domain-errors';
import { AuditTrail } from '../../common/audit/audit-trail';
import { UnitOfWork } from '../../common/unit-of-work';
import {
  BusinessCalendarChanges,
  BusinessCalendarRepository,
  NewBusinessCalendar,
} from './business-calendar-repository.port';
import { isValidTimezone, parseHolidays, parseWorkingHours } from './domain/business-calendar';
import { BusinessCalendar } from './domain/business-calendar.model';
import { TicketClockService } from './ticket-clock.service';

export interface CalendarInput {
  name?: string;
  timezone?: unknown;
  hours?: unknown;
  holidays?: unknown;
}

/** ADMIN upkeep of business calendars; an edit recomputes the due times of open tickets that count in it. */
@Injectable()
export class BusinessCalendarsService extends RecordReads<BusinessCalendar> {
  constructor(
    private readonly calendars: BusinessCalendarRepository,
    private readonly clocks: TicketClockService,
    private readonly audit: AuditTrail,
    private readonly uow: UnitOfWork,
    private readonly reference: ProcessReferenceCache,
  ) {
    super(calendars, 'Business calendar');
  }

  async create(input: CalendarInput & { name: string }): Promise<BusinessCalendar> {
    const checked = checkCalendar(input);
    return this.uow.run(async (tx) => {
      await this.uow.afterCommit(() => this.reference.changed());
      const calendar = await this.calendars.insert({
        name: input.name,
        timezone: checked.timezone!,
        hours: checked.hours!,
        holidays: checked.holidays ?? [],
      });
      await this.audit.created(tx, 'business_calendar', calendar);
      return calendar;
    });
  }

  async update(id: string, input: CalendarInput): Promise<BusinessCalendar> {
    const changes: BusinessCalendarChanges = { name: input.name, ...checkCalendar(input) };
    const calendar = await this.uow.run(async (tx) => {
      // new tickets' clocks read the calendars from what processes keep
      await this.uow.afterCommit(() => this.reference.changed());
      const before = found(await this.calendars.findById(id), 'Business calendar');
      const after = found(await this.calendars.update(id, changes), 'Business calendar');
      await this.audit.updated(tx, 'business_calendar', before, after);
      return after;
    });
    // after the commit, in batches of their own: a big department's tickets do not hold the calendar's lock
    if (changes.timezone !== undefined || changes.hours !== undefined || changes.holidays !== undefined)
      await this.clocks.recomputeCalendar(id);
    return calendar;
  }
}

/** Every problem at once, each naming its field. */
function checkCalendar(input: CalendarInput): Partial<NewBusinessCalendar> {
  const problems: FieldProblem[] = [];
  const out: Partial<NewBusinessCalendar> = {};
  if (input.timezone !== undefined) {
    if (isValidTimezone(input.timezone)) out.timezone = input.timezone;
    else problems.push({ field: 'timezone', message: 'must be an IANA timezone such as Europe/Berlin' });
  }
  if (input.hours !== undefined) {
    const hours = parseWorkingHours(input.hours);
    if (hours.ok) out.hours = hours.value;
    else problems.push(...hours.problems);
  }
  if (input.holidays !== undefined) {
    const holidays = parseHolidays(input.holidays);
    if (holidays.ok) out.holidays = holidays.value;
    else problems.push(...holidays.problems);
  }
  if (problems.length === 1) throw invalidField(problems[0].field, problems[0].message);
  if (problems.length > 1)
    throw new ValidationFailedError(`${problems[0].field} ${problems[0].message}`, problems);
  return out;
}
