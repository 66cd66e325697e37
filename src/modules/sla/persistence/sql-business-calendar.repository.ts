import {
  BusinessCalendarChanges,
  BusinessCalendarRepository,
  NewBusinessCalendar,
} from '../business-calendar-repository.port';
import { BusinessCalendar } from '../domain/business-calendar.model';
import { setClause } from '../../../infrastructure/database/sql';
import { SqlListedTable } from '../../../infrastructure/database/sql-repository';
import { SqlTable } from '../../../infrastructure/database/sql-table';
import { holidaysColumn } from './holidays-column';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

const CALENDARS = new SqlTable<BusinessCalendar>({
  from: 'business_calendars c',
  columns: `c.id, c.name, c.timezone, c.hours, ${holidaysColumn('c')}, c.created_at, c.updated_at`,
});
const DUPLICATE = 'A business calendar with this name already exists';

@SqlAdapter(BusinessCalendarRepository)
export class SqlBusinessCalendarRepository
  extends SqlListedTable(CALENDARS, 'lower(c.name), c.id')
  implements BusinessCalendarRepository
{
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
