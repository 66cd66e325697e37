import { Pool, PoolClient } from 'pg';
import { runInRequestContext } from '../src/common/request-context';
import { boundRequestDatabaseTime } from '../src/infrastructure/database/request-deadline';

/**
 * One request's database time is bounded as a whole (acquire timeout + statement timeout), not per wait: on the run's
 * PostgreSQL, statements that each stay under the statement timeout are cut once their sum passes the request's
 * deadline, while the same statements outside a request (a job) all run; the session's own timeout is put back.
 */
describe('per-request database deadline (e2e)', () => {
  let pool: Pool;
  // wide margins, so a loaded machine's slower round trips cannot move a statement across the deadline: two 1 s
  // statements and their round trips fit well inside the 2.5 s budget, a third cannot
  const settings = { acquireTimeoutMs: 500, statementTimeoutMs: 2000 };

  beforeAll(() => {
    pool = new Pool({
      connectionString: process.env.DATABASE_URL,
      max: 1,
      connectionTimeoutMillis: settings.acquireTimeoutMs,
      statement_timeout: settings.statementTimeoutMs,
    });
    boundRequestDatabaseTime(pool, settings);
  });
  afterAll(() => pool.end());

  const inRequest = <T>(work: () => Promise<T>): Promise<T> =>
    runInRequestContext({ requestId: 'deadline-test', actorId: null }, work);
  const sleep = (client: PoolClient) => client.query('SELECT pg_sleep(1)');
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: { code?: string }) => e.code ?? 'error',
    );

  it('cuts a request whose statements add up past its deadline, and leaves a job alone', async () => {
    // three statements of 1 s each, all under the 2 s statement timeout: 3 s against a 2.5 s budget
    const asRequest = await inRequest(async () => {
      const client = await pool.connect();
      try {
        return [await outcome(sleep(client)), await outcome(sleep(client)), await outcome(sleep(client))];
      } finally {
        client.release();
      }
    });
    expect(asRequest.slice(0, 2)).toEqual(['ok', 'ok']);
    expect(asRequest[2]).toBe('57014'); // query_canceled: answered 503 SERVICE_UNAVAILABLE

    const client = await pool.connect();
    try {
      expect([
        await outcome(sleep(client)),
        await outcome(sleep(client)),
        await outcome(sleep(client)),
      ]).toEqual(['ok', 'ok', 'ok']);
      // the shortened timeout was the statement's only: the connection went back with its own
      expect((await client.query<{ statement_timeout: string }>('SHOW statement_timeout')).rows[0]).toEqual({
        statement_timeout: '2s',
      });
    } finally {
      client.release();
    }
  });

  it('gives a transaction only the time left, and still ends it past the deadline', async () => {
    const steps = await inRequest(async () => {
      const client = await pool.connect();
      try {
        const seen = [await outcome(client.query('BEGIN'))];
        seen.push(await outcome(sleep(client)), await outcome(sleep(client)), await outcome(sleep(client)));
        seen.push(await outcome(client.query('ROLLBACK')));
        return seen;
      } finally {
        client.release();
      }
    });
    expect(steps).toEqual(['ok', 'ok', 'ok', '57014', 'ok']);
  });

  it('refuses a connection once the request has used its time, though one is free', async () => {
    const afterwards = await inRequest(async () => {
      const client = await pool.connect();
      try {
        await outcome(sleep(client));
        await outcome(sleep(client));
        await outcome(sleep(client)); // cut at the deadline
      } finally {
        client.release();
      }
      return outcome(pool.connect().then((c) => c.release()));
    });
    expect(afterwards).toBe('error');
    const free = await pool.connect(); // outside a request: the pool's own limits only
    free.release();
  });
});
