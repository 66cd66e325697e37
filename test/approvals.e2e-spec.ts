import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql, TestUser, unique } from './support/factories';
import { suiteWorld } from './support/world';
import { startMailing } from './support/mailing';
import { PrivateDatabase } from './support/private-database';
import { recipientOf, TestSmtpServer } from './support/smtp';
import { testApi } from './support/api';

jest.setTimeout(90_000);

type Rule = { userId: string } | { role: 'TEAM_LEAD'; scope: 'REQUESTER_DEPARTMENT' | 'ITEM_DEPARTMENT' };
interface HistoryRow {
  type: string;
  actorId: string | null;
  details: Record<string, unknown>;
}

/** Approval chains on service items: the ticket flow, decisions, delegation, reassignment and the stale list. */
describe('approvals (e2e)', () => {
  let db: PrivateDatabase;
  let smtp: TestSmtpServer;
  let app: NestFastifyApplication;
  const { http, as, get, post, del, notified } = testApi(() => app);

  const makeItem = async (steps: Array<{ mode: 'ALL' | 'ANY'; approvers: Rule[] }>) => {
    const res = await post(w.admin, '/service-items', {
      categoryId: w.category.id,
      name: unique('Item'),
      description: 'Needs sign-off',
      departmentId: w.itDept.id,
      approval: { steps },
    });
    expect(res.status).toBe(201);
    return res.body.data as { id: string };
  };
  const file = async (itemId: string, who: TestUser = w.requester) => {
    const res = await post(who, '/tickets', {
      title: 'New laptop',
      description: 'Mine broke',
      serviceItemId: itemId,
    });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; pid: string; status: string; assigneeId: string | null };
  };
  const approvalOf = async (ticketId: string) => {
    const [row] = await sql<{ id: string }>('SELECT id FROM approval_requests WHERE ticket_id = $1', [
      ticketId,
    ]);
    return row.id;
  };
  const approve = (who: TestUser, id: string, body: object = {}) =>
    post(who, `/approvals/${id}/approve`, body);
  const reject = (who: TestUser, id: string, comment = 'Not this quarter') =>
    post(who, `/approvals/${id}/reject`, { comment });
  const ticketOf = async (id: string) => {
    const [row] = await sql<{ status: string; assignee_id: string | null }>(
      'SELECT status, assignee_id FROM tickets WHERE id = $1',
      [id],
    );
    return row;
  };
  const historyOf = async (ticketId: string): Promise<HistoryRow[]> => {
    const res = await get(w.admin, `/tickets/${ticketId}/history?limit=100`);
    expect(res.status).toBe(200);
    return res.body.data as HistoryRow[];
  };
  const pendingOf = async (who: TestUser) => {
    const res = await get(who, '/approvals/pending?limit=100');
    expect(res.status).toBe(200);
    return res.body.data as Array<{
      id: string;
      ticketId: string;
      step: number;
      mode: string;
      onBehalfOf?: string;
    }>;
  };
  const eventsOf = (ticketId: string, type: string) =>
    sql<{ payload: { data: Record<string, unknown> } }>(
      'SELECT payload FROM outbox_events WHERE aggregate_id = $1 AND type = $2 ORDER BY occurred_at',
      [ticketId, type],
    );
  beforeAll(async () => {
    let env: Record<string, string>;
    ({ db, smtp, env } = await startMailing('approvals'));
    app = await startTestApp({ withWorker: true, env: { ...env, APPROVAL_STALE_HOURS: '48' } });
  });

  const w = suiteWorld(async () => {
    const itDept = await makeDepartment({ autoAssign: true });
    const hrDept = await makeDepartment();
    const finDept = await makeDepartment();
    const admin = await makeUser({ role: 'ADMIN' });
    const requester = await makeUser({ fullName: 'Rita Requester' });
    const agentIT = await makeUser({ role: 'AGENT', departmentId: itDept.id });
    const leadIT1 = await makeUser({ role: 'TEAM_LEAD', departmentId: itDept.id });
    const leadIT2 = await makeUser({ role: 'TEAM_LEAD', departmentId: itDept.id });
    const finA = await makeUser({ role: 'AGENT', departmentId: finDept.id, fullName: 'Fin A' });
    const finB = await makeUser({ role: 'AGENT', departmentId: finDept.id, fullName: 'Fin B' });
    const outsider = await makeUser({ role: 'AGENT', departmentId: hrDept.id });
    const cat = await post(admin, '/service-categories', { name: unique('Hardware') });
    expect(cat.status).toBe(201);
    const category = cat.body.data as { id: string };
    return {
      itDept,
      hrDept,
      finDept,
      admin,
      requester,
      agentIT,
      leadIT1,
      leadIT2,
      finA,
      finB,
      outsider,
      category,
    };
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.stop();
    await db?.drop();
  });

  describe('a two-step chain: ALL of two users, then ANY team lead of the item’s department', () => {
    let item: { id: string };
    beforeAll(async () => {
      item = await makeItem([
        { mode: 'ALL', approvers: [{ userId: w.finA.id }, { userId: w.finB.id }] },
        { mode: 'ANY', approvers: [{ role: 'TEAM_LEAD', scope: 'ITEM_DEPARTMENT' }] },
      ]);
    });

    it('opens the ticket after both steps pass, then auto-assigns it', async () => {
      const ticket = await file(item.id);
      expect(ticket.status).toBe('PENDING_APPROVAL');
      expect(ticket.assigneeId).toBeNull();
      const id = await approvalOf(ticket.id);

      // step 1 waits on both named users; the team leads are not asked yet
      for (const u of [w.finA, w.finB]) {
        expect(await pendingOf(u)).toEqual([
          expect.objectContaining({ id, ticketId: ticket.id, ticketPid: ticket.pid, step: 1, mode: 'ALL' }),
        ]);
      }
      expect((await pendingOf(w.leadIT1)).filter((p) => p.id === id)).toEqual([]);
      // approvers are party to the ticket; someone else of another department is not
      expect((await get(w.finA, `/tickets/${ticket.id}`)).status).toBe(200);
      expect((await get(w.outsider, `/tickets/${ticket.id}`)).status).toBe(404);

      const first = await approve(w.finA, id, { comment: 'Budget ok' });
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({ status: 'PENDING', currentStep: 1 });
      expect((await ticketOf(ticket.id)).status).toBe('PENDING_APPROVAL');
      // deciding twice is a conflict
      expect((await approve(w.finA, id)).status).toBe(409);
      expect(await pendingOf(w.finA)).toEqual([]);

      const second = await approve(w.finB, id);
      expect(second.status).toBe(200);
      expect(second.body.data.currentStep).toBe(2);
      const step2 = second.body.data.steps[1];
      expect(step2.status).toBe('PENDING');
      expect(step2.approvers.map((a: { userId: string }) => a.userId).sort()).toEqual(
        [w.leadIT1.id, w.leadIT2.id].sort(),
      );
      expect(step2.approvers[0].source).toBe('TEAM_LEAD:ITEM_DEPARTMENT');
      for (const lead of [w.leadIT1, w.leadIT2]) {
        expect(await pendingOf(lead)).toEqual([expect.objectContaining({ id, step: 2, mode: 'ANY' })]);
      }

      const last = await approve(w.leadIT2, id);
      expect(last.status).toBe(200);
      expect(last.body.data).toMatchObject({ status: 'APPROVED', currentStep: null });
      expect(await ticketOf(ticket.id)).toEqual({ status: 'OPEN', assignee_id: w.agentIT.id });
      // the step passed with one lead: the other has nothing left to decide
      expect((await approve(w.leadIT1, id)).status).toBe(409);
      expect(await pendingOf(w.leadIT1)).toEqual([]);

      const history = await historyOf(ticket.id);
      const types = history.map((h) => h.type);
      expect(types.filter((t) => t === 'APPROVAL_REQUESTED')).toHaveLength(2);
      expect(history.filter((h) => h.type === 'APPROVAL_DECIDED')).toEqual([
        expect.objectContaining({
          actorId: w.finA.id,
          details: expect.objectContaining({
            approvalId: id,
            step: 1,
            decision: 'APPROVED',
            comment: 'Budget ok',
          }),
        }),
        expect.objectContaining({ actorId: w.finB.id, details: expect.objectContaining({ step: 1 }) }),
        expect.objectContaining({ actorId: w.leadIT2.id, details: expect.objectContaining({ step: 2 }) }),
      ]);
      expect(history).toContainEqual(
        expect.objectContaining({
          type: 'STATUS_CHANGED',
          actorId: null,
          details: expect.objectContaining({ from: 'PENDING_APPROVAL', to: 'OPEN' }),
        }),
      );
      expect(types).toContain('ASSIGNED');
      expect(await eventsOf(ticket.id, 'approval.requested')).toHaveLength(2);
      expect(await eventsOf(ticket.id, 'approval.decided')).toHaveLength(3);

      // the request as its requester reads it: every step, its approvers and decisions
      const read = await get(w.requester, `/approvals/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.data.ticket).toMatchObject({ id: ticket.id, title: 'New laptop', status: 'OPEN' });
      expect(read.body.data.steps[0]).toMatchObject({
        step: 1,
        mode: 'ALL',
        status: 'APPROVED',
        rules: [{ userId: w.finA.id }, { userId: w.finB.id }],
      });
      expect(read.body.data.steps[0].decisions).toEqual([
        expect.objectContaining({
          approverId: w.finA.id,
          decidedBy: w.finA.id,
          onBehalfOf: null,
          decision: 'APPROVED',
        }),
        expect.objectContaining({ approverId: w.finB.id, decision: 'APPROVED' }),
      ]);
      const listed = await get(w.requester, `/tickets/${ticket.pid}/approvals`);
      expect(listed.status).toBe(200);
      expect(listed.body.data.map((r: { id: string }) => r.id)).toEqual([id]);
    });

    it('mails and notifies approvers in-app as their step opens, and tells the requester of decisions', async () => {
      const ticket = await file(item.id);
      const id = await approvalOf(ticket.id);
      await smtp.waitFor(
        (m) =>
          recipientOf(m) === w.finB.email && (m.text ?? '').includes(`${ticket.pid} waits for your approval`),
      );
      await notified(
        w.finA,
        (n) => n.type === 'approval.requested' && n.ticketId === ticket.id,
        'the in-app approval request',
      );
      expect((await approve(w.finA, id)).status).toBe(200);
      expect((await approve(w.finB, id)).status).toBe(200);
      await smtp.waitFor(
        (m) =>
          recipientOf(m) === w.leadIT1.email &&
          (m.text ?? '').includes(`${ticket.pid} waits for your approval`),
      );
      await notified(
        w.requester,
        (n) => n.type === 'approval.decided' && n.ticketId === ticket.id,
        'the requester’s notice of a decision',
      );
    });

    it('cancels the ticket when step 2 rejects, and closes the request', async () => {
      const ticket = await file(item.id);
      const id = await approvalOf(ticket.id);
      expect((await approve(w.finA, id)).status).toBe(200);
      expect((await approve(w.finB, id)).status).toBe(200);
      // a rejection needs a reason
      const bare = await post(w.leadIT1, `/approvals/${id}/reject`, {});
      expect(bare.status).toBe(400);
      expect(bare.body.error.details[0].field).toBe('comment');

      const rejected = await reject(w.leadIT1, id, 'Use the spare pool');
      expect(rejected.status).toBe(200);
      expect(rejected.body.data).toMatchObject({ status: 'REJECTED', currentStep: null });
      expect(rejected.body.data.steps[1]).toMatchObject({ status: 'REJECTED' });
      expect(await ticketOf(ticket.id)).toEqual({ status: 'CANCELLED', assignee_id: null });
      expect((await approve(w.leadIT2, id)).status).toBe(409);
      expect((await pendingOf(w.leadIT2)).filter((p) => p.id === id)).toEqual([]);
      const history = await historyOf(ticket.id);
      expect(history).toContainEqual(
        expect.objectContaining({
          type: 'APPROVAL_DECIDED',
          actorId: w.leadIT1.id,
          details: expect.objectContaining({ step: 2, decision: 'REJECTED', comment: 'Use the spare pool' }),
        }),
      );
      expect(history).toContainEqual(
        expect.objectContaining({
          type: 'STATUS_CHANGED',
          details: expect.objectContaining({
            from: 'PENDING_APPROVAL',
            to: 'CANCELLED',
            reason: 'approval rejected',
          }),
        }),
      );
      const [decided] = (await eventsOf(ticket.id, 'approval.decided')).slice(-1);
      expect(decided.payload.data).toMatchObject({ decision: 'REJECTED', status: 'REJECTED', step: 2 });
    });

    it('answers 404 to whom may not see a request, 403 to whom sees it but does not decide', async () => {
      const ticket = await file(item.id);
      const id = await approvalOf(ticket.id);
      expect((await get(w.outsider, `/approvals/${id}`)).status).toBe(404);
      expect((await approve(w.outsider, id)).status).toBe(404);
      expect((await get(w.outsider, `/tickets/${ticket.id}/approvals`)).status).toBe(404);
      for (const seer of [w.requester, w.agentIT, w.admin]) {
        expect((await get(seer, `/approvals/${id}`)).status).toBe(200);
        const res = await approve(seer, id);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      // a step-2 lead cannot jump the queue
      expect((await approve(w.leadIT1, id)).status).toBe(403);
      expect((await approve(w.finA, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await approve(w.finA, 'not-a-uuid')).status).toBe(404);
      expect((await post(w.finA, `/approvals/${id}/approve`, { verdict: 'yes' })).status).toBe(400);
      expect((await approvalState(id)).status).toBe('PENDING');
    });

    it('withdraws the request when the requester cancels the ticket', async () => {
      const ticket = await file(item.id);
      const id = await approvalOf(ticket.id);
      const cancelled = await post(w.requester, `/tickets/${ticket.id}/status`, { status: 'CANCELLED' });
      expect(cancelled.status).toBe(200);
      expect((await approvalState(id)).status).toBe('CANCELLED');
      expect((await pendingOf(w.finA)).filter((p) => p.id === id)).toEqual([]);
      const late = await approve(w.finA, id);
      expect(late.status).toBe(409);

      // a ticket closed by a path that bypassed the lifecycle leaves its request waiting on nothing
      const bypassed = await file(item.id);
      const bypassedId = await approvalOf(bypassed.id);
      await sql(`UPDATE tickets SET status = 'CLOSED', closed_at = now() WHERE id = $1`, [bypassed.id]);
      expect((await pendingOf(w.finA)).some((p) => p.id === bypassedId)).toBe(false);
      const refused = await approve(w.finA, bypassedId);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toMatch(/no longer waits/);
      expect((await ticketOf(bypassed.id)).status).toBe('CLOSED');
    });

    it('documents every approvals route in the OpenAPI document', async () => {
      const doc = await http().get('/api/docs-json').expect(200);
      const paths = doc.body.paths as Record<string, Record<string, { tags?: string[] }>>;
      for (const [path, method] of [
        ['/api/v1/approvals', 'get'],
        ['/api/v1/approvals/pending', 'get'],
        ['/api/v1/approvals/{id}', 'get'],
        ['/api/v1/approvals/{id}/approve', 'post'],
        ['/api/v1/approvals/{id}/reject', 'post'],
        ['/api/v1/approvals/{id}/reassign', 'post'],
        ['/api/v1/approvals/delegations', 'post'],
        ['/api/v1/approvals/delegations', 'get'],
        ['/api/v1/approvals/delegations/{id}', 'delete'],
        ['/api/v1/tickets/{id}/approvals', 'get'],
      ]) {
        expect(paths[path]?.[method]?.tags).toEqual(['approvals']);
      }
      expect(doc.body.components.schemas.RejectDto.required).toContain('comment');
    });
  });

  const approvalState = async (id: string) => {
    const [row] = await sql<{ status: string; current_step: number | null }>(
      'SELECT status, current_step FROM approval_requests WHERE id = $1',
      [id],
    );
    return row;
  };

  describe('concurrent decisions', () => {
    it('lets exactly one of a racing approve and reject take effect', async () => {
      const item = await makeItem([
        { mode: 'ANY', approvers: [{ userId: w.finA.id }, { userId: w.finB.id }] },
      ]);
      for (let round = 0; round < 4; round++) {
        const ticket = await file(item.id);
        const id = await approvalOf(ticket.id);
        await as(w.finA);
        await as(w.finB);
        const [yes, no] = await Promise.all([approve(w.finA, id), reject(w.finB, id)]);
        expect([yes.status, no.status].sort()).toEqual([200, 409]);
        const winner = yes.status === 200 ? 'APPROVED' : 'REJECTED';
        expect((await approvalState(id)).status).toBe(winner);
        expect((await ticketOf(ticket.id)).status).toBe(winner === 'APPROVED' ? 'OPEN' : 'CANCELLED');
        const decided = (await historyOf(ticket.id)).filter((h) => h.type === 'APPROVAL_DECIDED');
        expect(decided).toHaveLength(1);
        expect(decided[0].details.decision).toBe(winner);
        expect(await eventsOf(ticket.id, 'approval.decided')).toHaveLength(1);
      }
    });

    it('records one decision when the same approver sends two at once', async () => {
      const item = await makeItem([
        { mode: 'ALL', approvers: [{ userId: w.finA.id }, { userId: w.finB.id }] },
      ]);
      const ticket = await file(item.id);
      const id = await approvalOf(ticket.id);
      const answers = await Promise.all([approve(w.finA, id), approve(w.finA, id), reject(w.finA, id)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
      const decided = (await historyOf(ticket.id)).filter((h) => h.type === 'APPROVAL_DECIDED');
      expect(decided).toHaveLength(1);
    });
  });

  describe('delegation', () => {
    let delegate: TestUser;
    let item: { id: string };
    beforeAll(async () => {
      // staff of another department: without the delegation they may not see the tickets at all
      delegate = await makeUser({ role: 'AGENT', departmentId: w.hrDept.id, fullName: 'Dee Delegate' });
      item = await makeItem([{ mode: 'ALL', approvers: [{ userId: w.finA.id }, { userId: w.finB.id }] }]);
    });
    const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    /** `delegator` delegates to `delegateId` from `fromHours` to `toHours` from now: the answer */
    const openDelegation = (delegator: TestUser, delegateId: string, fromHours: number, toHours: number) =>
      post(delegator, '/approvals/delegations', {
        delegateId,
        from: inHours(fromHours),
        to: inHours(toHours),
      });

    it('reads a window written with offsets and fractions of a second as the same instants', async () => {
      const delegator = await makeUser({ role: 'AGENT', departmentId: w.hrDept.id });
      const start = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_600_000);
      const end = new Date(start.getTime() + 3_600_000);
      const written = (d: Date, minutes: number, offset: string) =>
        new Date(d.getTime() + minutes * 60_000).toISOString().slice(0, 19) + '.250000000' + offset;
      const res = await post(delegator, '/approvals/delegations', {
        delegateId: delegate.id,
        from: written(start, 330, '+05:30'),
        to: written(end, -210, '-0330'),
      });
      expect(res.status).toBe(201);
      expect([res.body.data.from, res.body.data.to]).toEqual([
        new Date(start.getTime() + 250).toISOString(),
        new Date(end.getTime() + 250).toISOString(),
      ]);
    });

    it('refuses bad windows: to oneself, to an inactive user, backwards, past, overlapping', async () => {
      const inactive = await makeUser({ role: 'AGENT', departmentId: w.hrDept.id });
      await sql('UPDATE users SET is_active = false WHERE id = $1', [inactive.id]);
      const cases: Array<[object, string]> = [
        [{ delegateId: delegate.id, from: inHours(1), to: inHours(2), extra: 1 }, 'extra'],
        [{ delegateId: delegate.id, from: 'tomorrow', to: inHours(2) }, 'from'],
        // ISO 8601 forms JavaScript cannot read
        [{ delegateId: delegate.id, from: '2026-W01-1', to: inHours(2) }, 'from'],
        [{ delegateId: delegate.id, from: inHours(1), to: '2030-100' }, 'to'],
        [{ delegateId: delegate.id, from: inHours(1), to: '20300101' }, 'to'],
        // days JavaScript would move, a year PostgreSQL has not, offsets it refuses, years past 9999 in UTC
        [{ delegateId: delegate.id, from: inHours(1), to: '2030-02-30T00:00:00Z' }, 'to'],
        [{ delegateId: delegate.id, from: inHours(1), to: '2030-01-01T24:00:00Z' }, 'to'],
        [{ delegateId: delegate.id, from: '0000-01-01T00:00:00Z', to: inHours(2) }, 'from'],
        [{ delegateId: delegate.id, from: inHours(1), to: '2030-01-01T00:00:00+16:00' }, 'to'],
        [{ delegateId: delegate.id, from: inHours(1), to: '9999-12-31T23:59:59-15:59' }, 'to'],
        [{ delegateId: delegate.id, from: inHours(1), to: '+275760-09-13T00:00:00Z' }, 'to'],
        [{ delegateId: delegate.id, from: inHours(2), to: inHours(1) }, 'to'],
        [{ delegateId: delegate.id, from: inHours(-3), to: inHours(-1) }, 'to'],
        [{ delegateId: delegate.id, from: inHours(1) }, 'to'],
        [{ delegateId: 'someone', from: inHours(1), to: inHours(2) }, 'delegateId'],
      ];
      for (const [body, field] of cases) {
        const res = await post(w.finB, '/approvals/delegations', body);
        expect({ body, status: res.status, field: res.body.error?.details?.[0]?.field }).toEqual({
          body,
          status: 400,
          field,
        });
      }
      const self = await openDelegation(w.finB, w.finB.id, 1, 2);
      expect(self.status).toBe(400);
      expect(self.body.error.details[0]).toEqual({
        field: 'delegateId',
        message: 'you cannot delegate to yourself',
      });
      const gone = await openDelegation(w.finB, inactive.id, 1, 2);
      expect(gone.status).toBe(400);
      expect(gone.body.error.details[0].field).toBe('delegateId');

      expect((await openDelegation(w.finB, delegate.id, 10, 20)).status).toBe(201);
      const overlap = await openDelegation(w.finB, w.outsider.id, 15, 30);
      expect(overlap.status).toBe(409);
      // touching windows do not overlap
      expect((await openDelegation(w.finB, w.outsider.id, 20, 30)).status).toBe(201);
      expect(
        await sql('SELECT id FROM approval_delegations WHERE delegator_id = $1', [w.finB.id]),
      ).toHaveLength(2);
    });

    it('lets the delegate decide in the delegator’s name inside the window only', async () => {
      const created = await openDelegation(w.finA, delegate.id, 1, 5);
      expect(created.status).toBe(201);
      const delegation = created.body.data as { id: string; active: boolean };
      expect(delegation.active).toBe(false);
      const ticket = await file(item.id);
      const id = await approvalOf(ticket.id);

      // before the window: nothing to see, nothing to decide
      expect(await pendingOf(delegate)).toEqual([]);
      expect((await get(delegate, `/approvals/${id}`)).status).toBe(404);
      expect((await approve(delegate, id)).status).toBe(404);

      // inside the window
      await sql(`UPDATE approval_delegations SET starts_at = now() - interval '1 hour' WHERE id = $1`, [
        delegation.id,
      ]);
      // everything A waits on, this request among them, in A's name
      const standingIn = await pendingOf(delegate);
      expect(standingIn.filter((p) => p.id === id)).toEqual([
        expect.objectContaining({ id, ticketId: ticket.id, step: 1, onBehalfOf: w.finA.id }),
      ]);
      expect(standingIn.every((p) => p.onBehalfOf === w.finA.id)).toBe(true);
      expect(standingIn.map((p) => p.id).sort()).toEqual((await pendingOf(w.finA)).map((p) => p.id).sort());
      const read = await get(delegate, `/approvals/${id}`);
      expect(read.status).toBe(200);
      expect(read.body.data.ticket.description).toBe('Mine broke');
      const listed = await get(delegate, '/approvals/delegations');
      expect(listed.body.data).toContainEqual(expect.objectContaining({ id: delegation.id, active: true }));

      const decided = await approve(delegate, id, { comment: 'On behalf of A' });
      expect(decided.status).toBe(200);
      expect(decided.body.data.steps[0].decisions).toEqual([
        expect.objectContaining({ approverId: w.finA.id, decidedBy: delegate.id, onBehalfOf: w.finA.id }),
      ]);
      const [entry] = (await historyOf(ticket.id)).filter((h) => h.type === 'APPROVAL_DECIDED');
      expect(entry).toMatchObject({
        actorId: delegate.id,
        details: { decidedBy: delegate.id, onBehalfOf: w.finA.id, decision: 'APPROVED' },
      });
      // A's decision is taken: A and the delegate both get 409
      expect((await approve(w.finA, id)).status).toBe(409);
      expect((await approve(delegate, id)).status).toBe(409);

      // after the window: a new request of A's is out of the delegate's reach again
      await sql(
        `UPDATE approval_delegations SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 minute'
          WHERE id = $1`,
        [delegation.id],
      );
      const later = await file(item.id);
      const laterId = await approvalOf(later.id);
      expect(await pendingOf(delegate)).toEqual([]);
      expect((await get(delegate, `/approvals/${laterId}`)).status).toBe(404);
      expect((await approve(delegate, laterId)).status).toBe(404);
      expect((await approve(delegate, laterId, { onBehalfOf: w.finA.id })).status).toBe(404);
    });

    it('gives a requester who is a delegate no say on their own ticket', async () => {
      const approver = await makeUser({ role: 'AGENT', departmentId: w.finDept.id });
      const requester = await makeUser({ role: 'AGENT', departmentId: w.hrDept.id });
      const own = await makeItem([{ mode: 'ANY', approvers: [{ userId: approver.id }] }]);
      const created = await openDelegation(approver, requester.id, 1, 5);
      expect(created.status).toBe(201);
      await sql(`UPDATE approval_delegations SET starts_at = now() - interval '1 hour' WHERE id = $1`, [
        created.body.data.id,
      ]);
      const mine = await file(own.id, requester);
      const mineId = await approvalOf(mine.id);
      const theirs = await file(own.id);
      const theirsId = await approvalOf(theirs.id);

      // the delegation still works on someone else's ticket, not on the delegate's own
      expect((await pendingOf(requester)).map((p) => [p.id, p.onBehalfOf])).toEqual([
        [theirsId, approver.id],
      ]);
      const [event] = await eventsOf(mine.id, 'approval.requested');
      expect(event.payload.data.recipientIds).toEqual([approver.id]);
      for (const body of [{}, { onBehalfOf: approver.id }]) {
        const res = await approve(requester, mineId, body);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      expect((await approvalState(mineId)).status).toBe('PENDING');
      expect((await pendingOf(approver)).map((p) => p.id).sort()).toEqual([mineId, theirsId].sort());
      expect((await approve(approver, mineId)).status).toBe(200);
      expect((await approve(requester, theirsId)).status).toBe(200);
    });

    it('tells active delegates when a step opens for their delegator, and ends with DELETE', async () => {
      const created = await openDelegation(w.finB, w.outsider.id, 40, 50);
      expect(created.status).toBe(201);
      await sql(`UPDATE approval_delegations SET starts_at = now() - interval '1 hour' WHERE id = $1`, [
        created.body.data.id,
      ]);
      const ticket = await file(item.id);
      const [event] = await eventsOf(ticket.id, 'approval.requested');
      expect(event.payload.data.recipientIds).toEqual(
        expect.arrayContaining([w.finA.id, w.finB.id, w.outsider.id]),
      );
      await smtp.waitFor(
        (m) =>
          recipientOf(m) === w.outsider.email &&
          (m.text ?? '').includes(`${ticket.pid} waits for your approval`),
      );
      expect((await pendingOf(w.outsider)).map((p) => p.onBehalfOf)).toContain(w.finB.id);

      // the delegate may not end it; someone else does not see it; the delegator does
      expect((await del(w.outsider, `/approvals/delegations/${created.body.data.id}`)).status).toBe(403);
      expect((await del(w.finA, `/approvals/delegations/${created.body.data.id}`)).status).toBe(404);
      expect((await del(w.finB, `/approvals/delegations/${created.body.data.id}`)).status).toBe(204);
      expect((await pendingOf(w.outsider)).some((p) => p.ticketId === ticket.id)).toBe(false);
    });
  });

  describe('deactivated approvers, reassignment and the stale list', () => {
    /** A ticket waiting on one `mode` step whose approvers include someone deactivated once it waits. */
    const waitingOnDeactivated = async (mode: 'ALL' | 'ANY', approvers: (gone: TestUser) => Rule[]) => {
      const gone = await makeUser({ role: 'AGENT', departmentId: w.finDept.id });
      const item = await makeItem([{ mode, approvers: approvers(gone) }]);
      const ticket = await file(item.id);
      const id = await approvalOf(ticket.id);
      expect((await del(w.admin, `/users/${gone.id}`)).status).toBeLessThan(300);
      return { gone, ticket, id };
    };

    it('lets an ANY step go on without a deactivated approver', async () => {
      const { ticket, id } = await waitingOnDeactivated('ANY', (gone) => [
        { userId: gone.id },
        { userId: w.finA.id },
      ]);
      expect((await approve(w.finA, id)).status).toBe(200);
      expect((await ticketOf(ticket.id)).status).toBe('OPEN');
    });

    it('holds an ALL step for a deactivated approver until an ADMIN replaces them', async () => {
      const { gone, ticket, id } = await waitingOnDeactivated('ALL', (gone) => [
        { userId: w.finA.id },
        { userId: gone.id },
      ]);
      expect((await approve(w.finA, id)).status).toBe(200);
      expect((await approvalState(id)).status).toBe('PENDING');
      const read = await get(w.admin, `/approvals/${id}`);
      expect(read.body.data.steps[0].approvers).toContainEqual(
        expect.objectContaining({ userId: gone.id, active: false, waiting: true }),
      );

      // the stale list shows it once it has waited longer than APPROVAL_STALE_HOURS (48 here)
      const stale = async () =>
        ((await get(w.admin, '/approvals?stale=true&limit=100')).body.data as Array<{ id: string }>).map(
          (r) => r.id,
        );
      expect(await stale()).not.toContain(id);
      await sql(`UPDATE approval_requests SET created_at = now() - interval '49 hours' WHERE id = $1`, [id]);
      expect(await stale()).toContain(id);
      expect((await get(w.finA, '/approvals?stale=true')).status).toBe(403);

      const reassign = (who: TestUser, body: object) => post(who, `/approvals/${id}/reassign`, body);
      expect((await reassign(w.finA, { fromUserId: gone.id, toUserId: w.finB.id })).status).toBe(403);
      const bad = await reassign(w.admin, { fromUserId: w.finA.id, toUserId: w.finB.id });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].field).toBe('fromUserId');
      expect((await reassign(w.admin, { fromUserId: gone.id, toUserId: w.requester.id })).status).toBe(400);
      expect((await reassign(w.admin, { fromUserId: gone.id, toUserId: w.finA.id })).status).toBe(409);
      const done = await reassign(w.admin, { fromUserId: gone.id, toUserId: w.finB.id });
      expect(done.status).toBe(200);
      expect(done.body.data.steps[0].approvers).toContainEqual(
        expect.objectContaining({ userId: gone.id, replacedBy: w.finB.id, waiting: false }),
      );
      expect(await pendingOf(w.finB)).toContainEqual(expect.objectContaining({ id }));
      expect((await get(w.finB, `/tickets/${ticket.id}`)).status).toBe(200);
      expect((await historyOf(ticket.id)).filter((h) => h.type === 'APPROVAL_REQUESTED')).toContainEqual(
        expect.objectContaining({
          actorId: w.admin.id,
          details: expect.objectContaining({ approverIds: [w.finB.id], replaces: gone.id }),
        }),
      );
      // only the replacement that took effect is in the audit log
      const audited = await sql<{ actor_id: string; before: object; after: object }>(
        `SELECT actor_id, before, after FROM audit_log WHERE entity_type = 'approval' AND entity_id = $1`,
        [id],
      );
      expect(audited).toEqual([
        {
          actor_id: w.admin.id,
          before: { ticketId: ticket.id, step: 1, approverId: gone.id },
          after: { ticketId: ticket.id, step: 1, approverId: w.finB.id },
        },
      ]);

      expect((await approve(w.finB, id)).status).toBe(200);
      expect((await ticketOf(ticket.id)).status).toBe('OPEN');
      expect(await stale()).not.toContain(id);
      expect((await reassign(w.admin, { fromUserId: w.finB.id, toUserId: w.finA.id })).status).toBe(409);
    });

    it('asks the ADMINs when the rules name nobody who could decide, and never the requester', async () => {
      // an END_USER has no department, so "team leads of the requester's department" is nobody
      const item = await makeItem([
        { mode: 'ALL', approvers: [{ role: 'TEAM_LEAD', scope: 'REQUESTER_DEPARTMENT' }] },
      ]);
      const ticket = await file(item.id);
      const id = await approvalOf(ticket.id);
      const read = await get(w.admin, `/approvals/${id}`);
      expect(read.body.data.steps[0].mode).toBe('ANY');
      expect(read.body.data.steps[0].approvers).toContainEqual(
        expect.objectContaining({ userId: w.admin.id, source: 'FALLBACK_ADMIN' }),
      );
      expect((await approve(w.admin, id)).status).toBe(200);
      expect((await ticketOf(ticket.id)).status).toBe('OPEN');

      // a team lead filing an item their own department's leads approve is not asked to approve it
      const leadItem = await makeItem([
        { mode: 'ANY', approvers: [{ role: 'TEAM_LEAD', scope: 'ITEM_DEPARTMENT' }] },
      ]);
      const own = await file(leadItem.id, w.leadIT1);
      const ownId = await approvalOf(own.id);
      const approvers = (await get(w.admin, `/approvals/${ownId}`)).body.data.steps[0].approvers;
      expect(approvers.map((a: { userId: string }) => a.userId)).toEqual([w.leadIT2.id]);
      expect((await approve(w.leadIT1, ownId)).status).toBe(403);
    });
  });
});
