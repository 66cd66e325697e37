import { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { suiteWorld } from './support/world';
import { login, Session } from './support/http';
import { createPrivateDatabase, PrivateDatabase } from './support/private-database';
import { SseClient } from './support/sse';

jest.setTimeout(90_000);

type Parsed = { json: { id: string; type: string; data: Record<string, any> } };
const aboutTicket = (ticketId: string) => (e: Parsed) => e.json.data?.ticket?.id === ticketId;

/**
 * GET /events/stream across two api instances on one PostgreSQL and Redis: A serves the streams, B takes the writes
 * and runs the outbox relay, which publishes each dispatched batch on Redis pub/sub.
 */
describe('real-time events (e2e)', () => {
  let db: PrivateDatabase;
  let env: Record<string, string>;
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let urlA: string;
  const streams: SseClient[] = [];

  const sessions = new Map<string, Session>();
  const sessionOf = async (u: TestUser): Promise<Session> => {
    if (!sessions.has(u.id)) sessions.set(u.id, await login(b, u.email, u.password));
    return sessions.get(u.id)!;
  };
  const auth = async (u: TestUser | Session) =>
    `Bearer ${'accessToken' in u ? u.accessToken : (await sessionOf(u)).accessToken}`;
  const onB = () => request(b.getHttpServer());

  const listen = async (app: NestFastifyApplication) => {
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  };
  const openStream = async (
    base: string,
    headers: Record<string, string>,
    path = '/api/v1/events/stream',
  ) => {
    const client = await SseClient.open(`${base}${path}`, headers);
    streams.push(client);
    return client;
  };
  const streamOf = async (u: TestUser | Session, headers: Record<string, string> = {}) => {
    const client = await openStream(urlA, { authorization: await auth(u), ...headers });
    expect(client.status).toBe(200);
    return client;
  };
  const createTicket = async (who: TestUser, departmentId = w.dept.id) => {
    const res = await onB()
      .post('/api/v1/tickets')
      .set('Authorization', await auth(who))
      .send({ title: `Printer ${unique()}`, description: 'It does not print', departmentId });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; pid: string };
  };
  const message = async (who: TestUser, ticketId: string, body: string, internal = false) => {
    const res = await onB()
      .post(`/api/v1/tickets/${ticketId}/messages`)
      .set('Authorization', await auth(who))
      .send({ body, internal });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    db = await createPrivateDatabase('live');
    process.env.DATABASE_URL = db.url;
    env = {
      DATABASE_URL: db.url,
      REDIS_KEY_PREFIX: `${process.env.REDIS_KEY_PREFIX}live:`,
      OUTBOX_POLL_INTERVAL_MS: '100',
      RATE_LIMIT_AUTH_PER_IP: '1000',
    };
    // one after the other: startTestApp swaps process.env while an app reads its configuration
    a = await startTestApp({ env, withWorker: false });
    b = await startTestApp({ env, withWorker: true });
    urlA = await listen(a);
  });

  const w = suiteWorld(async () => {
    const dept = await makeDepartment();
    const otherDept = await makeDepartment();
    const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
    const outsider = await makeUser({ role: 'AGENT', departmentId: otherDept.id });
    const requester = await makeUser();
    const stranger = await makeUser();
    const admin = await makeUser({ role: 'ADMIN' });
    return { dept, otherDept, agent, outsider, requester, stranger, admin };
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it('documents the stream and the stream token in the OpenAPI document', async () => {
    const docs = await request(a.getHttpServer()).get('/api/docs-json').expect(200);
    const stream = docs.body.paths['/api/v1/events/stream'].get;
    expect(Object.keys(stream.responses['200'].content)).toEqual(['text/event-stream']);
    expect(stream.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['token', 'Last-Event-ID']),
    );
    expect(stream.responses['401']).toBeDefined();
    const token = docs.body.paths['/api/v1/events/stream-token'].post;
    expect(token.responses['201']).toBeDefined();
  });

  it('delivers to a client on instance A, within 1 s, an event committed on instance B', async () => {
    const stream = await streamOf(w.agent);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.headers['x-request-id']).toBeDefined();
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = await createTicket(w.requester);
      const committed = Date.now(); // the 201 answers after the commit
      const event = await stream.waitFor((e) => e.json.type === 'ticket.created' && aboutTicket(t.id)(e));
      latencies.push(event.at - committed);
      expect(event.event).toBe('ticket.created');
      expect(event.id).toBe(JSON.parse(event.data).id);
      expect(JSON.parse(event.data)).toEqual({
        id: expect.any(String),
        type: 'ticket.created',
        occurredAt: expect.any(String),
        data: {
          ticket: expect.objectContaining({ id: t.id, pid: t.pid, departmentId: w.dept.id }),
          channel: 'api',
        },
      });
    }
    latencies.sort((x, y) => x - y);
    process.stdout.write(`cross-instance SSE latency ms: ${latencies.join(', ')}\n`);
    expect(latencies[2]).toBeLessThan(1000); // the median, so one scheduling hiccup on a busy machine does not fail it
    // the same event ids as webhooks and the outbox
    const [row] = await sql<{ id: string }>(`SELECT id FROM outbox_events WHERE id = $1`, [
      stream.events[0].id,
    ]);
    expect(row).toBeDefined();
  });

  it('opens with a single-use stream token and refuses access tokens in the URL', async () => {
    const session = await sessionOf(w.requester);
    const issued = await onB()
      .post('/api/v1/events/stream-token')
      .set('Authorization', await auth(session))
      .expect(201);
    const { token, expiresAt } = issued.body.data as { token: string; expiresAt: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(50_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
    // issued on B, redeemed on A: the token lives in Redis, hashed
    const keys = await redisKeysLike(`sse:token:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.some((k) => k.includes(token))).toBe(false);

    const stream = await openStream(urlA, {}, `/api/v1/events/stream?token=${token}`);
    expect(stream.status).toBe(200);
    const t = await createTicket(w.requester);
    await stream.waitFor(aboutTicket(t.id));

    const again = await openStream(urlA, {}, `/api/v1/events/stream?token=${token}`);
    expect(again.status).toBe(401);
    expect(JSON.parse(again.body).error.code).toBe('UNAUTHENTICATED');
    const accessInUrl = await openStream(urlA, {}, `/api/v1/events/stream?token=${session.accessToken}`);
    expect(accessInUrl.status).toBe(401);
    expect((await openStream(urlA, {})).status).toBe(401);
    expect((await openStream(urlA, { authorization: 'Bearer not-a-token' })).status).toBe(401);
  });

  it('never sends an END_USER a note, nor anything of tickets they may not read', async () => {
    const mine = await streamOf(w.requester);
    const theirs = await streamOf(w.stranger);
    const staff = await streamOf(w.agent);
    const elsewhere = await streamOf(w.outsider);
    const t = await createTicket(w.requester);
    await message(w.agent, t.id, 'note for staff only', true);
    await message(w.agent, t.id, 'a public answer');

    // the stream keeps the outbox order: the note came before the answer, so by the answer it would have arrived
    await mine.waitFor((e) => e.json.type === 'ticket.message_added' && aboutTicket(t.id)(e));
    await staff.waitFor((e) => e.json.type === 'ticket.message_added' && aboutTicket(t.id)(e));
    expect(
      mine
        .parsed()
        .filter(aboutTicket(t.id))
        .map((e) => e.json.type),
    ).toEqual(['ticket.created', 'ticket.message_added']);
    expect(
      staff
        .parsed()
        .filter(aboutTicket(t.id))
        .map((e) => e.json.type),
    ).toEqual(['ticket.created', 'ticket.note_added', 'ticket.message_added']);
    // a marker each of the others can see proves their streams were flowing meanwhile
    const own = await createTicket(w.stranger);
    await theirs.waitFor(aboutTicket(own.id));
    const otherTicket = await createTicket(w.requester, w.otherDept.id);
    await elsewhere.waitFor(aboutTicket(otherTicket.id));
    expect(theirs.parsed().filter(aboutTicket(t.id))).toEqual([]);
    expect(elsewhere.parsed().filter(aboutTicket(t.id))).toEqual([]);
  });

  it('replays what a client missed after Last-Event-ID, then goes live, without duplicates or gaps', async () => {
    const first = await streamOf(w.agent);
    const t = await createTicket(w.requester);
    const seen = await first.waitFor((e) => e.json.type === 'ticket.created' && aboutTicket(t.id)(e));
    first.close();

    await message(w.requester, t.id, 'one');
    await message(w.agent, t.id, 'two', true);
    await message(w.agent, t.id, 'three');
    const missed = await sql<{ id: string }>(
      `SELECT id FROM outbox_events WHERE aggregate_id = $1 AND type <> 'ticket.created' ORDER BY stream_seq`,
      [t.id],
    );
    expect(missed).toHaveLength(3);
    // wait until the relay numbered all three, so the replay has them all
    await waitUntilDispatched(missed.map((m) => m.id));

    const resumed = await streamOf(w.agent, { 'last-event-id': seen.id! });
    await resumed.waitFor((e) => e.json.id === missed[2].id);
    await message(w.requester, t.id, 'four, live');
    await resumed.waitFor(
      (e) =>
        e.json.type === 'ticket.message_added' &&
        e.json.data.authorId === w.requester.id &&
        e.json.id !== missed[0].id,
    );
    const ids = resumed
      .parsed()
      .filter(aboutTicket(t.id))
      .map((e) => e.json.id);
    expect(ids.slice(0, 3)).toEqual(missed.map((m) => m.id));
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(seen.id);
  });

  it('closes the stream within 5 s of a logout, a password change in another session and a deactivation', async () => {
    const session = await login(b, w.requester.email, w.requester.password);
    const stream = await streamOf(session);
    const other = await login(b, w.requester.email, w.requester.password);
    const otherStream = await streamOf(other);
    const loggedOutAt = Date.now();
    await onB()
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${session.accessToken}`)
      .send({})
      .expect(204);
    const endedAt = await stream.waitForEnd(10_000);
    expect(endedAt - loggedOutAt).toBeLessThan(5_000);
    // the other session goes on until its password is changed from a third one
    expect(otherStream.endedAt).toBeNull();
    const third = await login(b, w.requester.email, w.requester.password);
    await onB()
      .post('/api/v1/auth/password/change')
      .set('Authorization', `Bearer ${third.accessToken}`)
      .send({ currentPassword: w.requester.password, newPassword: 'another-horse-battery' })
      .expect(204);
    const changedAt = Date.now();
    expect((await otherStream.waitForEnd(10_000)) - changedAt).toBeLessThan(5_000);
    sessions.delete(w.requester.id);
    w.requester.password = 'another-horse-battery';

    // and a deactivated user's stream ends too
    const leaving = await makeUser();
    const leavingStream = await streamOf(leaving);
    await onB()
      .delete(`/api/v1/users/${leaving.id}`)
      .set('Authorization', await auth(w.admin))
      .expect((res) => expect(res.status).toBeLessThan(300));
    const deactivatedAt = Date.now();
    expect((await leavingStream.waitForEnd(10_000)) - deactivatedAt).toBeLessThan(5_000);
  });

  it('closes streams when the instance shuts down, so clients reconnect elsewhere', async () => {
    const c = await startTestApp({ env, withWorker: false });
    const urlC = await listen(c);
    const stream = await openStream(urlC, { authorization: await auth(w.admin) });
    expect(stream.status).toBe(200);
    await c.close();
    await stream.waitForEnd(5_000);
    expect(stream.comments).toContain('connected');
  });

  async function waitUntilDispatched(ids: string[]): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const [row] = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_events WHERE id = ANY($1::uuid[]) AND stream_seq IS NOT NULL`,
        [ids],
      );
      if (row.n === ids.length) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the relay did not dispatch the events');
  }

  async function redisKeysLike(pattern: string): Promise<string[]> {
    const { default: Redis } = await import('ioredis');
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      return await redis.keys(`${env.REDIS_KEY_PREFIX}${pattern}`);
    } finally {
      redis.disconnect();
    }
  }
});
