import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool, PoolClient } from 'pg';
import { runInRequestContext } from '../src/common/request-context';
import { boundRequestDatabaseTime } from '../src/infrastructure/database/request-deadline';
import { testApi } from './support/api';
import { suiteListeningApp } from './support/app';
import { makeTicket, makeUser, TestUser } from './support/factories';
import { PNG } from './support/files';

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

/**
 * Receiving and storing a file is no database time: with a 1.5 s budget, an upload whose bytes take ~5 s to arrive
 * (after the ticket was read, before the transaction that records the file) is stored and answered 201, not 503.
 */
describe('a slow upload keeps its database budget (e2e)', () => {
  const storageDir = mkdtempSync(join(tmpdir(), 'helpdesk-deadline-'));
  const { app, port } = suiteListeningApp({
    env: {
      STORAGE_DIR: storageDir,
      // enough for the request's own statements on a loaded machine, far less than the upload takes
      DATABASE_ACQUIRE_TIMEOUT_MS: '1500',
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
    },
  });
  const { as, download } = testApi(app);
  let requester: TestUser;
  let ticketId: string;

  beforeAll(async () => {
    requester = await makeUser();
    ticketId = (await makeTicket({ requesterId: requester.id })).id;
  });
  afterAll(() => {
    rmSync(storageDir, { recursive: true, force: true });
  });

  /** POSTs a multipart body whose file part trickles in: the part's head at once, then `chunks` over `spreadMs`. */
  async function trickleUpload(file: Buffer, chunks: number, spreadMs: number) {
    const boundary = `----deadline${Date.now()}`;
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="slow.png"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const size = Math.ceil(file.length / chunks);
    const pieces = Array.from({ length: chunks }, (_, i) => file.subarray(i * size, (i + 1) * size));
    const [name, value] = await as(requester);
    return new Promise<{ status: number; body: any; ms: number }>((resolve, reject) => {
      const started = Date.now();
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port: port(),
          method: 'POST',
          path: `/api/v1/tickets/${ticketId}/attachments`,
          headers: {
            [name]: value,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'content-length': head.length + file.length + tail.length,
          },
        },
        (res) => {
          const got: Buffer[] = [];
          res.on('data', (c: Buffer) => got.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(got).toString('utf8')),
              ms: Date.now() - started,
            }),
          );
        },
      );
      req.on('error', reject);
      req.write(head);
      const send = (i: number): void => {
        if (i === pieces.length) {
          req.end(tail);
          return;
        }
        req.write(pieces[i]);
        setTimeout(() => send(i + 1), spreadMs / chunks);
      };
      send(0);
    });
  }

  it('stores an upload whose bytes arrive over far longer than the database budget', async () => {
    const res = await trickleUpload(PNG, 6, 5000);
    expect(res.ms).toBeGreaterThan(4500); // three times the 1.5 s budget, spent receiving the file
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 201,
      body: { data: { ticketId, contentType: 'image/png', sizeBytes: PNG.length } },
    });
    const stored = await download(requester, `/attachments/${res.body.data.id}`);
    expect(stored.status).toBe(200);
    expect(Buffer.compare(stored.body as Buffer, PNG)).toBe(0);
  });
});
