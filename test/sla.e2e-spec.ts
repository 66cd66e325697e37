import { SYSTEM_ACCESS } from '../src/common/auth/scope-policy';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UnitOfWork } from '../src/common/unit-of-work';
import { TicketStatus } from '../src/modules/tickets/domain/ticket-enums';
import { TicketRepository } from '../src/modules/tickets/ticket-repository.port';
import { TicketJournal } from '../src/modules/tickets/ticket-journal.port';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { testApi } from './support/api';

const MINUTE = 60_000;
const ALL_DAY = {
  mon: [['00:00', '24:00']],
  tue: [['00:00', '24:00']],
  wed: [['00:00', '24:00']],
  thu: [['00:00', '24:00']],
  fri: [['00:00', '24:00']],
  sat: [['00:00', '24:00']],
  sun: [['00:00', '24:00']],
};

type Sla = {
  firstResponse: { dueAt: string | null; breachedAt: string | null; met: boolean | null };
  resolution: { dueAt: string | null; breachedAt: string | null; met: boolean | null };
  paused: boolean;
};
type TicketBody = { id: string; status: string; createdAt: string; dueAt: string | null; sla: Sla | null };

/** Policies, calendars, and the clock each ticket carries: due times, pauses, first response, filters. */
describe('SLA policies, calendars and ticket clocks (e2e)', () => {
  let app: NestFastifyApplication;
  let admin: TestUser;
  let requester: TestUser;
  let agent: TestUser;
  let lead: TestUser;
  let dept: { id: string };
  const { get, post, patch } = testApi(() => app);

  /** An SLA policy, created by the admin: minutes to first response and to resolution (global for no department). */
  const postPolicy = (priority: string, departmentId: string | null, first: number, resolution: number) =>
    post(admin, '/sla-policies', {
      priority,
      ...(departmentId === null ? {} : { departmentId }),
      firstResponseMinutes: first,
      resolutionMinutes: resolution,
    });

  const newTicket = async (
    body: Record<string, unknown> = {},
    departmentId = dept.id,
  ): Promise<TicketBody> => {
    const res = await post(requester, '/tickets', {
      title: `Printer ${unique()}`,
      description: 'jams',
      departmentId,
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body.data as TicketBody;
  };
  const ticket = async (id: string, who: TestUser = agent): Promise<TicketBody> => {
    const res = await get(who, `/tickets/${id}`);
    expect(res.status).toBe(200);
    return res.body.data as TicketBody;
  };
  const move = async (id: string, status: string, who: TestUser = agent) => {
    const res = await post(who, `/tickets/${id}/status`, { status });
    expect(res.status).toBe(200);
    return res.body.data as TicketBody;
  };
  const reply = async (id: string, who: TestUser, body: string, internal = false) => {
    const res = await post(who, `/tickets/${id}/messages`, { body, internal });
    expect(res.status).toBe(201);
  };
  const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
  /** the stored spans the clock stood still, summed */
  const pausedMs = async (id: string) =>
    Number(
      (
        await sql<{ ms: string }>(
          `SELECT coalesce(sum(extract(epoch FROM ended_at - started_at) * 1000), 0) AS ms
             FROM ticket_sla_pauses WHERE ticket_id = $1 AND ended_at IS NOT NULL`,
          [id],
        )
      )[0].ms,
    );
  /** While the clock stands, neither target has a due time. */
  const expectStopped = (t: TicketBody) =>
    expect(t.sla).toMatchObject({
      paused: true,
      firstResponse: { dueAt: null },
      resolution: { dueAt: null },
    });
  /** After a pause the clock runs again, each target (in minutes) pushed back by exactly the stored pause. */
  const expectResumed = async (
    now: TicketBody,
    created: TicketBody,
    firstResponseMinutes: number,
    resolutionMinutes: number,
  ) => {
    const pause = await pausedMs(created.id);
    expect(pause).toBeGreaterThan(0);
    expect(now.sla!.paused).toBe(false);
    expect(now.sla!.firstResponse.dueAt).toBe(plus(created.createdAt, firstResponseMinutes * MINUTE + pause));
    expect(now.dueAt).toBe(plus(created.createdAt, resolutionMinutes * MINUTE + pause));
  };

  beforeAll(async () => {
    app = await startTestApp();
    dept = await makeDepartment();
    admin = await makeUser({ role: 'ADMIN' });
    requester = await makeUser();
    agent = await makeUser({ role: 'AGENT', departmentId: dept.id });
    lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
    for (const [priority, fr, res] of [
      ['MEDIUM', 60, 480],
      ['HIGH', 30, 240],
    ] as const) {
      const created = await postPolicy(priority, dept.id, fr, res);
      expect(created.status).toBe(201);
    }
  });
  afterAll(async () => {
    // global policies would give every later suite's tickets a clock
    await sql(`DELETE FROM sla_policies WHERE department_id IS NULL`);
    await app?.close();
  });

  describe('policies', () => {
    it('lets admins create, read, list and change them; a department policy beats the global one', async () => {
      const global = await postPolicy('LOW', null, 600, 6000);
      expect(global.status).toBe(201);
      expect(global.body.data).toMatchObject({
        priority: 'LOW',
        departmentId: null,
        firstResponseMinutes: 600,
      });
      const own = await postPolicy('LOW', dept.id, 120, 1200);
      expect(own.status).toBe(201);
      const changed = await patch(admin, `/sla-policies/${own.body.data.id}`, { resolutionMinutes: 1440 });
      expect(changed.status).toBe(200);
      expect(changed.body.data.resolutionMinutes).toBe(1440);
      expect((await get(admin, `/sla-policies/${own.body.data.id}`)).body.data.resolutionMinutes).toBe(1440);
      const audit = await sql<{ action: string; actor_id: string }>(
        `SELECT action, actor_id FROM audit_log WHERE entity_type = 'sla_policy' AND entity_id = $1 ORDER BY at`,
        [own.body.data.id],
      );
      expect(audit).toEqual([
        { action: 'sla_policy.created', actor_id: admin.id },
        { action: 'sla_policy.updated', actor_id: admin.id },
      ]);
      const listed = await get(admin, `/sla-policies?departmentId=${dept.id}`);
      expect(listed.body.data.map((p: { priority: string }) => p.priority)).toEqual([
        'HIGH',
        'MEDIUM',
        'LOW',
      ]);

      const low = await newTicket({ priority: 'LOW' });
      expect(low.sla!.firstResponse.dueAt).toBe(plus(low.createdAt, 120 * MINUTE));
      expect(low.dueAt).toBe(plus(low.createdAt, 1440 * MINUTE));
      // another department falls back on the global policy
      const other = await makeDepartment();
      const elsewhere = await newTicket({ priority: 'LOW' }, other.id);
      expect(elsewhere.sla!.firstResponse.dueAt).toBe(plus(elsewhere.createdAt, 600 * MINUTE));
      // and without any policy there is no SLA block
      const none = await newTicket({ priority: 'URGENT' }, other.id);
      expect(none.sla).toBeNull();
      expect(none.dueAt).toBeNull();
    });

    it('refuses a second policy for the same priority and department with 409', async () => {
      const res = await postPolicy('HIGH', dept.id, 1, 2);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CONFLICT');
    });

    it.each([
      [{ priority: 'HIGH', firstResponseMinutes: -5, resolutionMinutes: 60 }, 'firstResponseMinutes'],
      [{ priority: 'HIGH', firstResponseMinutes: 5, resolutionMinutes: 0 }, 'resolutionMinutes'],
      [{ priority: 'SOON', firstResponseMinutes: 5, resolutionMinutes: 60 }, 'priority'],
      [
        {
          priority: 'LOW',
          firstResponseMinutes: 5,
          resolutionMinutes: 60,
          departmentId: '00000000-0000-4000-8000-000000000000',
        },
        'departmentId',
      ],
    ])('answers 400 VALIDATION_ERROR naming the field for %j', async (body, field) => {
      const res = await post(admin, '/sla-policies', body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('is for admins only', async () => {
      expect((await get(lead, '/sla-policies')).status).toBe(403);
      expect(
        (await post(agent, '/business-calendars', { name: 'x', timezone: 'UTC', hours: ALL_DAY })).status,
      ).toBe(403);
      expect((await get(admin, '/sla-policies/not-a-uuid')).status).toBe(404);
    });
  });

  describe('business calendars', () => {
    it.each([
      [{ timezone: 'Mars/Olympus_Mons', hours: ALL_DAY }, 'timezone'],
      [
        {
          timezone: 'UTC',
          hours: {
            mon: [
              ['09:00', '12:00'],
              ['11:00', '13:00'],
            ],
          },
        },
        'hours.mon[1]',
      ],
      [{ timezone: 'UTC', hours: { tue: [['17:00', '09:00']] } }, 'hours.tue[0]'],
      [{ timezone: 'UTC', hours: { mon: [['09:00', '17:00']] }, holidays: ['2026-13-01'] }, 'holidays[0]'],
      // no such day, and a year PostgreSQL has not (it answered without naming the field)
      [{ timezone: 'UTC', hours: { mon: [['09:00', '17:00']] }, holidays: ['2024-02-30'] }, 'holidays[0]'],
      [
        { timezone: 'UTC', hours: { mon: [['09:00', '17:00']] }, holidays: ['2026-12-25', '0000-01-01'] },
        'holidays[1]',
      ],
      [
        { timezone: 'UTC', hours: { mon: [['09:00', '17:00']] }, holidays: ['2026-12-25T00:00:00Z'] },
        'holidays[0]',
      ],
      [{ timezone: 'UTC', hours: 'always' }, 'hours'],
    ])('answers 400 VALIDATION_ERROR naming the field for %j', async (body, field) => {
      const res = await post(admin, '/business-calendars', { name: unique('Cal'), ...body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('stores several intervals a day and holidays; a department names one with calendarId', async () => {
      const res = await post(admin, '/business-calendars', {
        name: unique('Office'),
        timezone: 'Europe/Berlin',
        hours: {
          mon: [
            ['13:00', '17:00'],
            ['09:00', '12:00'],
          ],
          fri: [['09:00', '15:00']],
        },
        holidays: ['2026-12-25', '2026-12-24'],
      });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        timezone: 'Europe/Berlin',
        hours: {
          mon: [
            ['09:00', '12:00'],
            ['13:00', '17:00'],
          ],
          tue: [],
          fri: [['09:00', '15:00']],
        },
        holidays: ['2026-12-24', '2026-12-25'],
      });
      const id = res.body.data.id as string;
      expect((await get(admin, `/business-calendars/${id}`)).body.data.name).toBe(res.body.data.name);
      expect(
        await sql(`SELECT action FROM audit_log WHERE entity_type = 'business_calendar' AND entity_id = $1`, [
          id,
        ]),
      ).toEqual([{ action: 'business_calendar.created' }]);
      const named = await patch(admin, `/departments/${dept.id}`, { calendarId: id });
      expect(named.status).toBe(200);
      expect(named.body.data.calendarId).toBe(id);
      const unknown = await patch(admin, `/departments/${dept.id}`, {
        calendarId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.details[0].field).toBe('calendarId');
      await patch(admin, `/departments/${dept.id}`, { calendarId: null });
    });

    it('recomputes open tickets when their calendar changes, as a fresh computation would', async () => {
      const cal = await post(admin, '/business-calendars', {
        name: unique('Round'),
        timezone: 'UTC',
        hours: ALL_DAY,
      });
      const roundTheClock = await makeDepartment();
      await patch(admin, `/departments/${roundTheClock.id}`, { calendarId: cal.body.data.id });
      await postPolicy('MEDIUM', roundTheClock.id, 90, 600);
      const t = await newTicket({}, roundTheClock.id);
      expect(t.sla!.firstResponse.dueAt).toBe(plus(t.createdAt, 90 * MINUTE));

      // today and tomorrow (UTC) become holidays: nothing counts until the day after
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      const edited = await patch(admin, `/business-calendars/${cal.body.data.id}`, {
        holidays: [day(0), day(1)],
      });
      expect(edited.status).toBe(200);
      const after = await ticket(t.id, admin);
      expect(after.sla!.firstResponse.dueAt).toBe(new Date(`${day(2)}T01:30:00Z`).toISOString());
      expect(after.dueAt).toBe(new Date(`${day(2)}T10:00:00Z`).toISOString());
    });

    it("recomputes a department's open tickets when it switches calendars, and again when it drops its own", async () => {
      const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
      // today and tomorrow (UTC) are holidays: nothing counts until the day after
      const cal = await post(admin, '/business-calendars', {
        name: unique('Holidays'),
        timezone: 'UTC',
        hours: ALL_DAY,
        holidays: [day(0), day(1)],
      });
      expect(cal.status).toBe(201);
      const switching = await makeDepartment();
      const other = await makeDepartment();
      for (const departmentId of [switching.id, other.id]) await postPolicy('MEDIUM', departmentId, 90, 600);
      // 24×7 while the department has no calendar
      const open = await newTicket({}, switching.id);
      // paused for a moment and running again: the stored pause counts in every recomputation
      const resumed = await newTicket({}, switching.id);
      await move(resumed.id, TicketStatus.PENDING_USER, admin);
      await move(resumed.id, TicketStatus.IN_PROGRESS, admin);
      const resolved = await newTicket({}, switching.id);
      await move(resolved.id, TicketStatus.RESOLVED, admin);
      const elsewhere = await newTicket({}, other.id);
      expect(open.sla!.firstResponse.dueAt).toBe(plus(open.createdAt, 90 * MINUTE));
      const resolvedBefore = (await ticket(resolved.id, admin)).sla;

      const named = await patch(admin, `/departments/${switching.id}`, { calendarId: cal.body.data.id });
      expect(named.status).toBe(200);
      // open tickets now count from the day after the holidays
      const switched = await ticket(open.id, admin);
      expect(switched.sla!.firstResponse.dueAt).toBe(new Date(`${day(2)}T01:30:00Z`).toISOString());
      expect(switched.dueAt).toBe(new Date(`${day(2)}T10:00:00Z`).toISOString());
      expect((await ticket(resumed.id, admin)).dueAt).toBe(new Date(`${day(2)}T10:00:00Z`).toISOString());
      // the same as a ticket created in the department now
      const fresh = await newTicket({}, switching.id);
      expect(fresh.sla!.firstResponse.dueAt).toBe(switched.sla!.firstResponse.dueAt);
      // a resolved ticket's clock is decided, and another department's tickets keep their 24×7 due times
      expect((await ticket(resolved.id, admin)).sla).toEqual(resolvedBefore);
      expect((await ticket(elsewhere.id, admin)).sla).toEqual(elsewhere.sla);

      // a change of name alone leaves due times as they are
      expect((await patch(admin, `/departments/${switching.id}`, { name: unique('Dept') })).status).toBe(200);
      expect((await ticket(open.id, admin)).sla).toEqual(switched.sla);

      // back to round the clock
      expect((await patch(admin, `/departments/${switching.id}`, { calendarId: null })).status).toBe(200);
      const back = await ticket(open.id, admin);
      expect(back.sla!.firstResponse.dueAt).toBe(plus(open.createdAt, 90 * MINUTE));
      expect(back.dueAt).toBe(plus(open.createdAt, 600 * MINUTE));
      const paused = await pausedMs(resumed.id);
      expect(paused).toBeGreaterThan(0);
      expect((await ticket(resumed.id, admin)).dueAt).toBe(plus(resumed.createdAt, 600 * MINUTE + paused));
    });
  });

  describe('ticket clocks', () => {
    it('carries the sla block on every ticket response, for the requester too', async () => {
      const t = await newTicket();
      expect(t.sla).toEqual({
        firstResponse: { dueAt: plus(t.createdAt, 60 * MINUTE), breachedAt: null, met: null },
        resolution: { dueAt: plus(t.createdAt, 480 * MINUTE), breachedAt: null, met: null },
        paused: false,
      });
      expect(t.dueAt).toBe(t.sla!.resolution.dueAt);
      const mine = await get(requester, `/tickets/${t.id}`);
      expect(mine.body.data.sla).toEqual(t.sla);
      const listed = await get(agent, `/tickets?departmentId=${dept.id}&limit=100`);
      expect(listed.body.data.find((x: TicketBody) => x.id === t.id).sla).toEqual(t.sla);
    });

    it('meets the first response with the first public staff reply, not with a note or the requester', async () => {
      const t = await newTicket();
      await reply(t.id, agent, 'internal musing', true);
      await reply(t.id, requester, 'any news?');
      expect((await ticket(t.id)).sla!.firstResponse.met).toBeNull();
      await reply(t.id, agent, 'Looking into it');
      const after = await ticket(t.id);
      expect(after.sla!.firstResponse).toEqual({
        dueAt: t.sla!.firstResponse.dueAt,
        breachedAt: null,
        met: true,
      });
      expect(after.sla!.resolution.met).toBeNull();
    });

    it('marks a late first response as breached, once, with its history row and event', async () => {
      const t = await newTicket();
      await sql(`UPDATE tickets SET first_response_due_at = now() - interval '5 minutes' WHERE id = $1`, [
        t.id,
      ]);
      await reply(t.id, agent, 'Sorry for the wait');
      await reply(t.id, agent, 'And another thing');
      const after = await ticket(t.id);
      expect(after.sla!.firstResponse.met).toBe(false);
      expect(after.sla!.firstResponse.breachedAt).not.toBeNull();
      const history = (await get(agent, `/tickets/${t.id}/history?limit=100`)).body.data as Array<{
        type: string;
        details: Record<string, unknown>;
      }>;
      expect(history.filter((h) => h.type === 'SLA_BREACHED')).toEqual([
        expect.objectContaining({ details: expect.objectContaining({ target: 'FIRST_RESPONSE' }) }),
      ]);
      const events = await sql(
        `SELECT payload FROM outbox_events WHERE type = 'sla.breached' AND aggregate_id = $1`,
        [t.id],
      );
      expect(events).toHaveLength(1);
      expect(
        (await get(agent, `/tickets?breached=true&departmentId=${dept.id}&limit=100`)).body.data.map(
          (x: TicketBody) => x.id,
        ),
      ).toContain(t.id);
    });

    it('pauses in PENDING_USER, keeps the paused time, and resumes when the requester answers', async () => {
      const t = await newTicket();
      const paused = await move(t.id, 'PENDING_USER');
      expectStopped(paused);
      expect(paused.dueAt).toBeNull();
      await new Promise((r) => setTimeout(r, 50)); // a pause as long as it really is
      await reply(t.id, requester, 'Here is the log you asked for'); // moves it back to IN_PROGRESS
      const resumed = await ticket(t.id);
      expect(resumed.status).toBe('IN_PROGRESS');
      await expectResumed(resumed, t, 60, 480);
    });

    it('marks a target already overdue when the clock stops, since the sweep only looks at running clocks', async () => {
      const t = await newTicket();
      await sql(`UPDATE tickets SET due_at = now() - interval '1 minute' WHERE id = $1`, [t.id]);
      const paused = await move(t.id, 'PENDING_USER');
      expect(paused.sla!.resolution).toMatchObject({ met: false, breachedAt: expect.any(String) });
      // the breach keeps its due time while paused; the first response, not yet due, has none
      expect(paused.dueAt).not.toBeNull();
      expect(paused.sla!.firstResponse).toEqual({ dueAt: null, breachedAt: null, met: null });
      const breaches = await sql(`SELECT target FROM sla_breaches WHERE ticket_id = $1`, [t.id]);
      expect(breaches).toEqual([{ target: 'RESOLUTION' }]);
    });

    it('recomputes targets on a priority change, counting the stored pauses', async () => {
      const t = await newTicket();
      await move(t.id, 'PENDING_USER');
      await move(t.id, 'IN_PROGRESS');
      const pause = await pausedMs(t.id);
      const res = await patch(agent, `/tickets/${t.id}`, { priority: 'HIGH' });
      expect(res.status).toBe(200);
      expect(res.body.data.sla.firstResponse.dueAt).toBe(plus(t.createdAt, 30 * MINUTE + pause));
      expect(res.body.data.dueAt).toBe(plus(t.createdAt, 240 * MINUTE + pause));
    });

    it('decides the resolution on RESOLVED and runs it again on a reopen', async () => {
      const t = await newTicket();
      const resolved = await move(t.id, 'RESOLVED');
      expect(resolved.sla!.resolution).toEqual({ dueAt: t.dueAt, breachedAt: null, met: true });
      const reopened = await move(t.id, 'IN_PROGRESS', requester);
      expect(reopened.sla!.resolution.met).toBeNull();
      expect(new Date(reopened.dueAt!).getTime()).toBeGreaterThan(new Date(t.dueAt!).getTime());
    });

    it('resolves a ticket closed straight from PENDING_USER when it is closed, in the ticket and the reports; a merged duplicate is neither resolved nor met', async () => {
      const closeDept = await makeDepartment();
      const closer = await makeUser({ role: 'AGENT', departmentId: closeDept.id, fullName: 'Cleo Closer' });
      const closeLead = await makeUser({ role: 'TEAM_LEAD', departmentId: closeDept.id });
      expect((await postPolicy('MEDIUM', closeDept.id, 60, 480)).status).toBe(201);
      const worked = async () => {
        const t = await newTicket({}, closeDept.id);
        const assigned = await post(closeLead, `/tickets/${t.id}/assign`, { assigneeId: closer.id });
        expect(assigned.status).toBe(200);
        return t;
      };

      const waiting = await worked();
      await move(waiting.id, 'PENDING_USER', closer);
      const closed = await move(waiting.id, 'CLOSED', closer);
      expect(closed.sla!.resolution).toMatchObject({ breachedAt: null, met: true });
      const closedRow = (await get(closer, `/tickets/${waiting.id}`)).body.data;
      expect(closedRow.closedAt).toEqual(expect.any(String));
      expect(closedRow.resolvedAt).toBe(closedRow.closedAt);

      const duplicate = await worked();
      const target = await worked();
      const merged = await post(closer, `/tickets/${duplicate.id}/merge`, { targetId: target.id });
      expect(merged.status).toBe(200);
      const dup = (await get(closer, `/tickets/${duplicate.id}`)).body.data;
      expect(dup).toMatchObject({ status: 'CLOSED', resolvedAt: null, closedAt: expect.any(String) });
      expect(dup.sla.resolution.met).toBeNull();

      // the reports count the closed ticket as resolved, and the compliance over the same one ticket
      const summary = await get(closeLead, `/reports/summary?departmentId=${closeDept.id}`);
      expect(summary.status).toBe(200);
      const perDay = summary.body.data.resolvedPerDay as Array<{ count: number }>;
      expect(perDay.reduce((n, d) => n + d.count, 0)).toBe(1);
      expect(summary.body.data.resolutionMinutes.median).toEqual(expect.any(Number));
      expect(summary.body.data.slaCompliance.resolution).toBe(100);
      const agents = await get(closeLead, `/reports/agents?departmentId=${closeDept.id}`);
      expect(agents.status).toBe(200);
      expect(agents.body.data.agents).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ agentId: closer.id, resolved: 1, openAssigned: 1 }),
        ]),
      );
    });

    it('pauses while PENDING_APPROVAL and starts when the approval chain opens the ticket', async () => {
      const category = await post(admin, '/service-categories', { name: unique('Cat') });
      const item = await post(admin, '/service-items', {
        categoryId: category.body.data.id,
        name: unique('Laptop'),
        description: 'A new laptop',
        departmentId: dept.id,
        slaResolutionHours: 2,
        approval: { steps: [{ mode: 'ANY', approvers: [{ role: 'TEAM_LEAD', scope: 'ITEM_DEPARTMENT' }] }] },
      });
      expect(item.status).toBe(201);
      const res = await post(requester, '/tickets', {
        title: 'Need a laptop',
        description: 'please',
        serviceItemId: item.body.data.id,
      });
      const t = res.body.data as TicketBody;
      expect(t.status).toBe('PENDING_APPROVAL');
      expectStopped(t);

      await new Promise((r) => setTimeout(r, 50));
      // what an approval chain does when its last step passes: the system moves the ticket on
      const tickets = app.get(TicketJournal);
      const rows = app.get(TicketRepository);
      await app.get(UnitOfWork).run(async () => {
        const locked = (await rows.lockVisible(SYSTEM_ACCESS, t.id))!;
        await tickets.move(locked, TicketStatus.OPEN, ['SYSTEM'], null, 'approved');
      });
      const open = await ticket(t.id);
      // the item's slaResolutionHours overrides the policy's 480 minutes
      await expectResumed(open, t, 60, 120);
    });

    it('sorts by dueAt and filters by dueBefore and breached', async () => {
      const sortDept = await makeDepartment();
      const sortAgent = await makeUser({ role: 'AGENT', departmentId: sortDept.id });
      await postPolicy('MEDIUM', sortDept.id, 60, 600);
      await postPolicy('URGENT', sortDept.id, 10, 60);
      const medium = await newTicket({}, sortDept.id);
      const urgent = await newTicket({ priority: 'URGENT' }, sortDept.id);
      const late = await newTicket({}, sortDept.id);
      await sql(`UPDATE tickets SET due_at = now() - interval '1 hour' WHERE id = $1`, [late.id]);
      await postPolicy('LOW', sortDept.id, 10, 60);
      const list = async (q: string) =>
        ((await get(sortAgent, `/tickets?${q}`)).body.data as TicketBody[]).map((x) => x.id);
      expect(await list('sort=dueAt')).toEqual([late.id, urgent.id, medium.id]);
      expect(
        await list(
          `dueBefore=${encodeURIComponent(plus(new Date().toISOString(), 120 * MINUTE))}&sort=dueAt`,
        ),
      ).toEqual([late.id, urgent.id]);
      expect(await list('breached=true')).toEqual([]);
      await sql(`UPDATE tickets SET resolution_breached_at = now() WHERE id = $1`, [late.id]);
      expect(await list('breached=true')).toEqual([late.id]);
      expect((await list('breached=false&sort=dueAt')).sort()).toEqual([urgent.id, medium.id].sort());
      const bad = await get(sortAgent, '/tickets?dueBefore=tomorrow');
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('dueBefore');
      // saved views keep the new filters too
      const view = await post(sortAgent, '/views', { name: unique('Late'), filters: { breached: 'true' } });
      expect(view.status).toBe(201);
      expect(
        ((await get(sortAgent, `/tickets?view=${view.body.data.id}`)).body.data as TicketBody[]).map(
          (x) => x.id,
        ),
      ).toEqual([late.id]);
    });
  });
});
