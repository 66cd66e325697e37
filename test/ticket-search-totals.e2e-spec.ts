import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql } from './support/factories';
import { bearer, login, Session } from './support/http';
import { createPrivateDatabase, PrivateDatabase, privateDatabaseEnv } from './support/private-database';

/**
 * Search totals where the planner over-estimates: two words that each fill half the tickets but rarely meet, which
 * the planner (multiplying their frequencies) puts at a quarter of the tickets. Totals under 10,000 are exact, and
 * no page points to a next one without rows.
 */
describe('search totals the planner over-estimates (e2e)', () => {
  let app: NestFastifyApplication;
  let db: PrivateDatabase;
  const sharedDatabaseUrl = process.env.DATABASE_URL;
  const http = () => request(app.getHttpServer());
  let admin: Session;
  let printers: string;
  let papers: string;
  const HALF = 50_000;
  const BOTH = 25;

  beforeAll(async () => {
    // a database of its own: the seeded tickets stay out of every other suite's lists, and go with it
    db = await createPrivateDatabase('searchtotals');
    app = await startTestApp({ env: privateDatabaseEnv(db, 'searchtotals') });
    printers = (await makeDepartment()).id;
    papers = (await makeDepartment()).id;
    const requester = await makeUser();
    const user = await makeUser({ role: 'ADMIN' });
    admin = await login(app, user.email, user.password);
    // the database is this suite's own: indexes the searches here never use go, and the full-text one is built
    // after the rows (at once rather than row by row), so that seeding stays quick
    await sql(`DO $$ DECLARE i text; BEGIN
      FOR i IN SELECT c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid
        WHERE x.indrelid = 'tickets'::regclass AND c.relname <> 'tickets_created_idx'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
      LOOP EXECUTE format('DROP INDEX %I', i); END LOOP; END $$`);
    // PIDs in a month of their own; "printer" tickets in one department, "paper" ones in the other, a few with both.
    // Foreign keys are not checked row by row (the rows name the requester and departments made above)
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(`SET session_replication_role = replica`);
      await client.query(
        `INSERT INTO tickets (pid, title, description, status, priority, requester_id, department_id, created_at)
         SELECT 'TKT-209803-' || lpad(g::text, 6, '0'),
                CASE WHEN g <= $4 THEN 'printer paper jam' WHEN g % 2 = 0 THEN 'printer' ELSE 'paper' END, '-',
                'OPEN', 'LOW', $1, CASE WHEN g <= $4 OR g % 2 = 0 THEN $2 ELSE $3 END::uuid,
                now() - g * interval '1 second'
           FROM generate_series(1, $5::int) AS g`,
        [requester.id, printers, papers, BOTH, 2 * HALF],
      );
    } finally {
      await client.end();
    }
    await sql('CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector)');
    await sql('ANALYZE tickets');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    process.env.DATABASE_URL = sharedDatabaseUrl;
  });

  const search = async (query: string) =>
    (
      await http()
        .get(`/api/v1/tickets?${query}`)
        .set(...bearer(admin))
        .expect(200)
    ).body;

  it('is set up so that the planner over-estimates the two words together', async () => {
    const [plan] = await sql<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM tickets WHERE search_vector @@ websearch_to_tsquery('english', 'printer paper')`,
    );
    expect(plan['QUERY PLAN'][0].Plan['Plan Rows']).toBeGreaterThan(20_000);
  });

  it('counts a few matches of several words exactly, and gives no cursor past the last row', async () => {
    const first = await search('q=printer%20paper&limit=20');
    expect(first.data).toHaveLength(20);
    expect(first.pagination).toMatchObject({ total: BOTH, totalPages: 2 });
    expect(first.pagination).not.toHaveProperty('totalIsEstimate');
    expect(first.pagination.nextCursor).toEqual(expect.any(String));

    const byCursor = await search(`q=printer%20paper&limit=20&cursor=${first.pagination.nextCursor}`);
    expect(byCursor.data).toHaveLength(BOTH - 20);
    expect(byCursor.pagination.total).toBe(BOTH);
    expect(byCursor.pagination.nextCursor).toBeNull();

    const second = await search('q=printer%20paper&limit=20&page=2');
    expect(second.data).toHaveLength(BOTH - 20);
    expect(second.pagination.nextCursor).toBeNull();

    const phrase = await search(`q=${encodeURIComponent('"printer paper"')}&limit=100`);
    expect(phrase.data).toHaveLength(BOTH);
    expect(phrase.pagination).toMatchObject({ total: BOTH, nextCursor: null });
    expect(phrase.pagination).not.toHaveProperty('totalIsEstimate');
  });

  it('takes the total of a first page that ends the matches, whatever the estimate', async () => {
    // one word, estimated at a quarter of the tickets in the other department, where it never appears
    const none = await search(`q=printer&departmentId=${papers}&limit=20`);
    expect(none.data).toEqual([]);
    expect(none.pagination).toMatchObject({ total: 0, nextCursor: null });
    expect(none.pagination).not.toHaveProperty('totalIsEstimate');
  });

  it('still estimates a common word past 10,000 matches, flagged', async () => {
    const common = await search('q=printer&limit=20');
    expect(common.data).toHaveLength(20);
    expect(common.pagination.totalIsEstimate).toBe(true);
    expect(common.pagination.total).toBeGreaterThan(10_000);
    expect(common.pagination.nextCursor).toEqual(expect.any(String));
  });
});
