import bcrypt from 'bcryptjs';
import { Pool, PoolClient } from 'pg';
import {
  CONTEXTS,
  DEPARTMENTS,
  FIRST_NAMES,
  LAST_NAMES,
  PROBLEMS,
  REPLIES,
  SENTENCES,
  SUBJECTS,
  TAGS,
  TEAMS,
} from './words';

/** Bump when the shape of the seed changes: an older seed is then dropped and made again. */
export const SEED_VERSION = 2;
/** Seeded PIDs are TKT-202001-NNNNNN: a past month, so they never meet the live per-month counter. */
export const SEED_PERIOD = '202001';
export const BENCH_PASSWORD = 'bench-password-1';
export const AGENT_COUNT = 50;
export const END_USER_COUNT = 2000;
/** agent011 is an AGENT (agents 1-10 are TEAM_LEADs) of department 1, the busiest one */
export const AGENT_EMAIL = 'agent011@bench.local';
export const END_USER_EMAIL = 'user00001@bench.local';
/** the most frequent title subject: about 16% of the tickets mention it */
export const SEARCH_WORD = SUBJECTS[0].toLowerCase();

export interface SeedSummary {
  tickets: number;
  departments: number;
  agents: number;
  endUsers: number;
  messages: number;
  seconds: number;
}

/**
 * A deterministic uniform number in [0, 1) for row `g` and stream `k`: the same data set on every seed, and no
 * volatile function for the planner to evaluate more or fewer times than expected.
 */
const u = (k: number, g = 'g'): string =>
  `((hashint4((${g})::int # ${k * 1_000_003 + 17}) & 2147483647)::float8 / 2147483648.0)`;

/** 1-based index into an array of `n` elements from a uniform expression */
const pick = (uniform: string, n: number): string => `(1 + floor(${uniform} * ${n})::int)`;

interface IndexDef {
  name: string;
  def: string;
}

// SLA targets by priority (minutes), the due times they give, and when first response and resolution came
const FIRST_RESPONSE_MINUTES = `CASE x.priority WHEN 'URGENT' THEN 30 WHEN 'HIGH' THEN 60 WHEN 'MEDIUM' THEN 240 ELSE 480 END`;
const RESOLUTION_MINUTES = `CASE x.priority WHEN 'URGENT' THEN 240 WHEN 'HIGH' THEN 480 WHEN 'MEDIUM' THEN 1440 ELSE 4320 END`;
const DUE_AT = `(x.created_at + interval '1 minute' * ${RESOLUTION_MINUTES})`;
const FIRST_RESPONSE_DUE_AT = `(x.created_at + interval '1 minute' * ${FIRST_RESPONSE_MINUTES})`;
const FIRST_RESPONSE_AT = `(CASE WHEN x.status NOT IN ('OPEN', 'PENDING_APPROVAL')
  THEN least(x.updated_at, x.created_at + interval '1 minute' * (5 + x.r_response * 240)) END)`;
const RESOLVED_AT = `(CASE WHEN x.status IN ('RESOLVED', 'CLOSED') THEN x.updated_at - (x.updated_at - x.created_at) * 0.1 END)`;

/** Secondary indexes of a table (not those behind a constraint), dropped for the bulk load and rebuilt after. */
async function dropSecondaryIndexes(c: PoolClient, table: string): Promise<IndexDef[]> {
  const { rows } = await c.query<IndexDef>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
    [table],
  );
  for (const r of rows) await c.query(`DROP INDEX ${r.name}`);
  return rows;
}

interface ForeignKeyDef {
  table: string;
  name: string;
  def: string;
}

/**
 * The foreign keys of the tables, dropped for the bulk load and added again after it: adding one checks every row in
 * one join, where during the load each row would run a lookup per key.
 */
async function dropForeignKeys(c: PoolClient, tables: string[]): Promise<ForeignKeyDef[]> {
  const { rows } = await c.query<ForeignKeyDef>(
    `SELECT k.conrelid::regclass::text AS table, quote_ident(k.conname) AS name, pg_get_constraintdef(k.oid) AS def
       FROM pg_constraint k
      WHERE k.contype = 'f' AND k.conrelid = ANY ($1::regclass[])`,
    [tables],
  );
  for (const k of rows) await c.query(`ALTER TABLE ${k.table} DROP CONSTRAINT ${k.name}`);
  return rows;
}

/** Runs the statements, each connection taking the next one when it is free. */
async function inTurn(connections: PoolClient[], statements: string[]): Promise<void> {
  const queue = [...statements];
  await Promise.all(
    connections.map(async (x) => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) await x.query(next);
    }),
  );
}

async function timed<T>(log: (m: string) => void, what: string, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  log(`  ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

/**
 * Tickets `from`..`to` (their row numbers `g`) and their messages, in one statement: the messages are made from the
 * rows the ticket insert returns, so the tickets are not read again. Parameters: $1 subjects, $2 problems,
 * $3 contexts, $4 sentences, $5 tags, $6 from, $7 to, $8 replies.
 */
const TICKETS_AND_MESSAGES_SQL = `WITH new_tickets AS (
         INSERT INTO tickets (pid, title, description, status, priority, requester_id, department_id, team_id,
             assignee_id, tags, visibility, due_at, first_response_at, resolved_at, closed_at, created_at,
             updated_at, version, sla_first_response_minutes, sla_resolution_minutes, first_response_due_at,
             first_response_met, first_response_breached_at, resolution_met, resolution_breached_at)
           SELECT 'TKT-${SEED_PERIOD}-' || lpad(x.g::text, greatest(6, length(x.g::text)), '0'),
                  x.title,
                  'The ' || lower(x.title) || '. ' || x.s1 || ' ' || x.s2 || ' Asset tag AT-' || (10000 + x.g % 90000) || '.',
                  x.status::ticket_status,
                  x.priority::ticket_priority,
                  r.id,
                  s.id,
                  CASE WHEN s.id IS NOT NULL AND x.r_team < 0.6 THEN s.teams[${pick('x.r_team / 0.6', TEAMS.length)}] END,
                  CASE WHEN s.id IS NULL OR x.status = 'PENDING_APPROVAL' OR (x.status = 'OPEN' AND x.r_assign < 0.5)
                       THEN NULL ELSE s.agents[1 + floor(x.r_agent * array_length(s.agents, 1))::int] END,
                  (ARRAY[x.tag1, x.tag2, x.tag3])[1:x.ntags],
                  CASE WHEN x.r_restricted < 0.03 THEN 'RESTRICTED' ELSE 'INTERNAL' END::ticket_visibility,
                  ${DUE_AT},
                  ${FIRST_RESPONSE_AT},
                  ${RESOLVED_AT},
                  CASE WHEN x.status IN ('CLOSED', 'CANCELLED') THEN x.updated_at END,
                  x.created_at,
                  x.updated_at,
                  x.version,
                  ${FIRST_RESPONSE_MINUTES},
                  ${RESOLUTION_MINUTES},
                  ${FIRST_RESPONSE_DUE_AT},
                  ${FIRST_RESPONSE_AT} <= ${FIRST_RESPONSE_DUE_AT},
                  CASE WHEN ${FIRST_RESPONSE_AT} > ${FIRST_RESPONSE_DUE_AT}
                         OR (x.status = 'OPEN' AND ${FIRST_RESPONSE_DUE_AT} < now()) THEN ${FIRST_RESPONSE_DUE_AT} END,
                  ${RESOLVED_AT} <= ${DUE_AT},
                  CASE WHEN ${RESOLVED_AT} > ${DUE_AT}
                         OR (x.status IN ('OPEN', 'IN_PROGRESS') AND ${DUE_AT} < now()) THEN ${DUE_AT} END
             FROM (
               SELECT y.g, y.r_team, y.r_assign, y.r_agent, y.r_restricted, y.r_response,
                      -- recent tickets are mostly open, older ones mostly closed
                      CASE WHEN y.age_days < 14 THEN
                             CASE WHEN y.r_status < 0.30 THEN 'OPEN' WHEN y.r_status < 0.60 THEN 'IN_PROGRESS'
                                  WHEN y.r_status < 0.75 THEN 'PENDING_USER' WHEN y.r_status < 0.90 THEN 'RESOLVED'
                                  WHEN y.r_status < 0.95 THEN 'PENDING_APPROVAL' WHEN y.r_status < 0.98 THEN 'CLOSED'
                                  ELSE 'CANCELLED' END
                           ELSE
                             CASE WHEN y.r_status < 0.62 THEN 'CLOSED' WHEN y.r_status < 0.77 THEN 'RESOLVED'
                                  WHEN y.r_status < 0.83 THEN 'CANCELLED' WHEN y.r_status < 0.88 THEN 'OPEN'
                                  WHEN y.r_status < 0.94 THEN 'IN_PROGRESS' WHEN y.r_status < 0.99 THEN 'PENDING_USER'
                                  ELSE 'PENDING_APPROVAL' END
                      END AS status,
                      CASE WHEN y.r_priority < 0.25 THEN 'LOW' WHEN y.r_priority < 0.70 THEN 'MEDIUM'
                           WHEN y.r_priority < 0.92 THEN 'HIGH' ELSE 'URGENT' END AS priority,
                      -- 5% without a department; department 1 is the busiest
                      CASE WHEN y.r_nodept < 0.05 THEN NULL
                           ELSE ${pick('power(y.r_dept, 1.4)', DEPARTMENTS.length)} END AS dept_n,
                      ${pick('power(y.r_requester, 1.2)', END_USER_COUNT)} AS requester_n,
                      ($1::text[])[${pick('power(y.r_subject, 2)', SUBJECTS.length)}] || ' ' ||
                        ($2::text[])[${pick('y.r_problem', PROBLEMS.length)}] ||
                        CASE WHEN y.r_context < 0.3 THEN ''
                             ELSE ' ' || ($3::text[])[${pick('(y.r_context - 0.3) / 0.7', CONTEXTS.length)}] END
                        AS title,
                      ($4::text[])[${pick('y.r_s1', SENTENCES.length)}] AS s1,
                      ($4::text[])[${pick('y.r_s2', SENTENCES.length)}] AS s2,
                      CASE WHEN y.r_ntags < 0.35 THEN 0 WHEN y.r_ntags < 0.75 THEN 1 WHEN y.r_ntags < 0.93 THEN 2
                           ELSE 3 END AS ntags,
                      -- three distinct tags: offsets 1-7 and 8-14 from the first
                      ($5::text[])[y.tag_i] AS tag1,
                      ($5::text[])[1 + (y.tag_i + floor(y.r_tag2 * 7)::int) % ${TAGS.length}] AS tag2,
                      ($5::text[])[1 + (y.tag_i + 7 + floor(y.r_tag3 * 7)::int) % ${TAGS.length}] AS tag3,
                      now() - interval '1 day' * y.age_days AS created_at,
                      now() - interval '1 day' * (y.age_days - least(y.age_days, y.r_updated * 20)) AS updated_at,
                      1 + floor(y.r_version * 6)::int AS version
                 FROM (
                   SELECT g,
                          365 * power(${u(2)}, 1.3) AS age_days,
                          ${u(1)} AS r_status, ${u(3)} AS r_priority, ${u(4)} AS r_nodept, ${u(5)} AS r_dept,
                          ${u(6)} AS r_team, ${u(7)} AS r_assign, ${u(8)} AS r_agent, ${u(9)} AS r_requester,
                          ${u(10)} AS r_restricted, ${u(11)} AS r_ntags, ${pick(u(12), TAGS.length)} AS tag_i,
                          ${u(13)} AS r_tag2, ${u(14)} AS r_tag3, ${u(15)} AS r_subject, ${u(16)} AS r_problem,
                          ${u(17)} AS r_context, ${u(18)} AS r_s1, ${u(19)} AS r_s2, ${u(20)} AS r_updated,
                          ${u(21)} AS r_response, ${u(22)} AS r_version
                     FROM generate_series($6::int, $7::int) AS g
                 ) y
             ) x
             JOIN seed_end_users r ON r.n = x.requester_n
             LEFT JOIN seed_staffing s ON s.n = x.dept_n
           RETURNING id, pid, requester_id, assignee_id, created_at, updated_at
       )
       INSERT INTO ticket_messages (ticket_id, author_id, body, internal, source, created_at)
         SELECT m.id, m.author_id, m.body, m.by_staff AND m.r_internal < 0.25, 'api', m.created_at
           FROM (
             SELECT t.id,
                    t.assignee_id IS NOT NULL AND ${u(31, 't.g')} < 0.6 AS by_staff,
                    CASE WHEN t.assignee_id IS NOT NULL AND ${u(31, 't.g')} < 0.6
                         THEN t.assignee_id ELSE t.requester_id END AS author_id,
                    ($8::text[])[${pick(u(33, 't.g'), REPLIES.length)}] ||
                      CASE WHEN ${u(34, 't.g')} < 0.3
                           THEN ' Related: ' || lower(($1::text[])[${pick(u(35, 't.g'), SUBJECTS.length)}]) || '.'
                           ELSE '' END AS body,
                    ${u(32, 't.g')} AS r_internal,
                    least(t.updated_at, t.created_at + interval '1 hour' * (${u(36, 't.g')} * 48)) AS created_at
               FROM (SELECT i.*, substr(i.pid, 12)::int AS g FROM new_tickets i) t
              WHERE ${u(30, 't.g')} < 0.6
           ) m`;

/**
 * Seeds the (migrated, empty) bench database with set-based SQL: departments and teams, agents with staff
 * profiles, end users (all sharing one bcrypt hash of BENCH_PASSWORD, cost 4), `tickets` tickets with skewed
 * status / priority / department / tag distributions over the past year, about 0.6 messages per ticket, then
 * VACUUM ANALYZE and a marker row that lets later runs reuse the seed.
 */
export async function seed(pool: Pool, tickets: number, log: (m: string) => void): Promise<SeedSummary> {
  const started = Date.now();
  const hash = bcrypt.hashSync(BENCH_PASSWORD, 4);
  // two connections (the bench's pool holds two): the bulk steps run in both at once
  const connections = [await pool.connect(), await pool.connect()];
  const [c] = connections;
  try {
    for (const x of connections) {
      await x.query(`SET synchronous_commit = off`);
      await x.query(`SET maintenance_work_mem = '256MB'`);
      await x.query(`SET work_mem = '64MB'`);
    }

    await timed(log, 'departments, teams, staff and end users', async () => {
      await c.query(`CREATE UNLOGGED TABLE seed_departments (n int PRIMARY KEY, id uuid NOT NULL)`);
      await c.query(
        `INSERT INTO seed_departments SELECT d.n, gen_random_uuid() FROM generate_series(1, $1::int) AS d(n)`,
        [DEPARTMENTS.length],
      );
      await c.query(
        `INSERT INTO departments (id, name, description, auto_assign, created_at, updated_at)
         SELECT d.id, ($1::text[])[d.n], ($1::text[])[d.n] || ' requests', false,
                now() - interval '3 years', now() - interval '3 years'
           FROM seed_departments d`,
        [DEPARTMENTS],
      );

      await c.query(
        `CREATE UNLOGGED TABLE seed_teams (dept_n int, k int, id uuid NOT NULL, PRIMARY KEY (dept_n, k))`,
      );
      await c.query(
        `INSERT INTO seed_teams SELECT d.n, k, gen_random_uuid()
           FROM seed_departments d CROSS JOIN generate_series(1, $1::int) AS k`,
        [TEAMS.length],
      );
      await c.query(
        `INSERT INTO teams (id, department_id, name)
         SELECT t.id, d.id, ($1::text[])[t.k] FROM seed_teams t JOIN seed_departments d ON d.n = t.dept_n`,
        [TEAMS],
      );

      const fullName = (n: string) =>
        `($2::text[])[1 + ${n} % ${FIRST_NAMES.length}] || ' ' || ($3::text[])[1 + (${n} * 7) % ${LAST_NAMES.length}]`;

      // agent n works in department ((n - 1) % 10) + 1; the first of each department is its TEAM_LEAD
      await c.query(
        `CREATE UNLOGGED TABLE seed_agents (n int PRIMARY KEY, id uuid NOT NULL, dept_n int NOT NULL, team_k int)`,
      );
      await c.query(
        `INSERT INTO seed_agents
         SELECT n, gen_random_uuid(), ((n - 1) % $2::int) + 1, ((n - 1) / $2::int) % $3::int + 1
           FROM generate_series(1, $1::int) AS n`,
        [AGENT_COUNT, DEPARTMENTS.length, TEAMS.length],
      );
      await c.query(
        `INSERT INTO users (id, email, password_hash, full_name, role, created_at, updated_at)
         SELECT a.id, 'agent' || lpad(a.n::text, 3, '0') || '@bench.local', $1, ${fullName('a.n')},
                CASE WHEN a.n <= $4::int THEN 'TEAM_LEAD' ELSE 'AGENT' END::user_role,
                now() - interval '2 years', now() - interval '2 years'
           FROM seed_agents a`,
        [hash, FIRST_NAMES, LAST_NAMES, DEPARTMENTS.length],
      );
      await c.query(
        `INSERT INTO staff_profiles (user_id, department_id, team_id)
         SELECT a.id, d.id, t.id
           FROM seed_agents a
           JOIN seed_departments d ON d.n = a.dept_n
           LEFT JOIN seed_teams t ON t.dept_n = a.dept_n AND t.k = a.team_k`,
      );

      await c.query(`CREATE UNLOGGED TABLE seed_end_users (n int PRIMARY KEY, id uuid NOT NULL)`);
      await c.query(
        `INSERT INTO seed_end_users SELECT n, gen_random_uuid() FROM generate_series(1, $1::int) AS n`,
        [END_USER_COUNT],
      );
      await c.query(
        `INSERT INTO users (id, email, password_hash, full_name, role, created_at, updated_at)
         SELECT e.id, 'user' || lpad(e.n::text, 5, '0') || '@bench.local', $1, ${fullName('(e.n + 3)')},
                'END_USER', now() - interval '1 day' * (e.n % 700), now() - interval '1 day' * (e.n % 700)
           FROM seed_end_users e`,
        [hash, FIRST_NAMES, LAST_NAMES],
      );

      await c.query(
        `CREATE UNLOGGED TABLE seed_staffing AS
         SELECT d.n, d.id,
                (SELECT array_agg(a.id ORDER BY a.n) FROM seed_agents a WHERE a.dept_n = d.n) AS agents,
                (SELECT array_agg(t.id ORDER BY t.k) FROM seed_teams t WHERE t.dept_n = d.n) AS teams
           FROM seed_departments d`,
      );
    });

    const ticketIndexes = await dropSecondaryIndexes(c, 'tickets');
    const messageIndexes = await dropSecondaryIndexes(c, 'ticket_messages');
    const foreignKeys = await dropForeignKeys(c, ['tickets', 'ticket_messages']);

    // the rows in as many parts as connections, side by side: building search vectors is most of the work
    const parts = connections.map((_, i) => [
      Math.floor((tickets * i) / connections.length) + 1,
      Math.floor((tickets * (i + 1)) / connections.length),
    ]);
    const messages = await timed(
      log,
      `${tickets} tickets and their messages (${parts.length} parts)`,
      async () => {
        const results = await Promise.all(
          parts.map(([from, to], i) =>
            connections[i].query(TICKETS_AND_MESSAGES_SQL, [
              SUBJECTS,
              PROBLEMS,
              CONTEXTS,
              SENTENCES,
              TAGS,
              from,
              to,
              REPLIES,
            ]),
          ),
        );
        return results.reduce((n, r) => n + (r.rowCount ?? 0), 0);
      },
    );

    await timed(log, 'indexes', () =>
      inTurn(
        connections,
        // the GIN (full-text) builds are the longest: started first, the rest share the other connection
        [...ticketIndexes, ...messageIndexes]
          .map((index) => index.def)
          .sort((a, b) => Number(/ USING gin /i.test(b)) - Number(/ USING gin /i.test(a))),
      ),
    );
    // one at a time: adding a key locks both its tables against the others
    await timed(log, 'foreign keys (each checked in one pass)', async () => {
      for (const k of foreignKeys) await c.query(`ALTER TABLE ${k.table} ADD CONSTRAINT ${k.name} ${k.def}`);
    });

    await c.query(
      `INSERT INTO ticket_counters (period, last_value) VALUES ($1, $2)
       ON CONFLICT (period) DO UPDATE SET last_value = EXCLUDED.last_value`,
      [SEED_PERIOD, tickets],
    );
    await timed(log, 'VACUUM ANALYZE', () => c.query('VACUUM (ANALYZE)'));

    const summary: SeedSummary = {
      tickets,
      departments: DEPARTMENTS.length,
      agents: AGENT_COUNT,
      endUsers: END_USER_COUNT,
      messages,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
    await c.query(`CREATE TABLE IF NOT EXISTS bench_seed (
      id int PRIMARY KEY, tickets int NOT NULL, version int NOT NULL, messages int NOT NULL,
      seeded_at timestamptz NOT NULL DEFAULT now())`);
    await c.query(`INSERT INTO bench_seed (id, tickets, version, messages) VALUES (1, $1, $2, $3)`, [
      tickets,
      SEED_VERSION,
      messages,
    ]);
    await c.query('DROP TABLE seed_staffing, seed_end_users, seed_agents, seed_teams, seed_departments');
    return summary;
  } finally {
    for (const x of connections) x.release();
  }
}
