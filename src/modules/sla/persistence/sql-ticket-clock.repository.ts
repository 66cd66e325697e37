import { TicketPriority, TicketStatus } from '../../tickets/domain/ticket-enums';
import { CalendarSpec, WorkingHours } from '../domain/business-calendar';
import { SlaPolicy } from '../domain/sla-policy';
import { ClockState, SlaTargetName } from '../domain/ticket-clock';
import { BreachedTicket, BreachRepository, OverdueTarget } from '../breach-repository.port';
import { ClockChanges, TicketClockRepository } from '../ticket-clock-repository.port';
import { lockClause, setClause } from '../../../infrastructure/database/sql';
import { SqlRepository } from '../../../infrastructure/database/sql-repository';
import { holidaysColumn } from './holidays-column';
import { SLA_POLICIES } from './sla-policy.table';
import { SqlAdapter } from '../../../infrastructure/database/sql-adapter';

interface ClockRow {
  id: string;
  status: TicketStatus;
  priority: TicketPriority;
  department_id: string | null;
  service_item_id: string | null;
  created_at: Date;
  first_response_at: Date | null;
  sla_first_response_minutes: number | null;
  sla_resolution_minutes: number | null;
  first_response_due_at: Date | null;
  first_response_breached_at: Date | null;
  first_response_met: boolean | null;
  due_at: Date | null;
  resolution_breached_at: Date | null;
  resolution_met: boolean | null;
  timezone: string | null;
  hours: WorkingHours | null;
  holidays: string[] | null;
}

/** a ticket whose clock still runs or waits: targets it has, and a status that is not past resolution */
const WITH_OPEN_CLOCK = `t.status IN ('OPEN', 'IN_PROGRESS', 'PENDING_USER', 'PENDING_APPROVAL')
  AND (t.sla_first_response_minutes IS NOT NULL OR t.sla_resolution_minutes IS NOT NULL)`;

@SqlAdapter(TicketClockRepository)
export class SqlTicketClockRepository extends SqlRepository implements TicketClockRepository {
  async load(ticketId: string, lock = false): Promise<ClockState | null> {
    const [row] = await this.rows<ClockRow>(
      `SELECT t.id, t.status, t.priority, t.department_id, t.service_item_id, t.created_at, t.first_response_at,
              t.sla_first_response_minutes, t.sla_resolution_minutes, t.first_response_due_at,
              t.first_response_breached_at, t.first_response_met, t.due_at, t.resolution_breached_at,
              t.resolution_met, c.timezone, c.hours, ${holidaysColumn('c')}
         FROM tickets t
         LEFT JOIN departments d ON d.id = t.department_id
         LEFT JOIN business_calendars c ON c.id = d.calendar_id
        WHERE t.id = $1${lockClause(lock, 't')}`,
      [ticketId],
    );
    if (!row) return null;
    const pauses = await this.rows<{ started_at: Date; ended_at: Date | null }>(
      `SELECT started_at, ended_at FROM ticket_sla_pauses WHERE ticket_id = $1 ORDER BY started_at, id`,
      [ticketId],
    );
    const hasTargets = row.sla_first_response_minutes !== null || row.sla_resolution_minutes !== null;
    return {
      ticketId: row.id,
      status: row.status,
      priority: row.priority,
      departmentId: row.department_id,
      serviceItemId: row.service_item_id,
      createdAt: row.created_at,
      firstResponseAt: row.first_response_at,
      targets: hasTargets
        ? {
            firstResponseMinutes: row.sla_first_response_minutes,
            resolutionMinutes: row.sla_resolution_minutes,
          }
        : null,
      firstResponse: {
        dueAt: row.first_response_due_at,
        breachedAt: row.first_response_breached_at,
        met: row.first_response_met,
      },
      resolution: { dueAt: row.due_at, breachedAt: row.resolution_breached_at, met: row.resolution_met },
      pauses: pauses.map((p) => ({ start: p.started_at, end: p.ended_at })),
      calendar:
        row.timezone && row.hours
          ? { timezone: row.timezone, hours: row.hours, holidays: row.holidays ?? [] }
          : null,
    };
  }

  async openingPolicies(
    priority: TicketPriority,
    departmentId: string | null,
  ): Promise<{ policies: SlaPolicy[]; calendar: CalendarSpec | null }> {
    // prepared: read for every ticket created
    const rows = await this.preparedRows<SlaPolicy & Pick<ClockRow, 'timezone' | 'hours' | 'holidays'>>(
      `WITH calendar AS (
         SELECT c.timezone, c.hours, ${holidaysColumn('c')}
           FROM departments d JOIN business_calendars c ON c.id = d.calendar_id
          WHERE d.id = $2::uuid
       )
       SELECT ${SLA_POLICIES.columns}, calendar.timezone, calendar.hours, calendar.holidays
         FROM ${SLA_POLICIES.from} LEFT JOIN calendar ON true
        WHERE p.priority = $1 AND (p.department_id IS NULL OR p.department_id = $2::uuid)`,
      [priority, departmentId],
    );
    const [first] = rows;
    return {
      // each row is a policy with the department's calendar beside it
      policies: rows.map(({ timezone: _timezone, hours: _hours, holidays: _holidays, ...policy }) => policy),
      calendar:
        first?.timezone && first.hours
          ? { timezone: first.timezone, hours: first.hours, holidays: first.holidays ?? [] }
          : null,
    };
  }

  async openPause(ticketId: string, at: Date): Promise<void> {
    await this.rows(
      `INSERT INTO ticket_sla_pauses (ticket_id, started_at) VALUES ($1, $2)
       ON CONFLICT (ticket_id) WHERE ended_at IS NULL DO NOTHING`,
      [ticketId, at],
    );
  }

  async closePause(ticketId: string, at: Date): Promise<void> {
    await this.rows(
      `UPDATE ticket_sla_pauses SET ended_at = greatest($2::timestamptz, started_at)
        WHERE ticket_id = $1 AND ended_at IS NULL`,
      [ticketId, at],
    );
  }

  async save(ticketId: string, c: ClockChanges): Promise<void> {
    const params: unknown[] = [ticketId];
    const set = setClause(
      {
        sla_first_response_minutes:
          c.targets === undefined ? undefined : (c.targets?.firstResponseMinutes ?? null),
        sla_resolution_minutes: c.targets === undefined ? undefined : (c.targets?.resolutionMinutes ?? null),
        first_response_due_at: c.firstResponseDueAt,
        due_at: c.dueAt,
        first_response_met: c.firstResponseMet,
        resolution_met: c.resolutionMet,
      },
      params,
      false,
    );
    if (set.length === 0) return;
    this.uow.noteRowWrite('tickets', ticketId);
    await this.rows(`UPDATE tickets SET ${set} WHERE id = $1`, params);
  }

  async openTicketsOfCalendar(calendarId: string, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT t.id FROM tickets t JOIN departments d ON d.id = t.department_id
        WHERE d.calendar_id = $1 AND ${WITH_OPEN_CLOCK}
          AND ($2::uuid IS NULL OR t.id > $2::uuid)
        ORDER BY t.id LIMIT $3`,
      [calendarId, afterId, limit],
    );
    return rows.map((r) => r.id);
  }

  async openTicketsOfDepartment(
    departmentId: string,
    afterId: string | null,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT t.id FROM tickets t
        WHERE t.department_id = $1 AND ${WITH_OPEN_CLOCK}
          AND ($2::uuid IS NULL OR t.id > $2::uuid)
        ORDER BY t.id LIMIT $3`,
      [departmentId, afterId, limit],
    );
    return rows.map((r) => r.id);
  }
}

interface BreachRow {
  id: string;
  pid: string;
  title: string;
  status: string;
  priority: string;
  requester_id: string;
  assignee_id: string | null;
  department_id: string | null;
  team_id: string | null;
  visibility: string;
  due_at: Date;
  breached_at: Date;
}

/** per target: the ticket columns of its due time, breach and outcome */
const COLUMNS_OF: Record<SlaTargetName, { due: string; breached: string; met: string }> = {
  FIRST_RESPONSE: {
    due: 'first_response_due_at',
    breached: 'first_response_breached_at',
    met: 'first_response_met',
  },
  RESOLUTION: { due: 'due_at', breached: 'resolution_breached_at', met: 'resolution_met' },
};

const RUNNING = `('OPEN', 'IN_PROGRESS')`;

@SqlAdapter(BreachRepository)
export class SqlBreachRepository extends SqlRepository implements BreachRepository {
  async overdue(limit: number, skip: readonly OverdueTarget[] = []): Promise<OverdueTarget[]> {
    // each half walks its partial index (tickets_*_sweep_idx) from the oldest due time, past the tickets to skip
    const half = (target: SlaTargetName, skipped: string) => {
      const c = COLUMNS_OF[target];
      return `(SELECT id, '${target}' AS target, ${c.due} AS due FROM tickets
                WHERE ${c.due} <= now() AND ${c.due} IS NOT NULL AND ${c.breached} IS NULL AND ${c.met} IS NULL
                  AND status IN ${RUNNING} AND id <> ALL (${skipped}::uuid[])
                ORDER BY ${c.due} LIMIT $1)`;
    };
    const skippedOf = (target: SlaTargetName) =>
      skip.filter((s) => s.target === target).map((s) => s.ticketId);
    const rows = await this.rows<{ id: string; target: SlaTargetName }>(
      `${half('FIRST_RESPONSE', '$2')} UNION ALL ${half('RESOLUTION', '$3')} ORDER BY due`,
      [limit, skippedOf('FIRST_RESPONSE'), skippedOf('RESOLUTION')],
    );
    return rows.map((r) => ({ ticketId: r.id, target: r.target }));
  }

  async mark(
    ticketId: string,
    target: SlaTargetName,
    late?: { dueAt: Date },
  ): Promise<BreachedTicket | null> {
    const c = COLUMNS_OF[target];
    this.uow.noteRowWrite('tickets', ticketId);
    // still overdue and unmarked, re-checked under the row lock (a second worker waits here, then finds it marked)
    const due = late
      ? `SELECT id, $3::timestamptz AS due_at FROM tickets WHERE id = $1 AND ${c.breached} IS NULL FOR UPDATE`
      : `SELECT id, ${c.due} AS due_at FROM tickets
          WHERE id = $1 AND ${c.due} <= now() AND ${c.breached} IS NULL AND ${c.met} IS NULL
            AND status IN ${RUNNING}
          FOR UPDATE`;
    const [row] = await this.rows<BreachRow>(
      `WITH due AS (${due}),
            breach AS (
              INSERT INTO sla_breaches (ticket_id, target, due_at)
              SELECT id, $2::sla_target, due_at FROM due
              ON CONFLICT (ticket_id, target) DO NOTHING
              RETURNING ticket_id, due_at, breached_at)
       UPDATE tickets t SET ${c.breached} = b.breached_at FROM breach b WHERE t.id = b.ticket_id
       RETURNING t.id, t.pid, t.title, t.status, t.priority, t.requester_id, t.assignee_id, t.department_id,
                 t.team_id, t.visibility, b.due_at, b.breached_at`,
      late ? [ticketId, target, late.dueAt] : [ticketId, target],
    );
    if (!row) return null;
    return {
      ticket: {
        id: row.id,
        pid: row.pid,
        title: row.title,
        status: row.status,
        priority: row.priority,
        requesterId: row.requester_id,
        assigneeId: row.assignee_id,
        departmentId: row.department_id,
        teamId: row.team_id,
        visibility: row.visibility,
      },
      target,
      dueAt: row.due_at,
      breachedAt: row.breached_at,
    };
  }
}
