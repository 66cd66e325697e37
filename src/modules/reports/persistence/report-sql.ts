/**
 * The reports' SQL, in a file that imports only the tickets' pure enums: the bench floor (bench/floor-server.ts)
 * loads it from dist/ to run exactly what the service runs.
 */
import { TicketPriority, TicketStatus } from '../../tickets/domain/ticket-enums';

/** minutes from one timestamp to another as float8: date_part, since extract() computes in numeric (slower) */
const minutesBetween = (from: string, to: string) => `date_part('epoch', ${to} - ${from}) / 60`;

const STATUSES = Object.values(TicketStatus);
const PRIORITIES = Object.values(TicketPriority);
const countsBy = (column: string, values: string[]) =>
  `jsonb_build_object(${values.map((v) => `'${v}', count(*) FILTER (WHERE ${column} = '${v}')`).join(', ')})`;

const DEPARTMENT = `($4::uuid IS NULL OR t.department_id = $4::uuid)`;
const CREATED = `t.created_at >= $1 AND t.created_at < $2 AND ${DEPARTMENT}`;
const RESOLVED = `t.resolved_at >= $1 AND t.resolved_at < $2 AND ${DEPARTMENT}`;

/**
 * Tickets per local day of the range with `column` in it, as `[{day, count}]` for the days that have any: one
 * count per day (`$3` holds the instants the days start at, the first being `$1`; a day ends where the next starts,
 * the last at `$2`), each an index-only range count, with no per-ticket bucketing or grouping.
 */
const perDay = (column: string) => `
    (SELECT coalesce(json_agg(json_build_object('day', s.i, 'count', n.n) ORDER BY s.i) FILTER (WHERE n.n > 0), '[]')
       FROM unnest($3::timestamptz[]) WITH ORDINALITY AS s(start, i),
            LATERAL (SELECT count(*) AS n FROM tickets t
                      WHERE t.${column} >= s.start AND t.${column} < coalesce(($3::timestamptz[])[s.i + 1], $2)
                        AND ${DEPARTMENT}) n)`;

/**
 * The summary in one statement. `$1`/`$2` bound the range, `$3` holds the instants the range's local days start at
 * (its first element is `$1`), `$4` is the department (null: all). Tickets created in the range give the counts,
 * the first-response figures and the SLA compliance in one aggregate pass, and tickets resolved in it the
 * resolution figures; for one department both are index-only scans of the covering indexes
 * tickets_department_created_idx / tickets_department_resolved_idx. The days are counted apart, one index range per
 * local day (see perDay). percentile_cont ignores the NULLs of tickets without a first response; median and p90
 * come from one sort each, of float8 minutes.
 */
export const SUMMARY_SQL = `
  SELECT c.by_status, c.by_priority, c.fr[1] AS fr_median, c.fr[2] AS fr_p90, r.res[1] AS res_median,
         r.res[2] AS res_p90, c.fr_decided, c.fr_met, c.res_decided, c.res_met,
    ${perDay('created_at')} AS created_per_day,
    ${perDay('resolved_at')} AS resolved_per_day
  FROM
    (SELECT ${countsBy('t.status', STATUSES)} AS by_status,
            ${countsBy('t.priority', PRIORITIES)} AS by_priority,
            percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
              ORDER BY ${minutesBetween('t.created_at', 't.first_response_at')}) AS fr,
            count(*) FILTER (WHERE t.sla_first_response_minutes IS NOT NULL
              AND (t.first_response_met IS NOT NULL OR t.first_response_breached_at IS NOT NULL)) AS fr_decided,
            count(*) FILTER (WHERE t.sla_first_response_minutes IS NOT NULL AND t.first_response_met
              AND t.first_response_breached_at IS NULL) AS fr_met,
            count(*) FILTER (WHERE t.sla_resolution_minutes IS NOT NULL
              AND (t.resolution_met IS NOT NULL OR t.resolution_breached_at IS NOT NULL)) AS res_decided,
            count(*) FILTER (WHERE t.sla_resolution_minutes IS NOT NULL AND t.resolution_met
              AND t.resolution_breached_at IS NULL) AS res_met
       FROM tickets t WHERE ${CREATED}) c,
    (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
              ORDER BY ${minutesBetween('t.created_at', 't.resolved_at')}) AS res
       FROM tickets t WHERE ${RESOLVED}) r`;

/** Per agent of the scope: open tickets assigned now, resolved in the range, medians. `$1`..`$3` as above. */
export const AGENTS_SQL = `
  WITH agents AS (
    SELECT u.id, u.full_name, sp.department_id
      FROM staff_profiles sp JOIN users u ON u.id = sp.user_id
     WHERE u.is_active AND u.role IN ('AGENT', 'TEAM_LEAD')
       AND ($3::uuid IS NULL OR sp.department_id = $3::uuid)
  ), open AS (
    SELECT t.assignee_id, count(*) AS n
      FROM tickets t
     WHERE t.assignee_id IN (SELECT id FROM agents) AND t.status IN ('OPEN', 'IN_PROGRESS', 'PENDING_USER')
       AND ($3::uuid IS NULL OR t.department_id = $3::uuid)
     GROUP BY t.assignee_id
  ), resolved AS (
    SELECT t.assignee_id, count(*) AS n,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutesBetween('t.created_at', 't.resolved_at')}) AS median
      FROM tickets t
     WHERE t.resolved_at >= $1 AND t.resolved_at < $2 AND t.assignee_id IS NOT NULL
       AND ($3::uuid IS NULL OR t.department_id = $3::uuid)
     GROUP BY t.assignee_id
  ), responded AS (
    SELECT t.assignee_id,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY ${minutesBetween('t.created_at', 't.first_response_at')}) AS median
      FROM tickets t
     WHERE t.created_at >= $1 AND t.created_at < $2 AND t.assignee_id IS NOT NULL
       AND t.first_response_at IS NOT NULL
       AND ($3::uuid IS NULL OR t.department_id = $3::uuid)
     GROUP BY t.assignee_id
  )
  SELECT a.id, a.full_name, a.department_id, coalesce(o.n, 0) AS open_assigned, coalesce(r.n, 0) AS resolved,
         f.median AS median_first_response, r.median AS median_resolution
    FROM agents a
    LEFT JOIN open o ON o.assignee_id = a.id
    LEFT JOIN resolved r ON r.assignee_id = a.id
    LEFT JOIN responded f ON f.assignee_id = a.id
   ORDER BY lower(a.full_name), a.id`;
