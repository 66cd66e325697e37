import { SYSTEM_ACCESS } from '../src/common/auth/scope-policy';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UnitOfWork } from '../src/common/unit-of-work';
import { TicketStatus } from '../src/modules/tickets/domain/ticket-enums';
import { TicketRepository } from '../src/modules/tickets/ticket-repository.port';
import { TicketJournal } from '../src/modules/tickets/ticket-journal.port';
import { startTestApp } from './support/app';
import { makeDepartment, makeTicket, makeUser, sql, TestUser, unique } from './support/factories';
import { suiteWorld } from './support/world';
import { testApi } from './support/api';

interface Fixture {
  status: string;
  priority: string;
  created: string;
  assignee?: TestUser;
  firstResponse?: number;
  resolved?: string;
  fr?: SlaTarget;
  res?: SlaTarget;
  departmentId?: string;
}

interface SlaTarget {
  target: number;
  met?: boolean;
  breached?: boolean;
}
/** An SLA target of `minutes`: met, missed (decided late), overdue (breached, undecided) or still running. */
const met = (minutes: number): SlaTarget => ({ target: minutes, met: true });
const missed = (minutes: number): SlaTarget => ({ target: minutes, met: false, breached: true });
const overdue = (minutes: number): SlaTarget => ({ target: minutes, breached: true });
const running = (minutes: number): SlaTarget => ({ target: minutes });

/**
 * Summary and agent reports against a hand-computed fixture: days counted in Berlin across its spring-forward
 * weekend, medians and p90 as percentile_cont interpolates them, SLA compliance over decided targets.
 */
describe('reports (e2e)', () => {
  let app: NestFastifyApplication;
  const w = suiteWorld(async () => {
    const dept = await makeDepartment();
    const otherDept = await makeDepartment();
    const admin = await makeUser({ role: 'ADMIN' });
    const requester = await makeUser();
    const lead = await makeUser({ role: 'TEAM_LEAD', departmentId: dept.id, fullName: 'Lena Lead' });
    const alice = await makeUser({ role: 'AGENT', departmentId: dept.id, fullName: 'Alice Agent' });
    const bob = await makeUser({ role: 'AGENT', departmentId: dept.id, fullName: '=Bob, "the" Agent' });
    const otherLead = await makeUser({ role: 'TEAM_LEAD', departmentId: otherDept.id });
    return { dept, otherDept, admin, requester, lead, alice, bob, otherLead };
  });
  const { http, as } = testApi(() => app);
  const get = async (who: TestUser, path: string, accept?: string) => {
    const r = http()
      .get(`/api/v1${path}`)
      .set(...(await as(who)));
    return accept ? r.set('Accept', accept) : r;
  };
  const RANGE = 'from=2026-03-28&to=2026-03-30&tz=Europe/Berlin';

  const insert = async (f: Fixture) => {
    const t = await makeTicket({
      requesterId: w.requester.id,
      departmentId: f.departmentId ?? w.dept.id,
      status: f.status,
      priority: f.priority,
      assigneeId: f.assignee?.id ?? null,
    });
    const created = new Date(f.created);
    await sql(
      `UPDATE tickets SET created_at = $2, first_response_at = $3, resolved_at = $4,
         sla_first_response_minutes = $5, first_response_met = $6, first_response_breached_at = $7,
         sla_resolution_minutes = $8, resolution_met = $9, resolution_breached_at = $10
       WHERE id = $1`,
      [
        t.id,
        created,
        f.firstResponse === undefined ? null : new Date(created.getTime() + f.firstResponse * 60_000),
        f.resolved ? new Date(f.resolved) : null,
        f.fr?.target ?? null,
        f.fr?.met ?? null,
        f.fr?.breached ? created : null,
        f.res?.target ?? null,
        f.res?.met ?? null,
        f.res?.breached ? created : null,
      ],
    );
    return t;
  };

  beforeAll(async () => {
    app = await startTestApp();

    // 00:30 on the 28th in Berlin, still the 27th in UTC
    await insert({
      status: 'RESOLVED',
      priority: 'HIGH',
      created: '2026-03-27T23:30:00Z',
      assignee: w.alice,
      firstResponse: 10,
      resolved: '2026-03-28T01:30:00Z',
      fr: met(30),
      res: met(240),
    });
    await insert({
      status: 'OPEN',
      priority: 'MEDIUM',
      created: '2026-03-28T10:00:00Z',
      assignee: w.alice,
      firstResponse: 20,
      fr: met(30),
      res: running(480),
    });
    await insert({
      status: 'CLOSED',
      priority: 'LOW',
      created: '2026-03-29T08:00:00Z',
      assignee: w.alice,
      firstResponse: 40,
      resolved: '2026-03-29T12:00:00Z',
      fr: missed(30),
      res: met(480),
    });
    // 23:30 on the 30th in Berlin (summer time by then), the last day of the range
    await insert({
      status: 'IN_PROGRESS',
      priority: 'HIGH',
      created: '2026-03-30T21:30:00Z',
      assignee: w.bob,
      firstResponse: 60,
      fr: missed(30),
      res: overdue(240),
    });
    await insert({
      status: 'PENDING_USER',
      priority: 'MEDIUM',
      created: '2026-03-29T15:00:00Z',
      assignee: w.alice,
    });
    // outside the range (00:30 on the 31st in Berlin), or created before it and resolved in it
    await insert({ status: 'OPEN', priority: 'URGENT', created: '2026-03-30T22:30:00Z' });
    await insert({
      status: 'RESOLVED',
      priority: 'LOW',
      created: '2026-03-20T10:00:00Z',
      assignee: w.bob,
      resolved: '2026-03-29T09:00:00Z',
    });
    // another department's ticket counts only there
    await insert({
      status: 'OPEN',
      priority: 'URGENT',
      created: '2026-03-29T10:00:00Z',
      departmentId: w.otherDept.id,
      firstResponse: 1,
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const EXPECTED = {
    tz: 'Europe/Berlin',
    from: '2026-03-27T23:00:00.000Z',
    to: '2026-03-30T22:00:00.000Z',
    byStatus: {
      PENDING_APPROVAL: 0,
      OPEN: 1,
      IN_PROGRESS: 1,
      PENDING_USER: 1,
      RESOLVED: 1,
      CLOSED: 1,
      CANCELLED: 0,
    },
    byPriority: { LOW: 1, MEDIUM: 2, HIGH: 2, URGENT: 0 },
    createdPerDay: [
      { date: '2026-03-28', count: 2 },
      { date: '2026-03-29', count: 2 },
      { date: '2026-03-30', count: 1 },
    ],
    resolvedPerDay: [
      { date: '2026-03-28', count: 1 },
      { date: '2026-03-29', count: 2 },
      { date: '2026-03-30', count: 0 },
    ],
    // 10, 20, 40, 60 minutes
    firstResponseMinutes: { median: 30, p90: 54 },
    // 120, 240 and 12,900 minutes
    resolutionMinutes: { median: 240, p90: 10368 },
    // first response: 2 of 4 decided met; resolution: 2 of 3 decided (one still running)
    slaCompliance: { firstResponse: 50, resolution: 66.67 },
  };

  it('gives a team lead the numbers of their department, equal to the hand-computed fixture', async () => {
    const res = await get(w.lead, `/reports/summary?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ ...EXPECTED, departmentId: w.dept.id });
    const byAdmin = await get(w.admin, `/reports/summary?${RANGE}&departmentId=${w.dept.id}`);
    expect(byAdmin.body.data).toEqual({ ...EXPECTED, departmentId: w.dept.id });
    // the id in upper case names the same department, for the lead (their own) and for an admin
    const upper = w.dept.id.toUpperCase();
    for (const who of [w.lead, w.admin]) {
      const shouted = await get(who, `/reports/summary?${RANGE}&departmentId=${upper}`);
      expect(shouted.status).toBe(200);
      expect(shouted.body.data).toEqual({ ...EXPECTED, departmentId: w.dept.id });
    }
  });

  it('counts every department for an admin who names none', async () => {
    const res = await get(w.admin, `/reports/summary?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.body.data.departmentId).toBeNull();
    expect(res.body.data.byPriority.URGENT).toBeGreaterThanOrEqual(1);
  });

  it('reports per agent: open assigned now, resolved in range, medians', async () => {
    const res = await get(w.lead, `/reports/agents?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.body.data.agents).toEqual([
      {
        agentId: w.bob.id,
        fullName: '=Bob, "the" Agent',
        departmentId: w.dept.id,
        openAssigned: 1,
        resolved: 1,
        medianFirstResponseMinutes: 60,
        medianResolutionMinutes: 12900,
      },
      {
        agentId: w.alice.id,
        fullName: 'Alice Agent',
        departmentId: w.dept.id,
        openAssigned: 2,
        resolved: 2,
        medianFirstResponseMinutes: 20,
        medianResolutionMinutes: 180,
      },
      {
        agentId: w.lead.id,
        fullName: 'Lena Lead',
        departmentId: w.dept.id,
        openAssigned: 0,
        resolved: 0,
        medianFirstResponseMinutes: null,
        medianResolutionMinutes: null,
      },
    ]);
  });

  it('answers CSV with Accept: text/csv', async () => {
    const summary = await get(w.lead, `/reports/summary?${RANGE}`, 'text/csv');
    expect(summary.status).toBe(200);
    expect(summary.headers['content-type']).toMatch(/^text\/csv/);
    const lines = summary.text.trim().split('\r\n');
    expect(lines[0]).toBe('section,key,value');
    expect(lines).toEqual(
      expect.arrayContaining([
        'byStatus,OPEN,1',
        'byPriority,HIGH,2',
        'createdPerDay,2026-03-28,2',
        'resolvedPerDay,2026-03-30,0',
        'firstResponseMinutes,p90,54',
        'resolutionMinutes,median,240',
        'slaCompliance,resolution,66.67',
      ]),
    );
    const agents = await get(w.lead, `/reports/agents?${RANGE}`, 'text/csv');
    expect(agents.headers['content-type']).toMatch(/^text\/csv/);
    expect(agents.text.split('\r\n').slice(0, 2)).toEqual([
      'agentId,fullName,departmentId,openAssigned,resolved,medianFirstResponseMinutes,medianResolutionMinutes',
      `${w.bob.id},"'=Bob, ""the"" Agent",${w.dept.id},1,1,60,12900`,
    ]);
  });

  it('keeps reports out of reach of other departments and roles', async () => {
    const foreign = await get(w.lead, `/reports/summary?${RANGE}&departmentId=${w.otherDept.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('NOT_FOUND');
    expect((await get(w.otherLead, `/reports/agents?departmentId=${w.dept.id}`)).status).toBe(404);
    expect((await get(w.alice, `/reports/summary?${RANGE}`)).status).toBe(403);
    expect((await get(w.requester, '/reports/agents')).status).toBe(403);
    expect(
      (await get(w.admin, '/reports/summary?departmentId=00000000-0000-4000-8000-000000000000')).status,
    ).toBe(404);
    // the other department's lead sees only theirs
    const theirs = await get(w.otherLead, `/reports/summary?${RANGE}`);
    expect(theirs.body.data.byPriority).toEqual({ LOW: 0, MEDIUM: 0, HIGH: 0, URGENT: 1 });
  });

  it.each([
    ['from=2026-03-30&to=2026-03-01', 'from'],
    ['from=2025-01-01&to=2026-03-01', 'to'],
    ['tz=Mars/Olympus_Mons', 'tz'],
    ['from=last-week', 'from'],
    // days and times JavaScript would move (to March 1, to the next day) or PostgreSQL would refuse
    ['from=2024-02-30&to=2024-03-05', 'from'],
    ['from=2024-02-30T00:00:00Z&to=2024-03-05T00:00:00Z', 'from'],
    ['from=2026-03-28T00:00:00Z&to=2026-03-30T24:00:00Z', 'to'],
    ['from=0000-01-01T00:00:00Z&to=0000-01-02T00:00:00Z', 'from'],
    ['from=0000-01-01&to=0000-01-02', 'from'],
    ['from=2026-03-28T00:00:00%2B16:00&to=2026-03-30T00:00:00Z', 'from'],
    ['from=2026-03-28T00:00:00Z&to=%2B275760-09-13T00:00:00Z', 'to'],
    ['from=2026-03-28T10Z', 'from'],
  ])('answers 400 VALIDATION_ERROR naming the field for %s', async (query, field) => {
    const res = await get(w.lead, `/reports/summary?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details[0].field).toBe(field);
  });

  it('reads the range as instants with offsets and fractions of a second, equal to the local days', async () => {
    const from = encodeURIComponent('2026-03-28T00:00:00.000000000+01:00');
    const to = encodeURIComponent('2026-03-31T00:00:00+0200');
    const res = await get(w.lead, `/reports/summary?from=${from}&to=${to}&tz=Europe/Berlin`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ ...EXPECTED, departmentId: w.dept.id });
  });

  it('serves a cached report until a ticket write, then the new numbers', async () => {
    const before = (await get(w.lead, `/reports/summary?${RANGE}`)).body.data;
    // a row that arrives without the API: the cached report does not know of it yet
    await insert({ status: 'OPEN', priority: 'URGENT', created: '2026-03-29T11:00:00Z' });
    expect((await get(w.lead, `/reports/summary?${RANGE}`)).body.data).toEqual(before);
    // any ticket write of the department moves its generation on: the next read computes afresh
    const write = await http()
      .post('/api/v1/tickets')
      .set(...(await as(w.requester)))
      .send({ title: `Write ${unique()}`, description: 'd', departmentId: w.dept.id });
    expect(write.status).toBe(201);
    const after = (await get(w.lead, `/reports/summary?${RANGE}`)).body.data;
    expect(after.byPriority.URGENT).toBe(1);
    expect(after.byStatus.OPEN).toBe(2);

    // a move made inside another module's transaction (an approval decision) refreshes it once that commits
    const late = await insert({
      status: 'PENDING_APPROVAL',
      priority: 'LOW',
      created: '2026-03-29T12:00:00Z',
    });
    expect((await get(w.lead, `/reports/summary?${RANGE}`)).body.data.byStatus.OPEN).toBe(2);
    await app.get(UnitOfWork).run(async () => {
      const locked = (await app.get(TicketRepository).lockVisible(SYSTEM_ACCESS, late.id))!;
      await app.get(TicketJournal).move(locked, TicketStatus.OPEN, ['SYSTEM'], null, 'approved');
      await new Promise((r) => setTimeout(r, 20)); // more work in the same transaction
    });
    const moved = (await get(w.lead, `/reports/summary?${RANGE}`)).body.data;
    expect(moved.byStatus).toMatchObject({ OPEN: 3, PENDING_APPROVAL: 0 });
    expect(moved.byPriority.LOW).toBe(2);
  });
});
