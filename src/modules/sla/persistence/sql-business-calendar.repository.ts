import { Injectable } from '@nestjs/common';
import { MeasuredRepository } from '../../../infrastructure/database/measured-repository';
import { Page, PageRequest } from '../../../common/pagination/page';
import {
  BusinessCalendarChanges,
  BusinessCalendarRepository,
  NewBusinessCalendar,
} from '../business-calendar-repository.port';
import { WorkingHours } from '../domain/business-calendar';
import { BusinessCalendar } from '../domain/business-calendar.model';
import { setClause } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { holidaysColumn } from './holidays-column';
import { Implements } from '../../../common/di/implements';

interface CalendarRow {
  id: string;
  name: string;
  timezone: string;
  hours: WorkingHours;
  holidays: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `c.id, c.name, c.timezone, c.hours, ${holidaysColumn('c')}, c.created_at, c.updated_at`;
const DUPLICATE = 'A business calendar with this name already exists';

const toCalendar = (r: CalendarRow): BusinessCalendar => ({
  id: r.id,
  name: r.name,
  timezone: r.timezone,
  hours: r.hours,
  holidays: r.holidays,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

@Implements(BusinessCalendarRepository)
@MeasuredRepository()
@Injectable()
export class SqlBusinessCalendarRepository extends SqlRepository implements BusinessCalendarRepository {
  async list(page: PageRequest): Promise<Page<BusinessCalendar>> {
    return this.paged(
      { columns: COLUMNS, from: 'business_calendars c', orderBy: 'lower(c.name), c.id' },
      page,
      toCalendar,
    );
  }

  async findById(id: string): Promise<BusinessCalendar | null> {
    const [row] = await this.rows<CalendarRow>(
      `SELECT ${COLUMNS} FROM business_calendars c WHERE c.id = $1`,
      [id],
    );
    return row ? toCalendar(row) : null;
  }

  async insert(c: NewBusinessCalendar): Promise<BusinessCalendar> {
    const [{ id }] = await this.write<{ id: string }>(
      `INSERT INTO business_calendars (name, timezone, hours, holidays) VALUES ($1, $2, $3, $4::date[])
       RETURNING id`,
      [c.name, c.timezone, JSON.stringify(c.hours), c.holidays],
      DUPLICATE,
    );
    return (await this.findById(id))!;
  }

  async update(id: string, changes: BusinessCalendarChanges): Promise<BusinessCalendar | null> {
    const params: unknown[] = [id];
    const set = setClause(
      {
        name: changes.name,
        timezone: changes.timezone,
        hours: changes.hours === undefined ? undefined : JSON.stringify(changes.hours),
        holidays: changes.holidays,
      },
      params,
    );
    const rows = await this.write<{ id: string }>(
      `UPDATE business_calendars SET ${set} WHERE id = $1 RETURNING id`,
      params,
      DUPLICATE,
    );
    return rows.length > 0 ? this.findById(id) : null;
  }
}
