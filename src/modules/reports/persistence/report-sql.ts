/**
 * The reports' SQL, in a file that imports nothing: the bench floor (bench/floor-server.ts) loads it from dist/ to
 * run exactly what the service runs.
 */
const minutesBetween = (from: string, to: string) => `extract(epoch FROM ${to} - ${from}) / 60`;

/**
 * The summary in one statement. `$1`/`$2` bound the range, `$3` is the timezone days are counted in, `$4` the
 * department (null: all). Tickets created in the range give the counts, the first-response figures and the SLA
 * compliance (tickets_department_created_idx / tickets_created_idx); tickets resolved in it the resolution figures
 * (tickets_department_resolved_idx / tickets_resolved_idx).
 */
export const SUMMARY_SQL = `
  WITH created AS MATERIALIZED (
    SELECT t.status, t.priority, t.created_at, t.first_response_at, t.sla_first_response_minutes,
           t.first_response_met, t.first_response_breached_at, t.sla_resolution_minutes, t.resolution_met,
           t.resolution_breached_at
      FROM tickets t
     WHERE t.created_at >= $1 AND t.created_at < $2
       AND ($4::uuid IS NULL OR t.department_id = $4::uuid)
  ), resolved AS MATERIALIZED (
    SELECT t.created_at, t.resolved_at
      FROM tickets t
     WHERE t.resolved_at >= $1 AND t.resolved_at < $2
       AND ($4::uuid IS NULL OR t.department_id = $4::uuid)
  )
  SELECT
    (SELECT coalesce(json_object_agg(status, n), '{}')
       FROM (SELECT status, count(*) AS n FROM created GROUP BY status) s) AS by_status,
    (SELECT coalesce(json_object_agg(priority, n), '{}')
       FROM (SELECT priority, count(*) AS n FROM created GROUP BY priority) s) AS by_priority,
    (SELECT coalesce(json_agg(json_build_object('date', d, 'count', n) ORDER BY d), '[]')
       FROM (SELECT to_char(day, 'YYYY-MM-DD') AS d, n
               FROM (SELECT date_trunc('day', created_at AT TIME ZONE $3) AS day, count(*) AS n
                       FROM created GROUP BY 1) g) s) AS created_per_day,
    (SELECT coalesce(json_agg(json_build_object('date', d, 'count', n) ORDER BY d), '[]')
       FROM (SELECT to_char(day, 'YYYY-MM-DD') AS d, n
               FROM (SELECT date_trunc('day', resolved_at AT TIME ZONE $3) AS day, count(*) AS n
                       FROM resolved GROUP BY 1) g) s) AS resolved_per_day,
    fr.p[1] AS fr_median, fr.p[2] AS fr_p90, res.p[1] AS res_median, res.p[2] AS res_p90,
    c.fr_decided, c.fr_met, c.res_decided, c.res_met
  FROM
    -- median and p90 from one sort each
    (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY m) AS p
       FROM (SELECT ${minutesBetween('created_at', 'first_response_at')} AS m
               FROM created WHERE first_response_at IS NOT NULL) x) fr,
    (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY m) AS p
       FROM (SELECT ${minutesBetween('created_at', 'resolved_at')} AS m FROM resolved) x) res,
    (SELECT
       count(*) FILTER (WHERE sla_first_response_minutes IS NOT NULL
                          AND (first_response_met IS NOT NULL OR first_response_breached_at IS NOT NULL)) AS fr_decided,
       count(*) FILTER (WHERE sla_first_response_minutes IS NOT NULL AND first_response_met
                          AND first_response_breached_at IS NULL) AS fr_met,
       count(*) FILTER (WHERE sla_resolution_minutes IS NOT NULL
                          AND (resolution_met IS NOT NULL OR resolution_breached_at IS NOT NULL)) AS res_decided,
       count(*) FILTER (WHERE sla_resolution_minutes IS NOT NULL AND resolution_met
                          AND resolution_breached_at IS NULL) AS res_met
       FROM created) c`;

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
