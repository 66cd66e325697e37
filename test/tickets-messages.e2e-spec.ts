import { sql } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

describe('tickets (e2e)', () => {
  const { w, get, post, createTicket } = ticketSuite();

  describe('messages and internal notes', () => {
    it('keeps internal notes from the requester everywhere', async () => {
      const t = await createTicket(w.requester);
      expect((await post(w.requester, `/tickets/${t.id}/messages`, { body: 'Any news?' })).status).toBe(201);
      const note = await post(w.agentA, `/tickets/${t.id}/messages`, {
        body: 'Secret: user is VIP',
        internal: true,
      });
      expect(note.status).toBe(201);
      expect(note.body.data.internal).toBe(true);
      expect((await post(w.agentA, `/tickets/${t.id}/messages`, { body: 'Looking into it' })).status).toBe(
        201,
      );

      const mine = await get(w.requester, `/tickets/${t.id}/messages`);
      expect(mine.status).toBe(200);
      expect(mine.body.data.map((m: any) => m.body)).toEqual(['Any news?', 'Looking into it']);
      expect(mine.body.pagination.total).toBe(2);
      expect(JSON.stringify(mine.body)).not.toContain('VIP');

      const staff = await get(w.agentA, `/tickets/${t.id}/messages`);
      expect(staff.status).toBe(200);
      expect(staff.body.data.map((m: any) => m.body)).toEqual([
        'Any news?',
        'Secret: user is VIP',
        'Looking into it',
      ]);

      const history = await get(w.requester, `/tickets/${t.id}/history`);
      expect(history.status).toBe(200);
      expect(history.body.data.map((h: any) => h.type)).not.toContain('NOTE_ADDED');
      expect(JSON.stringify(history.body)).not.toContain(note.body.data.id);
      const staffHistory = await get(w.agentA, `/tickets/${t.id}/history`);
      expect(staffHistory.status).toBe(200);
      expect(staffHistory.body.data.map((h: any) => h.type)).toContain('NOTE_ADDED');
    });

    it('keeps notes from staff who only requested the ticket (another department)', async () => {
      const t = await createTicket(w.agentB); // an agent of department B asks department A for help
      expect(
        (
          await post(w.agentA, `/tickets/${t.id}/messages`, {
            body: 'hr-only remark about the caller',
            internal: true,
          })
        ).status,
      ).toBe(201);
      const msgs = await get(w.agentB, `/tickets/${t.id}/messages`);
      expect(msgs.status).toBe(200);
      expect(JSON.stringify(msgs.body)).not.toContain('hr-only');
      expect(msgs.body.pagination.total).toBe(0);
      const history = await get(w.agentB, `/tickets/${t.id}/history`);
      expect(history.status).toBe(200);
      expect(history.body.data.map((h: any) => h.type)).not.toContain('NOTE_ADDED');
      const search = await get(w.agentB, '/tickets?q=hr-only');
      expect(search.status).toBe(200);
      expect(search.body.pagination.total).toBe(0);
      const staffSearch = await get(w.agentA, '/tickets?q=hr-only');
      expect(staffSearch.status).toBe(200);
      expect(staffSearch.body.data.map((x: any) => x.id)).toContain(t.id);
    });

    it('refuses internal notes from the requester with 403', async () => {
      const t = await createTicket(w.requester);
      expect(
        (await post(w.requester, `/tickets/${t.id}/messages`, { body: 'sneaky', internal: true })).status,
      ).toBe(403);
    });

    it('sets firstResponseAt on the first public staff reply only', async () => {
      const t = await createTicket(w.requester);
      expect(
        (await post(w.agentA, `/tickets/${t.id}/messages`, { body: 'note', internal: true })).status,
      ).toBe(201);
      let current = await get(w.agentA, `/tickets/${t.id}`);
      expect(current.status).toBe(200);
      expect(current.body.data.firstResponseAt).toBeNull();
      const reply = await post(w.agentA, `/tickets/${t.id}/messages`, { body: 'Hello' });
      expect(reply.status).toBe(201);
      expect((await post(w.leadA, `/tickets/${t.id}/messages`, { body: 'Hello again' })).status).toBe(201);
      current = await get(w.agentA, `/tickets/${t.id}`);
      expect(current.status).toBe(200);
      expect(current.body.data.firstResponseAt).toBe(reply.body.data.createdAt);
    });

    it('moves PENDING_USER back to IN_PROGRESS when the requester replies', async () => {
      const t = await createTicket(w.requester);
      expect((await post(w.agentA, `/tickets/${t.id}/status`, { status: 'PENDING_USER' })).status).toBe(200);
      expect(
        (await post(w.requester, `/tickets/${t.id}/messages`, { body: 'Here is the info' })).status,
      ).toBe(201);
      const after = await get(w.requester, `/tickets/${t.id}`);
      expect(after.status).toBe(200);
      expect(after.body.data.status).toBe('IN_PROGRESS');
    });

    it('pages messages oldest first and validates the body', async () => {
      const t = await createTicket(w.requester);
      for (const body of ['one', 'two', 'three']) {
        expect((await post(w.requester, `/tickets/${t.id}/messages`, { body })).status).toBe(201);
      }
      const p2 = await get(w.requester, `/tickets/${t.id}/messages?page=2&limit=2`);
      expect(p2.status).toBe(200);
      expect(p2.body.data.map((m: any) => m.body)).toEqual(['three']);
      expect(p2.body.pagination).toMatchObject({ page: 2, limit: 2, total: 3, totalPages: 2 });
      expect((await post(w.requester, `/tickets/${t.id}/messages`, { body: '' })).status).toBe(400);
      expect(
        (await post(w.requester, `/tickets/${t.id}/messages`, { body: 'x', internal: 'yes' })).status,
      ).toBe(400);
    });
  });

  describe('append-only records', () => {
    it('refuses UPDATE and DELETE on history and messages in the database itself', async () => {
      const t = await createTicket(w.requester);
      expect((await post(w.requester, `/tickets/${t.id}/messages`, { body: 'original' })).status).toBe(201);
      await expect(sql(`UPDATE ticket_history SET type = 'X' WHERE ticket_id = $1`, [t.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(sql(`DELETE FROM ticket_history WHERE ticket_id = $1`, [t.id])).rejects.toThrow(
        /append-only/,
      );
      await expect(
        sql(`UPDATE ticket_messages SET body = 'edited' WHERE ticket_id = $1`, [t.id]),
      ).rejects.toThrow(/append-only/);
      await expect(sql(`DELETE FROM ticket_messages WHERE ticket_id = $1`, [t.id])).rejects.toThrow(
        /append-only/,
      );
      const [m] = await sql<{ body: string }>('SELECT body FROM ticket_messages WHERE ticket_id = $1', [
        t.id,
      ]);
      expect(m.body).toBe('original');
    });
  });
});
