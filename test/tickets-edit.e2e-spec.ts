import { makeTeam, TestUser } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

describe('tickets (e2e)', () => {
  const { w, http, as, get, post, patch, createTicket } = ticketSuite();

  describe('edits', () => {
    it('lets the requester edit title and description while OPEN, nothing else', async () => {
      const t = await createTicket(w.requester);
      const res = await patch(w.requester, `/tickets/${t.id}`, { title: 'Renamed by me' });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ title: 'Renamed by me', version: 2 });
      expect((await patch(w.requester, `/tickets/${t.id}`, { priority: 'URGENT' })).status).toBe(403);
      expect((await post(w.agentA, `/tickets/${t.id}/status`, { status: 'IN_PROGRESS' })).status).toBe(200);
      expect((await patch(w.requester, `/tickets/${t.id}`, { title: 'Too late now' })).status).toBe(403);
    });

    it('lets staff change priority with a PRIORITY_CHANGED history row', async () => {
      const t = await createTicket(w.requester);
      expect((await patch(w.agentA, `/tickets/${t.id}`, { priority: 'HIGH', tags: ['x'] })).status).toBe(200);
      const h = await get(w.agentA, `/tickets/${t.id}/history`);
      expect(h.status).toBe(200);
      const types = h.body.data.map((e: any) => e.type);
      expect(types).toEqual(['CREATED', 'PRIORITY_CHANGED', 'FIELD_CHANGED']);
      expect(h.body.data[1].details).toEqual({ from: 'MEDIUM', to: 'HIGH' });
      expect(h.body.data[2].details).toEqual({ field: 'tags', from: [], to: ['x'] });
    });

    it('answers a stale If-Match with 409 and a current one with 200', async () => {
      const t = await createTicket(w.requester);
      const setPriority = async (ifMatch: string, priority: string) =>
        http()
          .patch(`/api/v1/tickets/${t.id}`)
          .set(...(await as(w.agentA)))
          .set('If-Match', ifMatch)
          .send({ priority });
      expect((await setPriority('1', 'LOW')).status).toBe(200);
      const stale = await setPriority('1', 'HIGH');
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('CONFLICT');
      expect((await setPriority('"2"', 'HIGH')).status).toBe(200);
      expect((await setPriority('banana', 'HIGH')).status).toBe(400);
    });

    it('keeps teams within the ticket’s department', async () => {
      const t = await createTicket(w.requester);
      const teamA = await makeTeam(w.deptA.id);
      const teamB = await makeTeam(w.deptB.id);
      expect((await patch(w.agentA, `/tickets/${t.id}`, { teamId: teamB.id })).status).toBe(409);
      const ok = await patch(w.agentA, `/tickets/${t.id}`, { teamId: teamA.id });
      expect(ok.status).toBe(200);
      expect(ok.body.data.teamId).toBe(teamA.id);
      expect((await patch(w.agentA, `/tickets/${t.id}`, { teamId: null })).status).toBe(200);
    });

    it('refuses an empty edit with 400', async () => {
      const t = await createTicket(w.requester);
      expect((await patch(w.agentA, `/tickets/${t.id}`, {})).status).toBe(400);
    });

    it('refuses null for a field that cannot be empty (400, the field named) and changes nothing', async () => {
      const t = await createTicket(w.requester);
      const set = await patch(w.agentA, `/tickets/${t.id}`, {
        customFields: { asset: 'AT-1' },
        tags: ['kept'],
      });
      expect(set.status).toBe(200);
      for (const field of ['title', 'description', 'priority', 'tags', 'visibility', 'customFields']) {
        const res = await patch(w.agentA, `/tickets/${t.id}`, { [field]: null });
        expect({ field, status: res.status, code: res.body.error?.code }).toEqual({
          field,
          status: 400,
          code: 'VALIDATION_ERROR',
        });
        expect(res.body.error.details.map((d: any) => d.field)).toContain(field);
      }
      // the requester's own fields too
      expect((await patch(w.requester, `/tickets/${t.id}`, { title: null })).status).toBe(400);
      const after = await get(w.agentA, `/tickets/${t.id}`);
      expect(after.body.data).toMatchObject({
        title: t.title,
        version: set.body.data.version,
        customFields: { asset: 'AT-1' },
        tags: ['kept'],
      });
      // null still clears the fields that may be empty
      expect((await patch(w.agentA, `/tickets/${t.id}`, { categoryId: null, teamId: null })).status).toBe(
        200,
      );
    });
  });

  describe('lifecycle', () => {
    const move = (id: string, who: TestUser, status: string) =>
      post(who, `/tickets/${id}/status`, { status, reason: 'because' });

    it('walks the staff path and sets resolvedAt and closedAt', async () => {
      const t = await createTicket(w.requester);
      expect((await move(t.id, w.agentA, 'IN_PROGRESS')).status).toBe(200);
      const resolved = await move(t.id, w.leadA, 'RESOLVED');
      expect(resolved.body.data.resolvedAt).toEqual(expect.any(String));
      const closed = await move(t.id, w.requester, 'CLOSED');
      expect(closed.status).toBe(200);
      expect(closed.body.data.closedAt).toEqual(expect.any(String));
      const again = await move(t.id, w.admin, 'IN_PROGRESS');
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('INVALID_TRANSITION');
      const h = await get(w.requester, `/tickets/${t.id}/history`);
      expect(h.status).toBe(200);
      expect(h.body.data.filter((e: any) => e.type === 'STATUS_CHANGED').map((e: any) => e.details)).toEqual([
        { from: 'OPEN', to: 'IN_PROGRESS', reason: 'because' },
        { from: 'IN_PROGRESS', to: 'RESOLVED', reason: 'because' },
        { from: 'RESOLVED', to: 'CLOSED', reason: 'because' },
      ]);
    });

    it('answers moves outside the table with 409 and moves the requester may not make with 403', async () => {
      const t = await createTicket(w.requester);
      expect((await move(t.id, w.agentA, 'CLOSED')).status).toBe(409);
      expect((await move(t.id, w.agentA, 'OPEN')).status).toBe(409);
      expect((await move(t.id, w.requester, 'IN_PROGRESS')).status).toBe(403);
      expect((await move(t.id, w.agentA, 'PENDING_APPROVAL')).status).toBe(409);
      expect((await move(t.id, w.requester, 'CANCELLED')).status).toBe(200);
      expect((await move(t.id, w.agentA, 'OPEN')).body.error.code).toBe('INVALID_TRANSITION');
    });

    it('lets the requester reopen a resolved ticket', async () => {
      const t = await createTicket(w.requester);
      await move(t.id, w.agentA, 'RESOLVED');
      const reopened = await move(t.id, w.requester, 'IN_PROGRESS');
      expect(reopened.status).toBe(200);
      expect(reopened.body.data.resolvedAt).toBeNull();
    });

    it('counts transitions in /metrics', async () => {
      const res = await http().get('/metrics').expect(200);
      expect(res.text).toMatch(/ticket_status_transitions_total\{from="OPEN",to="IN_PROGRESS"\} \d+/);
      expect(res.text).toMatch(/tickets_created_total\{priority="MEDIUM"\} \d+/);
    });
  });

  describe('restricted tickets and view grants', () => {
    it('hides a restricted ticket from its department until access is granted', async () => {
      const t = await createTicket(w.requester, { visibility: 'RESTRICTED' });
      expect((await get(w.agentA, `/tickets/${t.id}`)).status).toBe(404);
      const list = await get(w.agentA, `/tickets?departmentId=${w.deptA.id}&limit=100`);
      expect(list.status).toBe(200);
      expect(list.body.data.map((x: any) => x.id)).not.toContain(t.id);
      expect((await post(w.requester, `/tickets/${t.id}/access`, { userId: w.agentA.id })).status).toBe(201);
      expect((await get(w.agentA, `/tickets/${t.id}`)).status).toBe(200);
      // a grant crosses departments too, for reading
      expect((await post(w.requester, `/tickets/${t.id}/access`, { userId: w.agentB.id })).status).toBe(201);
      expect((await get(w.agentB, `/tickets/${t.id}`)).status).toBe(200);
      expect((await post(w.agentB, `/tickets/${t.id}/status`, { status: 'IN_PROGRESS' })).status).toBe(403);
      const h = await get(w.admin, `/tickets/${t.id}/history`);
      expect(h.status).toBe(200);
      expect(h.body.data.filter((e: any) => e.type === 'ACCESS_GRANTED')).toHaveLength(2);
    });

    it('refuses grants on INTERNAL tickets (409), to unknown users (400), and by unrelated staff (404)', async () => {
      const t = await createTicket(w.requester);
      expect((await post(w.requester, `/tickets/${t.id}/access`, { userId: w.agentB.id })).status).toBe(409);
      const r = await createTicket(w.requester, { visibility: 'RESTRICTED' });
      expect(
        (
          await post(w.requester, `/tickets/${r.id}/access`, {
            userId: '00000000-0000-4000-8000-000000000000',
          })
        ).status,
      ).toBe(400);
      expect((await post(w.agentA, `/tickets/${r.id}/access`, { userId: w.agentA.id })).status).toBe(404);
    });
  });
});
