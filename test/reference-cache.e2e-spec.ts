import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { ProcessReferenceCache } from '../src/common/cache/process-reference-cache';
import { MetricsService } from '../src/infrastructure/metrics/metrics.service';
import { startTestApp } from './support/app';
import { testApi } from './support/api';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { eventually } from './support/webhook-receiver';

const MINUTE = 60_000;
const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '24:00']]]),
);
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

type Created = {
  id: string;
  createdAt: string;
  assigneeId: string | null;
  sla: { firstResponse: { dueAt: string | null } } | null;
};

/**
 * SLA policies, business calendars and departments' auto-assign flags are kept in each process for ticket creation:
 * a change through the API is seen by the next creation on the instance that made it, and by other instances once
 * the word reaches them; the time-to-live is long here, so nothing below passes by expiry.
 */
describe('reference data kept in each process (e2e)', () => {
  const env = { REFERENCE_CACHE_TTL_MS: '600000' };
  let a: NestFastifyApplication;
  let b: NestFastifyApplication;
  let admin: TestUser;
  let requester: TestUser;
  const api = testApi(() => a);
  const { patch, post } = api;

  /** a ticket created by the requester on `on` */
  const create = async (
    on: NestFastifyApplication,
    departmentId: string,
    priority = 'HIGH',
  ): Promise<Created> => {
    const res = await api
      .http(on)
      .post('/api/v1/tickets')
      .set(...(await api.as(requester, on)))
      .send({ title: unique('Ref'), description: 'd', departmentId, priority });
    expect(res.status).toBe(201);
    return res.body.data as Created;
  };
  /** the first response due time a ticket created now on `on` gets, as minutes after its creation (null: none) */
  const firstResponseMinutes = async (on: NestFastifyApplication, departmentId: string) => {
    const t = await create(on, departmentId);
    const due = t.sla?.firstResponse.dueAt;
    return due ? (new Date(due).getTime() - new Date(t.createdAt).getTime()) / MINUTE : null;
  };

  /** the value of an unlabelled metric of `on`, as its /metrics would show it */
  const metric = async (on: NestFastifyApplication, name: string): Promise<number | undefined> => {
    const line = (await on.get(MetricsService).render()).split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.slice(name.length + 1));
  };

  beforeAll(async () => {
    a = await startTestApp({ env });
    b = await startTestApp({ env });
    // values are kept (and the checks of what is kept below hold) once each hears of changes
    await Promise.all([a, b].map((app) => app.get(ProcessReferenceCache).whenListening()));
    admin = await makeUser({ role: 'ADMIN' });
    requester = await makeUser();
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  /** a HIGH policy of 30 minutes to first response for the department, made through the API */
  const highPolicy = (departmentId: string) =>
    post(admin, '/sla-policies', {
      priority: 'HIGH',
      departmentId,
      firstResponseMinutes: 30,
      resolutionMinutes: 240,
    });

  it('gives the next creation a new or changed SLA policy, on this instance at once and on the other soon', async () => {
    const dept = await makeDepartment();
    expect(await firstResponseMinutes(a, dept.id)).toBeNull();
    expect(await firstResponseMinutes(b, dept.id)).toBeNull();

    const policy = await highPolicy(dept.id);
    expect(policy.status).toBe(201);
    expect(await firstResponseMinutes(a, dept.id)).toBe(30);
    await eventually(async () => (await firstResponseMinutes(b, dept.id)) === 30, 5_000, 'b sees the policy');

    const changed = await patch(admin, `/sla-policies/${policy.body.data.id}`, { firstResponseMinutes: 45 });
    expect(changed.status).toBe(200);
    expect(await firstResponseMinutes(a, dept.id)).toBe(45);
    await eventually(async () => (await firstResponseMinutes(b, dept.id)) === 45, 5_000, 'b sees the change');
  });

  it('announces a change again when its first announcement failed, long before the time to live', async () => {
    const dept = await makeDepartment();
    const policy = await highPolicy(dept.id);
    expect(policy.status).toBe(201);
    await eventually(async () => (await firstResponseMinutes(b, dept.id)) === 30, 5_000, 'b sees the policy');

    // a's PUBLISH fails once (a connection reset mid-command); Redis itself stays up, so b keeps listening
    const redisA = a.get(Redis);
    const publish = jest.spyOn(redisA, 'publish');
    publish.mockImplementationOnce(() => Promise.reject(new Error('Connection is closed.')));
    try {
      const changed = await patch(admin, `/sla-policies/${policy.body.data.id}`, {
        firstResponseMinutes: 45,
      });
      expect(changed.status).toBe(200);
      expect(await firstResponseMinutes(a, dept.id)).toBe(45);
      // the time to live is 10 minutes here: only the announcement sent again tells b
      await eventually(
        async () => (await firstResponseMinutes(b, dept.id)) === 45,
        5_000,
        'b sees the change',
      );
      expect(publish.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(await metric(a, 'reference_change_announcements_failed_total')).toBeGreaterThanOrEqual(1);
    } finally {
      publish.mockRestore();
    }
  });

  it("gives the next creation a department's new calendar and the calendar's new holidays", async () => {
    const dept = await makeDepartment();
    await post(admin, '/sla-policies', {
      priority: 'HIGH',
      departmentId: dept.id,
      firstResponseMinutes: 90,
      resolutionMinutes: 600,
    });
    const cal = await post(admin, '/business-calendars', {
      name: unique('Cal'),
      timezone: 'UTC',
      hours: ALL_DAY,
    });
    expect(cal.status).toBe(201);
    expect(await firstResponseMinutes(a, dept.id)).toBe(90);
    expect(await firstResponseMinutes(b, dept.id)).toBe(90);

    // a department with its calendar: all day, every day, so still 90 minutes
    expect((await patch(admin, `/departments/${dept.id}`, { calendarId: cal.body.data.id })).status).toBe(
      200,
    );
    // today and tomorrow (UTC) become holidays: nothing counts until the day after
    const edited = await patch(admin, `/business-calendars/${cal.body.data.id}`, {
      holidays: [day(0), day(1)],
    });
    expect(edited.status).toBe(200);
    const afterHolidays = new Date(`${day(2)}T01:30:00Z`).toISOString();
    expect((await create(a, dept.id)).sla!.firstResponse.dueAt).toBe(afterHolidays);
    await eventually(
      async () => (await create(b, dept.id)).sla!.firstResponse.dueAt === afterHolidays,
      5_000,
      'b sees the holidays',
    );

    // without its calendar the department counts 24×7 again
    expect((await patch(admin, `/departments/${dept.id}`, { calendarId: null })).status).toBe(200);
    expect(await firstResponseMinutes(a, dept.id)).toBe(90);
    await eventually(async () => (await firstResponseMinutes(b, dept.id)) === 90, 5_000, 'b sees the 24×7');
  });

  it("follows a department's auto-assign flag, and keeps it between changes made through the API", async () => {
    const dept = await makeDepartment({ autoAssign: false });
    const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
    expect((await create(a, dept.id)).assigneeId).toBeNull();
    expect((await create(b, dept.id)).assigneeId).toBeNull();

    // kept: a change behind the API's back is not seen by either instance
    await sql('UPDATE departments SET auto_assign = true WHERE id = $1', [dept.id]);
    expect((await create(a, dept.id)).assigneeId).toBeNull();
    expect((await create(b, dept.id)).assigneeId).toBeNull();

    // a change through the API is
    expect((await patch(admin, `/departments/${dept.id}`, { autoAssign: true })).status).toBe(200);
    expect((await create(a, dept.id)).assigneeId).toBe(agent.id);
    await eventually(async () => (await create(b, dept.id)).assigneeId === agent.id, 5_000, 'b assigns');

    expect((await patch(admin, `/departments/${dept.id}`, { autoAssign: false })).status).toBe(200);
    expect((await create(a, dept.id)).assigneeId).toBeNull();
    await eventually(async () => (await create(b, dept.id)).assigneeId === null, 5_000, 'b stops assigning');
  });

  it('keeps nothing while an instance does not hear of changes, and starts afresh when it hears again', async () => {
    const dept = await makeDepartment({ autoAssign: false });
    const agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
    expect((await create(b, dept.id)).assigneeId).toBeNull();
    const cache: unknown = b.get(ProcessReferenceCache);
    const { subscriber } = cache as { subscriber: Redis };
    subscriber.disconnect(false);
    await eventually(() => subscriber.status === 'end', 5_000, 'the subscriber is gone');
    expect(await metric(b, 'reference_cache_listening')).toBe(0);

    // the word of this change never reaches b, which reads afresh meanwhile
    expect((await patch(admin, `/departments/${dept.id}`, { autoAssign: true })).status).toBe(200);
    expect((await create(b, dept.id)).assigneeId).toBe(agent.id);
    await sql('UPDATE departments SET auto_assign = false WHERE id = $1', [dept.id]);
    expect((await create(b, dept.id)).assigneeId).toBeNull();

    // listening again: b keeps values again (a change behind the API's back is not seen)
    await subscriber.connect();
    await b.get(ProcessReferenceCache).whenListening();
    await eventually(
      async () => {
        const first = await create(b, dept.id);
        await sql('UPDATE departments SET auto_assign = NOT auto_assign WHERE id = $1', [dept.id]);
        const second = await create(b, dept.id);
        return first.assigneeId === second.assigneeId;
      },
      5_000,
      'b keeps values again',
    );
    expect(await metric(b, 'reference_cache_listening')).toBe(1);
  });
});
