import { SYSTEM_ACCESS } from '../src/common/auth/scope-policy';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { Actor } from '../src/common/auth/actor';
import { Role } from '../src/common/auth/role';
import { UnitOfWork } from '../src/common/unit-of-work';
import { AssignmentService } from '../src/modules/assignment/assignment.service';
import { TicketStatus } from '../src/modules/tickets/domain/ticket-enums';
import { TicketRepository } from '../src/modules/tickets/ticket-repository.port';
import { TicketJournal } from '../src/modules/tickets/ticket-journal.port';
import { appWithoutRedis, startTestApp, suiteApp } from './support/app';
import {
  makeDepartment,
  makeDepartments,
  makeTeam,
  makeUser,
  sql,
  TestUser,
  unique,
} from './support/factories';
import { suiteWorld } from './support/world';
import { testApi } from './support/api';

type Json = Record<string, any>;

const NOWHERE = '00000000-0000-4000-8000-000000000000';

describe('assignment (e2e)', () => {
  let app: NestFastifyApplication;
  const { http, as } = testApi(() => app);

  let requester: TestUser;
  let admin: TestUser;

  const createTicket = async (departmentId: string, body: Json = {}): Promise<Json> => {
    const res = await http()
      .post('/api/v1/tickets')
      .set(...(await as(requester)))
      .send({ title: `Broken ${unique()}`, description: 'Please help', departmentId, ...body });
    expect(res.status).toBe(201);
    return res.body.data as Json;
  };

  /** A ticket straight in the database (fast, any status and assignee). */
  const insertTicket = async (
    departmentId: string,
    over: { assigneeId?: string; status?: string; teamId?: string } = {},
  ): Promise<string> => {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO tickets (pid, title, description, status, requester_id, department_id, team_id, assignee_id)
       VALUES ($1, 'Seeded ticket', 'seeded', $2, $3, $4, $5, $6) RETURNING id`,
      [
        unique('TKT-T').slice(0, 20),
        over.status ?? 'OPEN',
        requester.id,
        departmentId,
        over.teamId ?? null,
        over.assigneeId ?? null,
      ],
    );
    return row.id;
  };

  const assign = async (
    who: TestUser,
    ticketId: string,
    body: unknown,
    target: NestFastifyApplication = app,
  ): Promise<request.Response> =>
    http(target)
      .post(`/api/v1/tickets/${ticketId}/assign`)
      .set(...(await as(who)))
      .send(body as object);

  const historyOf = (ticketId: string) =>
    sql<{ type: string; actor_id: string | null; details: Json }>(
      'SELECT type, actor_id, details FROM ticket_history WHERE ticket_id = $1 ORDER BY created_at, id',
      [ticketId],
    );

  const ticketRow = async (ticketId: string) =>
    (
      await sql<{ assignee_id: string | null; team_id: string | null; version: number }>(
        'SELECT assignee_id, team_id, version FROM tickets WHERE id = $1',
        [ticketId],
      )
    )[0];

  const setStaff = (userId: string, changes: { available?: boolean; active?: boolean }) =>
    Promise.all([
      changes.available === undefined
        ? null
        : sql('UPDATE staff_profiles SET available = $2 WHERE user_id = $1', [userId, changes.available]),
      changes.active === undefined
        ? null
        : sql('UPDATE users SET is_active = $2 WHERE id = $1', [userId, changes.active]),
    ]);

  /** `n` agents of a department (or team), in id order, the order round robin walks them in. */
  const makeAgents = async (n: number, departmentId: string, teamId?: string): Promise<TestUser[]> => {
    const agents: TestUser[] = [];
    for (let i = 0; i < n; i++) agents.push(await makeUser({ role: 'AGENT', departmentId, teamId }));
    return agents.sort((a, b) => (a.id < b.id ? -1 : 1));
  };

  beforeAll(async () => {
    app = await startTestApp();
    requester = await makeUser();
    admin = await makeUser({ role: 'ADMIN' });
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('manual assignment and permissions', () => {
    const w = suiteWorld(async () => {
      const [dept, otherDept] = await makeDepartments(2);
      const teamX = await makeTeam(dept.id);
      const teamY = await makeTeam(dept.id);
      const agentX1 = await makeUser({ role: 'AGENT', departmentId: dept.id, teamId: teamX.id });
      const agentX2 = await makeUser({ role: 'AGENT', departmentId: dept.id, teamId: teamX.id });
      const agentY = await makeUser({ role: 'AGENT', departmentId: dept.id, teamId: teamY.id });
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
      const agentOther = await makeUser({ role: 'AGENT', departmentId: otherDept.id });
      const leadOther = await makeUser({ role: 'TEAM_LEAD', departmentId: otherDept.id });
      return { dept, otherDept, teamX, teamY, agentX1, agentX2, agentY, lead, agentOther, leadOther };
    });

    it('lets an agent self-assign with "me": ticket, version, history and event in one go', async () => {
      const t = await createTicket(w.dept.id);
      const res = await assign(w.agentX1, t.id, { assigneeId: 'me' });
      expect(res.status).toBe(200);
      expect(res.body.success).toBe(true);
      expect(res.body.data).toMatchObject({ id: t.id, pid: t.pid, assigneeId: w.agentX1.id, version: 2 });
      // same shape as GET /tickets/:id
      const got = await http()
        .get(`/api/v1/tickets/${t.id}`)
        .set(...(await as(w.agentX1)))
        .expect(200);
      expect(res.body.data).toEqual(got.body.data);

      const history = await historyOf(t.id);
      expect(history.map((h) => h.type)).toEqual(['CREATED', 'ASSIGNED']);
      expect(history[1]).toMatchObject({
        actor_id: w.agentX1.id,
        details: { previousAssigneeId: null, assigneeId: w.agentX1.id, strategy: 'SELF' },
      });
      const events = await sql<{ payload: Json }>(
        `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'ticket.assigned'`,
        [t.id],
      );
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({
        actorId: w.agentX1.id,
        data: {
          previousAssigneeId: null,
          assigneeId: w.agentX1.id,
          strategy: 'SELF',
          ticket: { id: t.id, pid: t.pid, assigneeId: w.agentX1.id, departmentId: w.dept.id },
        },
      });
    });

    it('reads "me" in any case, as the ticket list’s assigneeId filter does', async () => {
      const t = await createTicket(w.dept.id);
      const res = await assign(w.agentX1, t.id, { assigneeId: 'Me' });
      expect(res.status).toBe(200);
      expect(res.body.data.assigneeId).toBe(w.agentX1.id);
    });

    it('treats assigning the same person again as a no-op (200, no history, no version bump)', async () => {
      const id = await insertTicket(w.dept.id);
      expect((await assign(w.agentX1, id, { assigneeId: w.agentX1.id })).status).toBe(200);
      const again = await assign(w.agentX1, id, { assigneeId: w.agentX1.id.toUpperCase() });
      expect(again.status).toBe(200);
      expect(again.body.data).toMatchObject({ assigneeId: w.agentX1.id, version: 2 });
      expect((await historyOf(id)).map((h) => h.type)).toEqual(['ASSIGNED']);
      const [{ n }] = await sql<{ n: string }>(
        `SELECT count(*) AS n FROM outbox_events WHERE aggregate_id = $1 AND type = 'ticket.assigned'`,
        [id],
      );
      expect(Number(n)).toBe(1);
    });

    it('lets an agent assign a teammate, but not a colleague of another team (403)', async () => {
      const id = await insertTicket(w.dept.id);
      const ok = await assign(w.agentX1, id, { assigneeId: w.agentX2.id });
      expect(ok.status).toBe(200);
      expect(ok.body.data.assigneeId).toBe(w.agentX2.id);
      expect((await historyOf(id))[0].details).toMatchObject({
        assigneeId: w.agentX2.id,
        strategy: 'MANUAL',
      });

      const refused = await assign(w.agentX1, id, { assigneeId: w.agentY.id });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('FORBIDDEN');
      expect(refused.body.error.message).toMatch(/own team/);
      expect((await ticketRow(id)).assignee_id).toBe(w.agentX2.id);
    });

    it('lets a team lead assign anyone active in the department, recording the previous assignee', async () => {
      const id = await insertTicket(w.dept.id, { assigneeId: w.agentX1.id });
      const res = await assign(w.lead, id, { assigneeId: w.agentY.id });
      expect(res.status).toBe(200);
      expect(res.body.data.assigneeId).toBe(w.agentY.id);
      const res2 = await assign(w.lead, id, { assigneeId: 'me' });
      expect(res2.body.data).toMatchObject({ assigneeId: w.lead.id, version: 3 });
      const history = await historyOf(id);
      expect(history.map((h) => [h.type, h.details.previousAssigneeId, h.details.assigneeId])).toEqual([
        ['ASSIGNED', w.agentX1.id, w.agentY.id],
        ['ASSIGNED', w.agentY.id, w.lead.id],
      ]);
    });

    it('assigns an unavailable agent by hand (availability is for round robin only)', async () => {
      const resting = await makeUser({ role: 'AGENT', departmentId: w.dept.id });
      await setStaff(resting.id, { available: false });
      const id = await insertTicket(w.dept.id);
      const res = await assign(w.lead, id, { assigneeId: resting.id });
      expect(res.status).toBe(200);
      expect(res.body.data.assigneeId).toBe(resting.id);
    });

    it('refuses an assignee of another department with 409 and the reason, whoever asks', async () => {
      const id = await insertTicket(w.dept.id);
      for (const who of [w.lead, admin]) {
        const res = await assign(who, id, { assigneeId: w.agentOther.id });
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('CONFLICT');
        expect(res.body.error.message).toMatch(/another department/);
      }
      expect(await historyOf(id)).toEqual([]);
    });

    it('refuses assignees who are not active staff, saying why (409)', async () => {
      const gone = await makeUser({ role: 'AGENT', departmentId: w.dept.id });
      await setStaff(gone.id, { active: false });
      const id = await insertTicket(w.dept.id);
      const cases: Array<[string, RegExp]> = [
        [gone.id, /deactivated/],
        [requester.id, /END_USER/],
        [admin.id, /ADMIN/],
        [NOWHERE, /does not exist/],
      ];
      for (const [assigneeId, reason] of cases) {
        const res = await assign(w.lead, id, { assigneeId });
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(reason);
      }
      // an admin self-assigning is refused the same way: admins do not hold tickets
      expect((await assign(admin, id, { assigneeId: 'me' })).status).toBe(409);
    });

    it('lets an admin assign anyone eligible', async () => {
      const id = await insertTicket(w.dept.id);
      const res = await assign(admin, id, { assigneeId: w.agentY.id });
      expect(res.status).toBe(200);
      expect((await historyOf(id))[0]).toMatchObject({ actor_id: admin.id, type: 'ASSIGNED' });
    });

    it('refuses end users with 403, even on their own ticket', async () => {
      const t = await createTicket(w.dept.id);
      const res = await assign(requester, t.id, { assigneeId: w.agentX1.id });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      expect((await ticketRow(t.id)).assignee_id).toBeNull();
    });

    it('answers 404 for a ticket outside the caller’s scope, a missing one and a malformed id', async () => {
      const id = await insertTicket(w.dept.id);
      for (const [who, ticketId] of [
        [w.agentOther, id],
        [w.leadOther, id],
        [w.lead, NOWHERE],
        [w.lead, 'not-a-uuid'],
      ] as Array<[TestUser, string]>) {
        const res = await assign(who, ticketId, { assigneeId: 'me' });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      expect((await ticketRow(id)).assignee_id).toBeNull();
    });

    it.each<[string, unknown]>([
      ['an empty body', {}],
      ['two choices at once', { assigneeId: 'me', strategy: 'ROUND_ROBIN' }],
      ['all three', { assigneeId: 'me', teamId: NOWHERE, strategy: 'ROUND_ROBIN' }],
      ['an assignee that is neither "me" nor a UUID', { assigneeId: 'bob' }],
      ['an unknown strategy', { strategy: 'RANDOM' }],
      ['a malformed team id', { teamId: 'team-1' }],
      ['a null assignee', { assigneeId: null }],
      ['an unknown property', { assigneeId: 'me', priority: 'HIGH' }],
      ['an array', [{ assigneeId: 'me' }]],
    ])('refuses %s with 400 VALIDATION_ERROR', async (_label, body) => {
      const id = await insertTicket(w.dept.id);
      const res = await assign(w.lead, id, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.length).toBeGreaterThan(0);
      expect((await ticketRow(id)).version).toBe(1);
    });

    it('refuses to assign CLOSED and CANCELLED tickets (409)', async () => {
      for (const status of ['CLOSED', 'CANCELLED']) {
        const id = await insertTicket(w.dept.id, { status });
        const res = await assign(w.lead, id, { assigneeId: w.agentX1.id });
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(status);
        expect((await assign(w.lead, id, { strategy: 'ROUND_ROBIN' })).status).toBe(409);
      }
    });

    describe('to a team', () => {
      it('moves the ticket to the team and clears the assignee (UNASSIGNED, version bump, event)', async () => {
        const id = await insertTicket(w.dept.id, { assigneeId: w.agentX1.id, teamId: w.teamX.id });
        const res = await assign(w.lead, id, { teamId: w.teamY.id });
        expect(res.status).toBe(200);
        expect(res.body.data).toMatchObject({ teamId: w.teamY.id, assigneeId: null, version: 2 });
        const [h] = await historyOf(id);
        expect(h).toMatchObject({
          type: 'UNASSIGNED',
          actor_id: w.lead.id,
          details: {
            previousAssigneeId: w.agentX1.id,
            assigneeId: null,
            teamId: w.teamY.id,
            previousTeamId: w.teamX.id,
            strategy: 'TEAM',
          },
        });
        const [event] = await sql<{ payload: Json }>(
          `SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = 'ticket.assigned'`,
          [id],
        );
        expect(event.payload.data).toMatchObject({
          previousAssigneeId: w.agentX1.id,
          assigneeId: null,
          ticket: { teamId: w.teamY.id },
        });
        // the same team again, nobody assigned: nothing to do
        const again = await assign(w.lead, id, { teamId: w.teamY.id });
        expect(again.body.data.version).toBe(2);
        expect(await historyOf(id)).toHaveLength(1);
      });

      it('records ASSIGNED when an unassigned ticket goes to a team', async () => {
        const id = await insertTicket(w.dept.id);
        const res = await assign(w.agentX1, id, { teamId: w.teamX.id });
        expect(res.status).toBe(200);
        expect((await historyOf(id))[0]).toMatchObject({
          type: 'ASSIGNED',
          details: { teamId: w.teamX.id, assigneeId: null },
        });
      });

      it('lets an agent assign only to their own team (403), and only teams of the ticket’s department', async () => {
        const id = await insertTicket(w.dept.id);
        expect((await assign(w.agentX1, id, { teamId: w.teamY.id })).status).toBe(403);
        const foreign = await makeTeam(w.otherDept.id);
        const res = await assign(admin, id, { teamId: foreign.id });
        expect(res.status).toBe(409);
        expect(res.body.error.message).toMatch(/another department/);
        const unknown = await assign(admin, id, { teamId: NOWHERE });
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.details[0].field).toBe('teamId');
        expect(await historyOf(id)).toEqual([]);
      });
    });
  });

  describe('round robin', () => {
    it('rotates over the available active agents only (no leads, no unavailable, no deactivated)', async () => {
      const dept = await makeDepartment();
      const agents = await makeAgents(3, dept.id);
      const resting = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const gone = await makeUser({ role: 'AGENT', departmentId: dept.id });
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
      await setStaff(resting.id, { available: false });
      await setStaff(gone.id, { active: false });

      const picks: string[] = [];
      for (let i = 0; i < 6; i++) {
        const id = await insertTicket(dept.id);
        const res = await assign(lead, id, { strategy: 'ROUND_ROBIN' });
        expect(res.status).toBe(200);
        picks.push(res.body.data.assigneeId as string);
        const [h] = await historyOf(id);
        expect(h).toMatchObject({
          type: 'ASSIGNED',
          actor_id: lead.id,
          details: { strategy: 'ROUND_ROBIN', previousAssigneeId: null, assigneeId: picks[i] },
        });
      }
      const ids = agents.map((a) => a.id);
      // a fresh pool's counter starts at 1: the picks walk the id-ordered pool from its first agent
      expect(picks).toEqual([...ids, ...ids]);
      expect(picks).not.toContain(resting.id);
      expect(picks).not.toContain(gone.id);
      expect(picks).not.toContain(lead.id);
    });

    it('takes the ticket’s team as the pool when it has one', async () => {
      const dept = await makeDepartment();
      const team = await makeTeam(dept.id);
      const inTeam = await makeAgents(2, dept.id, team.id);
      await makeAgents(2, dept.id); // the rest of the department: never picked
      const picks = new Set<string>();
      for (let i = 0; i < 4; i++) {
        const id = await insertTicket(dept.id, { teamId: team.id });
        const res = await assign(admin, id, { strategy: 'ROUND_ROBIN' });
        picks.add(res.body.data.assigneeId as string);
      }
      expect(picks).toEqual(new Set(inTeam.map((a) => a.id)));
    });

    it('leaves the ticket unassigned when nobody is eligible, records why, and still answers 200', async () => {
      const dept = await makeDepartment();
      const [only] = await makeAgents(1, dept.id);
      await setStaff(only.id, { available: false });
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
      const id = await insertTicket(dept.id);
      const res = await assign(lead, id, { strategy: 'ROUND_ROBIN' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ assigneeId: null, version: 1 });
      expect(await historyOf(id)).toEqual([
        {
          type: 'UNASSIGNED',
          actor_id: lead.id,
          details: {
            reason: 'no eligible agent',
            strategy: 'ROUND_ROBIN',
            previousAssigneeId: null,
            assigneeId: null,
          },
        },
      ]);
    });

    it('hands a ticket whose assignee became unavailable back to the queue when nobody else is', async () => {
      const dept = await makeDepartment();
      const [only] = await makeAgents(1, dept.id);
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
      const id = await insertTicket(dept.id, { assigneeId: only.id });
      await setStaff(only.id, { available: false });
      const res = await assign(lead, id, { strategy: 'ROUND_ROBIN' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ assigneeId: null, version: 2 });
      expect((await historyOf(id))[0]).toMatchObject({
        type: 'UNASSIGNED',
        details: { previousAssigneeId: only.id, reason: 'no eligible agent' },
      });
    });

    it('is refused to an agent of another department (404: the ticket is out of scope)', async () => {
      const dept = await makeDepartment();
      const otherAgent = await makeUser({ role: 'AGENT', departmentId: (await makeDepartment()).id });
      const id = await insertTicket(dept.id);
      expect((await assign(otherAgent, id, { strategy: 'ROUND_ROBIN' })).status).toBe(404);
    });
  });

  describe('auto-assignment', () => {
    it('assigns each new ticket of an autoAssign department, in the create transaction', async () => {
      const dept = await makeDepartment({ autoAssign: true });
      const agents = await makeAgents(2, dept.id);
      const first = await createTicket(dept.id);
      const second = await createTicket(dept.id);
      expect(first.assigneeId).not.toBeNull();
      expect(second.assigneeId).not.toBeNull();
      expect(new Set([first.assigneeId, second.assigneeId])).toEqual(new Set(agents.map((a) => a.id)));
      expect(first.version).toBe(2);
      const history = await historyOf(first.id as string);
      expect(history.map((h) => h.type)).toEqual(['CREATED', 'ASSIGNED']);
      expect(history[1]).toMatchObject({
        actor_id: null,
        details: { strategy: 'ROUND_ROBIN', auto: true, assigneeId: first.assigneeId },
      });
      const types = await sql<{ type: string }>(
        'SELECT type FROM outbox_events WHERE aggregate_id = $1 ORDER BY occurred_at',
        [first.id],
      );
      expect(types.map((t) => t.type)).toEqual(['ticket.created', 'ticket.assigned']);
    });

    it('leaves tickets of other departments alone', async () => {
      const dept = await makeDepartment({ autoAssign: false });
      await makeAgents(2, dept.id);
      const t = await createTicket(dept.id);
      expect(t.assigneeId).toBeNull();
      expect((await historyOf(t.id as string)).map((h) => h.type)).toEqual(['CREATED']);
    });

    it('records that nobody was eligible and still creates the ticket', async () => {
      const dept = await makeDepartment({ autoAssign: true });
      const t = await createTicket(dept.id);
      expect(t).toMatchObject({ assigneeId: null, status: 'OPEN' });
      const history = await historyOf(t.id as string);
      expect(history.map((h) => h.type)).toEqual(['CREATED', 'UNASSIGNED']);
      expect(history[1].details).toMatchObject({ reason: 'no eligible agent', auto: true });
    });

    it('assigns a ticket when it leaves PENDING_APPROVAL for OPEN', async () => {
      const dept = await makeDepartment({ autoAssign: true });
      const [agent] = await makeAgents(1, dept.id);
      const id = await insertTicket(dept.id, { status: 'PENDING_APPROVAL' });
      const uow = app.get(UnitOfWork);
      await uow.run(async () => {
        const ticket = await app.get(TicketRepository).lockVisible(SYSTEM_ACCESS, id);
        await app.get(TicketJournal).move(ticket!, TicketStatus.OPEN, ['SYSTEM'], null, 'approved');
      });
      expect(await ticketRow(id)).toMatchObject({ assignee_id: agent.id });
      expect((await historyOf(id)).map((h) => h.type)).toEqual(['STATUS_CHANGED', 'ASSIGNED']);
    });
  });

  describe('fairness across two API instances', () => {
    const second = suiteApp();

    it('gives 3 available agents 10 ± 1 each of 30 round-robin assignments raced through both', async () => {
      const dept = await makeDepartment();
      const agents = await makeAgents(3, dept.id);
      const resting = await makeUser({ role: 'AGENT', departmentId: dept.id });
      await setStaff(resting.id, { available: false });
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });
      const ids: string[] = [];
      for (let i = 0; i < 30; i++) ids.push(await insertTicket(dept.id));
      const auth = await as(lead); // one JWT, valid on both instances

      const results = await Promise.all(
        ids.map((id, i) =>
          http(i % 2 === 0 ? app : second())
            .post(`/api/v1/tickets/${id}/assign`)
            .set(...auth)
            .send({ strategy: 'ROUND_ROBIN' }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(30).fill(200));

      const counts = await sql<{ assignee_id: string; n: string }>(
        `SELECT assignee_id, count(*) AS n FROM tickets WHERE department_id = $1 GROUP BY assignee_id`,
        [dept.id],
      );
      const byAgent = new Map(counts.map((c) => [c.assignee_id, Number(c.n)]));
      expect([...byAgent.keys()].sort()).toEqual(agents.map((a) => a.id));
      for (const agent of agents) {
        expect(Math.abs(byAgent.get(agent.id)! - 10)).toBeLessThanOrEqual(1);
      }
      const [{ n }] = await sql<{ n: string }>(
        `SELECT count(*) AS n FROM ticket_history h JOIN tickets t ON t.id = h.ticket_id
          WHERE t.department_id = $1 AND h.type = 'ASSIGNED'`,
        [dept.id],
      );
      expect(Number(n)).toBe(30);
    });
  });

  describe('with Redis unreachable', () => {
    const broken = appWithoutRedis();

    it('falls back to the available agent with the fewest open tickets, and the assignment still succeeds', async () => {
      const dept = await makeDepartment();
      const [busy, calm, idle] = await makeAgents(3, dept.id);
      // open work: busy 2, calm 1, idle 0 (but 3 closed/resolved ones, which do not count)
      await insertTicket(dept.id, { assigneeId: busy.id, status: 'OPEN' });
      await insertTicket(dept.id, { assigneeId: busy.id, status: 'PENDING_USER' });
      await insertTicket(dept.id, { assigneeId: calm.id, status: 'IN_PROGRESS' });
      for (const status of ['CLOSED', 'RESOLVED', 'CANCELLED']) {
        await insertTicket(dept.id, { assigneeId: idle.id, status });
      }
      // with no open tickets at all, but out of the pool
      const resting = await makeUser({ role: 'AGENT', departmentId: dept.id });
      await setStaff(resting.id, { available: false });
      const gone = await makeUser({ role: 'AGENT', departmentId: dept.id });
      await setStaff(gone.id, { active: false });
      const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id });

      // That instance refuses every bearer token while Redis is down (the logout denylist lives there and the auth
      // module fails closed), so the request is made through its real AssignmentService, as the controller would.
      const caller: Actor = { id: lead.id, role: Role.TEAM_LEAD, departmentId: dept.id, teamId: null };
      const service = broken().get(AssignmentService);

      const first = await insertTicket(dept.id);
      const started = Date.now();
      const assigned = await service.assign(caller, first, { strategy: 'ROUND_ROBIN' });
      expect(Date.now() - started).toBeLessThan(3000); // the Redis call is guarded by a short timeout
      expect(assigned.assigneeId).toBe(idle.id);
      expect((await historyOf(first))[0]).toMatchObject({
        type: 'ASSIGNED',
        actor_id: lead.id,
        details: { strategy: 'ROUND_ROBIN', fallback: 'LEAST_OPEN_TICKETS', assigneeId: idle.id },
      });

      // now calm and idle have one open ticket each: the tie goes to the smaller id, calm
      const next = await insertTicket(dept.id);
      expect((await service.assign(caller, next, { strategy: 'ROUND_ROBIN' })).assigneeId).toBe(calm.id);

      const metrics = await http(broken()).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/ticket_round_robin_degraded_total\{reason="rotation_unavailable"\} 2/);
    });
  });
});
