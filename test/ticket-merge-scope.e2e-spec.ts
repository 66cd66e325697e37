import { Json } from './support/api';
import { makeTicket, makeUser, sql, TestUser } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

/**
 * Merges and links never show a ticket to someone outside its scope: a RESTRICTED ticket's messages and files stay
 * with those who may read it after it is merged into another, and a timeline names another ticket (id, PID) only to
 * callers who may see that ticket.
 */
describe('merge and link scope (e2e)', () => {
  const { w, get, post, patch, del, uploadText, seedTicket } = ticketSuite();

  const bodiesOf = (res: Json) => (res.body.data as Array<{ body: string }>).map((m) => m.body);
  const historyOf = async (who: TestUser, ticketId: string): Promise<Json[]> => {
    const res = await get(who, `/tickets/${ticketId}/history?limit=100`);
    expect(res.status).toBe(200);
    return res.body.data as Json[];
  };
  const entry = (history: Json[], type: string) => history.find((h) => h.type === type)!;

  describe('merging a RESTRICTED ticket', () => {
    let agentY: TestUser;
    let source: { id: string; pid: string };
    let target: { id: string; pid: string };
    let fileId: string;

    beforeAll(async () => {
      agentY = await makeUser({ role: 'AGENT', departmentId: w.deptA.id });
      // the source is restricted to its requester and its assignee (agent A); the target is the department's
      source = await makeTicket({
        requesterId: w.requester.id,
        departmentId: w.deptA.id,
        visibility: 'RESTRICTED',
        assigneeId: w.agentA.id,
        status: 'IN_PROGRESS',
      });
      target = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptA.id });
      expect(
        (await post(w.requester, `/tickets/${source.id}/messages`, { body: 'secret reply' })).status,
      ).toBe(201);
      const note = await post(w.agentA, `/tickets/${source.id}/messages`, {
        body: 'secret note',
        internal: true,
      });
      expect(note.status).toBe(201);
      const upload = await uploadText(w.requester, source.id, 'secret.txt', 'secret file\n');
      expect(upload.status).toBe(201);
      fileId = upload.body.data.id;
      expect((await post(w.agentA, `/tickets/${target.id}/messages`, { body: 'target reply' })).status).toBe(
        201,
      );
      expect((await post(w.agentA, `/tickets/${source.id}/merge`, { targetId: target.id })).status).toBe(200);
    });

    it('keeps its messages and files from an agent of the department who is not party to it', async () => {
      expect((await get(agentY, `/tickets/${source.id}`)).status).toBe(404);
      const messages = await get(agentY, `/tickets/${target.id}/messages`);
      expect(bodiesOf(messages)).toEqual(['target reply']);
      expect(messages.body.pagination.total).toBe(1);
      const files = await get(agentY, `/tickets/${target.id}/attachments`);
      expect(files.body.data).toEqual([]);
      expect((await get(agentY, `/attachments/${fileId}`)).status).toBe(404);
    });

    it("keeps them from the target's requester", async () => {
      const messages = await get(w.otherUser, `/tickets/${target.id}/messages`);
      expect(bodiesOf(messages)).toEqual(['target reply']);
      expect((await get(w.otherUser, `/tickets/${target.id}/attachments`)).body.data).toEqual([]);
      expect((await get(w.otherUser, `/attachments/${fileId}`)).status).toBe(404);
    });

    it('shows them on the target to those who may read the source', async () => {
      const staff = await get(w.agentA, `/tickets/${target.id}/messages`);
      expect(bodiesOf(staff).sort()).toEqual(['secret note', 'secret reply', 'target reply']);
      const files = await get(w.agentA, `/tickets/${target.id}/attachments`);
      expect(files.body.data.map((f: Json) => f.id)).toEqual([fileId]);
      expect((await get(w.agentA, `/attachments/${fileId}`)).status).toBe(200);
      const admin = await get(w.admin, `/tickets/${target.id}/messages`);
      expect(bodiesOf(admin)).toHaveLength(3);
    });
  });

  describe("the content of a merged ticket on its target's lists", () => {
    it('names the merged ticket only to readers who may read it, else the target', async () => {
      const source = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
      const target = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptA.id });
      expect(
        (await post(w.requester, `/tickets/${source.id}/messages`, { body: 'source reply' })).status,
      ).toBe(201);
      const upload = await uploadText(w.requester, source.id, 'source.txt', 'source file\n');
      expect(upload.status).toBe(201);
      expect((await post(w.agentA, `/tickets/${source.id}/merge`, { targetId: target.id })).status).toBe(200);

      // the target's requester may not read the source: its message and file show, naming the target
      expect((await get(w.otherUser, `/tickets/${source.id}`)).status).toBe(404);
      const messages = await get(w.otherUser, `/tickets/${target.id}/messages?limit=100`);
      expect(messages.status).toBe(200);
      expect(messages.body.data).toEqual([
        expect.objectContaining({ body: 'source reply', ticketId: target.id }),
      ]);
      expect(JSON.stringify(messages.body)).not.toContain(source.id);
      const files = await get(w.otherUser, `/tickets/${target.id}/attachments?limit=100`);
      expect(files.body.data).toEqual([
        expect.objectContaining({ id: upload.body.data.id, ticketId: target.id }),
      ]);
      expect(JSON.stringify(files.body)).not.toContain(source.id);

      // staff who read both, and ADMINs, see the source named
      for (const who of [w.agentA, w.admin]) {
        const staff = await get(who, `/tickets/${target.id}/messages?limit=100`);
        expect((staff.body.data as Json[]).find((m) => m.body === 'source reply')?.ticketId).toBe(source.id);
        const listed = await get(who, `/tickets/${target.id}/attachments?limit=100`);
        expect((listed.body.data as Json[]).map((f) => f.ticketId)).toEqual([source.id]);
      }
    });
  });

  describe('the ticket a merged one went into (mergedIntoId)', () => {
    it('is named only to readers who may read it, like the merge link and the history entry', async () => {
      const source = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
      const target = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptA.id });
      expect((await post(w.agentA, `/tickets/${source.id}/merge`, { targetId: target.id })).status).toBe(200);

      // the source's requester may not read the target
      const mine = await get(w.requester, `/tickets/${source.id}`);
      expect(mine.body.data).toMatchObject({ status: 'CLOSED', mergedIntoId: null });
      expect((await get(w.requester, `/tickets/${source.pid}`)).body.data.mergedIntoId).toBeNull();
      const listed = await get(w.requester, `/tickets?limit=100`);
      expect((listed.body.data as Json[]).find((t) => t.id === source.id)).toMatchObject({
        mergedIntoId: null,
      });
      expect(JSON.stringify(listed.body)).not.toContain(target.id);
      expect((await get(w.requester, `/tickets/${source.id}/links`)).body.data).toEqual([]);
      expect(entry(await historyOf(w.requester, source.id), 'STATUS_CHANGED').details.mergedInto).toBeNull();

      // staff who read both, and ADMINs, see it
      for (const who of [w.agentA, w.admin]) {
        expect((await get(who, `/tickets/${source.id}`)).body.data.mergedIntoId).toBe(target.id);
        const list = await get(who, `/tickets?limit=100&status=CLOSED&departmentId=${w.deptA.id}`);
        expect((list.body.data as Json[]).find((t) => t.id === source.id)?.mergedIntoId).toBe(target.id);
      }
    });

    it('is named in a list filtered by status and priority only to readers who may read it', async () => {
      // a list by status × priority reads one range per pair and merges them; the target's check runs on the page
      const hiddenFrom = await makeTicket({
        requesterId: w.requester.id,
        departmentId: w.deptA.id,
        priority: 'URGENT',
      });
      const shownFrom = await makeTicket({
        requesterId: w.requester.id,
        departmentId: w.deptA.id,
        priority: 'HIGH',
      });
      const hiddenTarget = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptB.id });
      const shownTarget = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptA.id });
      expect(
        (await post(w.admin, `/tickets/${hiddenFrom.id}/merge`, { targetId: hiddenTarget.id })).status,
      ).toBe(200);
      expect(
        (await post(w.admin, `/tickets/${shownFrom.id}/merge`, { targetId: shownTarget.id })).status,
      ).toBe(200);
      const query = `/tickets?limit=100&status=CLOSED,OPEN&priority=URGENT,HIGH&departmentId=${w.deptA.id}`;
      const mergedIntoOf = async (who: TestUser) => {
        const res = await get(who, query);
        expect(res.status).toBe(200);
        const rows = res.body.data as Json[];
        return [hiddenFrom, shownFrom].map((s) => rows.find((t) => t.id === s.id)?.mergedIntoId);
      };

      expect(await mergedIntoOf(w.agentA)).toEqual([null, shownTarget.id]);
      expect(JSON.stringify((await get(w.agentA, query)).body)).not.toContain(hiddenTarget.id);
      expect(await mergedIntoOf(w.admin)).toEqual([hiddenTarget.id, shownTarget.id]);
    });

    it('stays hidden in what an edit or a macro answers to staff who work the ticket but cannot read the target', async () => {
      const source = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
      const target = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptB.id });
      expect((await post(w.admin, `/tickets/${source.id}/merge`, { targetId: target.id })).status).toBe(200);

      expect((await get(w.agentA, `/tickets/${source.id}`)).body.data.mergedIntoId).toBeNull();
      const edited = await patch(w.agentA, `/tickets/${source.id}`, { tags: ['duplicate'] });
      expect(edited.status).toBe(200);
      expect(edited.body.data).toMatchObject({ tags: ['duplicate'], mergedIntoId: null });
      const macro = await post(w.agentA, '/macros', {
        name: `tag ${source.pid}`,
        actions: { tags: { add: ['seen'] } },
      });
      expect(macro.status).toBe(201);
      const applied = await post(w.agentA, `/tickets/${source.id}/macros/${macro.body.data.id}`);
      expect(applied.status).toBe(200);
      expect(applied.body.data).toMatchObject({ tags: ['duplicate', 'seen'], mergedIntoId: null });
      expect((await patch(w.admin, `/tickets/${source.id}`, { tags: ['dup'] })).body.data.mergedIntoId).toBe(
        target.id,
      );
    });
  });

  describe('downloading a file of a merged ticket', () => {
    const upload = async (who: TestUser, ticketId: string, name: string, messageId?: string) => {
      const res = await uploadText(who, ticketId, name, `${name}\n`, messageId);
      expect(res.status).toBe(201);
      expect(res.body.data.messageId).toBe(messageId ?? null);
      return res.body.data.id as string;
    };
    const note = async (who: TestUser, ticketId: string, body: string) => {
      const res = await post(who, `/tickets/${ticketId}/messages`, { body, internal: true });
      expect(res.status).toBe(201);
      return res.body.data.id as string;
    };
    /** a file on an internal note `who` writes on the ticket first */
    const uploadOnNote = async (who: TestUser, ticketId: string, name: string) =>
      upload(who, ticketId, name, await note(who, ticketId, 'n'));
    const listed = async (who: TestUser, ticketId: string): Promise<string[]> => {
      const res = await get(who, `/tickets/${ticketId}/attachments?limit=100`);
      expect(res.status).toBe(200);
      return (res.body.data as Json[]).map((f) => f.id as string).sort();
    };
    /** every file is downloadable by `who` exactly when one of the lists they may read shows it */
    const expectDownloadsMatchLists = async (who: TestUser, files: string[], lists: string[][]) => {
      const shown = new Set(lists.flat());
      for (const file of files) {
        const status = (await get(who, `/attachments/${file}`)).status;
        expect({ file, status }).toEqual({ file, status: shown.has(file) ? 200 : 404 });
      }
    };

    it('follows the lists through a chain of merges, a RESTRICTED ticket in the middle', async () => {
      // inner (INTERNAL) was merged into middle (RESTRICTED to agent A), which was merged into top
      const inner = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
      const middle = await makeTicket({
        requesterId: w.requester.id,
        departmentId: w.deptA.id,
        visibility: 'RESTRICTED',
        assigneeId: w.agentA.id,
      });
      const top = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptA.id });
      const innerFile = await upload(w.requester, inner.id, 'inner.txt');
      const innerNoteFile = await uploadOnNote(w.agentA, inner.id, 'inner-note.txt');
      const middleFile = await upload(w.requester, middle.id, 'middle.txt');
      const topFile = await upload(w.otherUser, top.id, 'top.txt');
      expect((await post(w.agentA, `/tickets/${inner.id}/merge`, { targetId: middle.id })).status).toBe(200);
      expect((await post(w.agentA, `/tickets/${middle.id}/merge`, { targetId: top.id })).status).toBe(200);
      const files = [innerFile, innerNoteFile, middleFile, topFile];
      const agentY = await makeUser({ role: 'AGENT', departmentId: w.deptA.id });

      // the top's requester: the INTERNAL inner ticket's public file shows on the top, the restricted middle's not
      expect(await listed(w.otherUser, top.id)).toEqual([innerFile, topFile].sort());
      await expectDownloadsMatchLists(w.otherUser, files, [await listed(w.otherUser, top.id)]);
      // an agent of the department not party to the middle: the note's file too, never the middle's
      expect(await listed(agentY, top.id)).toEqual([innerFile, innerNoteFile, topFile].sort());
      await expectDownloadsMatchLists(agentY, files, [await listed(agentY, top.id)]);
      // agent A may read all three
      expect(await listed(w.agentA, top.id)).toEqual([...files].sort());
      await expectDownloadsMatchLists(w.agentA, files, [await listed(w.agentA, top.id)]);
      // an agent of another department sees none of them
      await expectDownloadsMatchLists(w.agentB, files, []);
    });

    it("gives a file on a merged ticket's note to whoever works the target, as the target's list shows it", async () => {
      // agent B requested the duplicate (so reads it, without working it) and is assigned the target
      const duplicate = await makeTicket({ requesterId: w.agentB.id, departmentId: w.deptA.id });
      const target = await makeTicket({
        requesterId: w.otherUser.id,
        departmentId: w.deptA.id,
        assigneeId: w.agentB.id,
      });
      const noteFile = await uploadOnNote(w.agentA, duplicate.id, 'note.txt');
      const publicFile = await upload(w.agentB, duplicate.id, 'public.txt');
      expect((await post(w.admin, `/tickets/${duplicate.id}/merge`, { targetId: target.id })).status).toBe(
        200,
      );

      expect(await listed(w.agentB, duplicate.id)).toEqual([publicFile]);
      expect(await listed(w.agentB, target.id)).toEqual([noteFile, publicFile].sort());
      await expectDownloadsMatchLists(
        w.agentB,
        [noteFile, publicFile],
        [await listed(w.agentB, duplicate.id), await listed(w.agentB, target.id)],
      );
    });
  });

  describe('timelines naming another ticket', () => {
    it('hide a linked ticket the caller cannot see, for an end user and for an agent of another department', async () => {
      const ta = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
      const tb = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptB.id });
      const linked = await post(w.admin, `/tickets/${ta.id}/links`, { targetId: tb.id, type: 'RELATED' });
      expect(linked.status).toBe(201);
      expect((await del(w.admin, `/tickets/${ta.id}/links/${linked.body.data.id}`)).status).toBe(204);

      for (const [who, own, far] of [
        [w.requester, ta, tb],
        [w.agentA, ta, tb],
        [w.agentB, tb, ta],
      ] as const) {
        const history = await historyOf(who, own.id);
        expect(history.map((h) => h.type)).toEqual(['LINKED', 'UNLINKED']);
        for (const h of history)
          expect(h.details).toMatchObject({ ticketId: null, pid: null, type: 'RELATED' });
        expect(JSON.stringify(history)).not.toContain(far.pid);
        expect(JSON.stringify(history)).not.toContain(far.id);
      }
      const admin = await historyOf(w.admin, ta.id);
      expect(entry(admin, 'LINKED').details).toMatchObject({ ticketId: tb.id, pid: tb.pid });
    });

    it('name the linked ticket to a caller who can see both', async () => {
      const ta = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
      const tc = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptB.id });
      expect(
        (await post(w.admin, `/tickets/${ta.id}/links`, { targetId: tc.id, type: 'RELATED' })).status,
      ).toBe(201);
      const mine = await historyOf(w.requester, ta.id);
      expect(entry(mine, 'LINKED').details).toMatchObject({ ticketId: tc.id, pid: tc.pid });
      const other = await historyOf(w.requester, tc.id);
      expect(entry(other, 'LINKED').details).toMatchObject({ ticketId: ta.id, pid: ta.pid });
      // agent A sees the one but not the other
      expect(entry(await historyOf(w.agentA, ta.id), 'LINKED').details).toMatchObject({ ticketId: null });
    });

    it('hide the closed ticket a follow-up answers, unless the caller can see it', async () => {
      const closed = await seedTicket({ status: 'CLOSED', visibility: 'RESTRICTED' });
      const followUp = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
      await sql(
        `INSERT INTO ticket_history (ticket_id, type, actor_id, details) VALUES ($1, 'CREATED', NULL, $2)`,
        [followUp.id, JSON.stringify({ status: 'OPEN', channel: 'email', followUpOf: closed.pid })],
      );
      expect(entry(await historyOf(w.agentA, followUp.id), 'CREATED').details).toEqual({
        status: 'OPEN',
        channel: 'email',
        followUpOf: null,
      });
      expect(entry(await historyOf(w.requester, followUp.id), 'CREATED').details).toMatchObject({
        followUpOf: closed.pid,
      });
    });

    it('hide the other side of a merge the caller cannot see, and name it to staff who see both', async () => {
      const source = await makeTicket({ requesterId: w.requester.id, departmentId: w.deptA.id });
      const target = await makeTicket({ requesterId: w.otherUser.id, departmentId: w.deptA.id });
      expect((await post(w.agentA, `/tickets/${source.id}/merge`, { targetId: target.id })).status).toBe(200);

      const onTarget = await historyOf(w.otherUser, target.id);
      expect(entry(onTarget, 'MERGED').details).toMatchObject({
        direction: 'from',
        ticketId: null,
        pid: null,
      });
      expect(JSON.stringify(onTarget)).not.toContain(source.pid);
      const onSource = await historyOf(w.requester, source.id);
      expect(entry(onSource, 'MERGED').details).toMatchObject({
        direction: 'into',
        ticketId: null,
        pid: null,
      });
      expect(entry(onSource, 'STATUS_CHANGED').details).toMatchObject({ to: 'CLOSED', mergedInto: null });
      expect(JSON.stringify(onSource)).not.toContain(target.pid);
      expect(JSON.stringify(onSource)).not.toContain(target.id);

      const staff = await historyOf(w.agentA, source.id);
      expect(entry(staff, 'STATUS_CHANGED').details).toMatchObject({
        mergedInto: { id: target.id, pid: target.pid },
        reason: `merged into ${target.pid}`,
      });
      expect(entry(staff, 'MERGED').details).toMatchObject({ ticketId: target.id, pid: target.pid });
      expect(entry(await historyOf(w.agentA, target.id), 'MERGED').details).toMatchObject({
        ticketId: source.id,
        pid: source.pid,
      });
    });
  });
});
