import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import request from 'supertest';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql } from './support/factories';
import { bearer, login, Session } from './support/http';
import { createPrivateDatabase, PrivateDatabase, privateDatabaseEnv } from './support/private-database';

const LAST_ADMIN = 'The last active ADMIN cannot be demoted or deactivated';

interface Admin {
  id: string;
  session: Session;
}

/**
 * An installation must keep an active ADMIN: demoting or deactivating one is refused (409) when no other would
 * remain, also when two admins act on each other at the same moment. The suite has a database of its own, so it can
 * leave exactly the admins it wants active.
 */
describe('the last active ADMIN (e2e)', () => {
  let db: PrivateDatabase;
  let app: NestFastifyApplication;
  let departmentId: string;

  const api = (admin: Admin) => ({
    patch: (path: string, body: object) =>
      request(app.getHttpServer())
        .patch(`/api/v1${path}`)
        .set(...bearer(admin.session))
        .send(body),
    delete: (path: string) =>
      request(app.getHttpServer())
        .delete(`/api/v1${path}`)
        .set(...bearer(admin.session)),
  });

  /** Deactivates every ADMIN there is (straight in the database), then gives `count` new ones, signed in. */
  async function onlyAdmins(count: number): Promise<Admin[]> {
    await sql(`UPDATE users SET is_active = false WHERE role = 'ADMIN'`);
    const admins: Admin[] = [];
    for (let i = 0; i < count; i++) {
      const user = await makeUser({ role: 'ADMIN' });
      admins.push({ id: user.id, session: await login(app, user.email, user.password) });
    }
    return admins;
  }

  const activeAdmins = async (): Promise<string[]> =>
    (await sql<{ id: string }>(`SELECT id FROM users WHERE role = 'ADMIN' AND is_active ORDER BY id`)).map(
      (row) => row.id,
    );

  /** How many of the database's sessions wait for a lock now. */
  const waitingForLocks = async (): Promise<number> =>
    (
      await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      )
    )[0].n;

  /**
   * Holds the rows of `userIds` locked while `requests` start, so they overlap for certain: once `waiting` of the
   * database's sessions wait for a lock, `meanwhile` runs in the locking transaction (a concurrent change), which
   * then commits. Gives the responses.
   */
  async function whileLocked(
    userIds: string[],
    requests: Array<() => request.Test>,
    waiting: number,
    meanwhile: (client: Client) => Promise<unknown> = () => Promise.resolve(),
  ): Promise<request.Response[]> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT id FROM users WHERE id = ANY($1) FOR UPDATE', [userIds]);
      const responses = Promise.all(requests.map((send) => send().then((res) => res)));
      const deadline = Date.now() + 10_000;
      while ((await waitingForLocks()) < waiting) {
        if (Date.now() > deadline)
          throw new Error(`fewer than ${waiting} requests came to wait for the lock`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await meanwhile(client);
      await client.query('COMMIT');
      return await responses;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    db = await createPrivateDatabase('lastadmin');
    app = await startTestApp({ env: privateDatabaseEnv(db, 'lastadmin') });
    departmentId = (await makeDepartment()).id;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('still demotes and deactivates an ADMIN while another active ADMIN remains, on every route', async () => {
    const [a, b, c, d] = await onlyAdmins(4);
    const demoted = await api(a).patch(`/users/${b.id}`, { role: 'END_USER' }).expect(200);
    expect(demoted.body.data).toMatchObject({ role: 'END_USER', isActive: true });
    await api(a).delete(`/users/${c.id}`).expect(204);
    const staff = await api(a).patch(`/staff/${d.id}`, { role: 'AGENT', departmentId }).expect(200);
    expect(staff.body.data).toMatchObject({ role: 'AGENT', departmentId });
    expect(await activeAdmins()).toEqual([a.id]);
  });

  it('refuses (409) to demote or deactivate the last other active ADMIN, on every route', async () => {
    const [a, b] = await onlyAdmins(2);
    const attempts: Array<[string, () => request.Test]> = [
      ['DELETE /users/:id', () => api(a).delete(`/users/${b.id}`)],
      ['PATCH /users/:id isActive', () => api(a).patch(`/users/${b.id}`, { isActive: false })],
      ['PATCH /users/:id role', () => api(a).patch(`/users/${b.id}`, { role: 'END_USER' })],
      ['PATCH /staff/:userId role', () => api(a).patch(`/staff/${b.id}`, { role: 'AGENT', departmentId })],
    ];
    for (const [route, attempt] of attempts) {
      // the caller is deactivated by a change that commits while their request (admitted as an ADMIN) waits for
      // the lock: the change would leave no active ADMIN at all
      const [res] = await whileLocked([a.id, b.id], [attempt], 1, (client) =>
        client.query('UPDATE users SET is_active = false WHERE id = $1', [a.id]),
      );
      expect({ route, status: res.status, error: res.body.error }).toEqual({
        route,
        status: 409,
        error: expect.objectContaining({ code: 'CONFLICT', message: LAST_ADMIN }),
      });
      expect(await activeAdmins()).toEqual([b.id]);
      await sql('UPDATE users SET is_active = true WHERE id = $1', [a.id]);
    }
    const profile = await sql('SELECT 1 FROM staff_profiles WHERE user_id = $1', [b.id]);
    expect(profile).toHaveLength(0);
  });

  it('refuses (409) a caller who is no longer an active ADMIN by the time the lock is theirs', async () => {
    const [a, b, c] = await onlyAdmins(3);
    // another ADMIN (c) would remain, but the caller lost their ADMIN role to a concurrent change
    const [res] = await whileLocked(
      [a.id, b.id, c.id],
      [() => api(a).delete(`/users/${b.id}`)],
      1,
      (client) => client.query(`UPDATE users SET role = 'END_USER' WHERE id = $1`, [a.id]),
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('no longer') });
    expect(await activeAdmins()).toEqual([b.id, c.id].sort());
  });

  it('lets only one of two ADMINs deactivating each other at the same moment succeed', async () => {
    for (let round = 0; round < 3; round++) {
      const [a, b] = await onlyAdmins(2);
      const responses = await whileLocked(
        [a.id, b.id],
        [() => api(a).delete(`/users/${b.id}`), () => api(b).delete(`/users/${a.id}`)],
        2,
      );
      const statuses = responses.map((res) => res.status);
      expect([...statuses].sort()).toEqual([204, 409]);
      const refused = responses.find((res) => res.status === 409);
      expect(refused?.body.error).toMatchObject({ code: 'CONFLICT', message: LAST_ADMIN });
      const winner = statuses[0] === 204 ? a : b;
      expect(await activeAdmins()).toEqual([winner.id]);
    }
  });

  it('keeps exactly one active ADMIN when two act on each other concurrently, unsynchronised', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = await onlyAdmins(2);
      const responses = await Promise.all([
        api(a)
          .delete(`/users/${b.id}`)
          .then((res) => res),
        api(b)
          .patch(`/users/${a.id}`, { role: 'END_USER' })
          .then((res) => res),
      ]);
      const statuses = responses.map((res) => res.status);
      // the loser is refused under the lock (409); when the winner had committed before the loser's request was
      // admitted, the loser is no longer an ADMIN there (401 after a deactivation, which ends every session; 403
      // after a demotion)
      expect(statuses.filter((status) => status === 200 || status === 204)).toHaveLength(1);
      expect(statuses.filter((status) => [401, 403, 409].includes(status))).toHaveLength(1);
      expect(await activeAdmins()).toHaveLength(1);
    }
  });
});
