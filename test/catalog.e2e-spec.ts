import { NestFastifyApplication } from '@nestjs/platform-fastify';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startTestApp } from './support/app';
import { makeUser, sql, unique } from './support/factories';
import { ticketSuite } from './support/ticket-suite';
import { eventually } from './support/webhook-receiver';

/** Service categories, items, forms, the cached catalog and ticket templates. */
describe('service catalog (e2e)', () => {
  const { w, http, as, get, post, patch, del } = ticketSuite();

  /** A ticket the requester files with `title` and a one-letter description. */
  const fileTicket = (title: string, body: Record<string, unknown>) =>
    post(w.requester, '/tickets', { title, description: 'd', ...body });

  const makeCategory = async (body: Record<string, unknown> = {}) => {
    const res = await post(w.admin, '/service-categories', { name: unique('Cat'), ...body });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; name: string };
  };
  const makeItem = async (categoryId: string, body: Record<string, unknown> = {}) => {
    const res = await post(w.admin, '/service-items', {
      categoryId,
      name: unique('Item'),
      description: 'Something to request',
      departmentId: w.deptA.id,
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; version: number };
  };

  const LAPTOP_FORM = {
    type: 'object',
    required: ['model', 'quantity'],
    properties: {
      model: { type: 'string', enum: ['X1', 'X2'] },
      quantity: { type: 'integer', minimum: 1, maximum: 5 },
      deliverTo: { type: 'string', format: 'email' },
    },
    additionalProperties: false,
  };

  describe('categories', () => {
    it('are ADMIN-only to write', async () => {
      expect((await post(w.agentA, '/service-categories', { name: 'Nope' })).status).toBe(403);
      expect((await post(w.requester, '/service-items', {})).status).toBe(403);
    });

    it('refuse a move that would close a cycle, also through several levels', async () => {
      const a = await makeCategory();
      const b = await makeCategory({ parentId: a.id });
      const c = await makeCategory({ parentId: b.id });
      for (const [id, parentId] of [
        [a.id, c.id],
        [a.id, b.id],
        [b.id, c.id],
      ]) {
        const res = await patch(w.admin, `/service-categories/${id}`, { parentId });
        expect(res.status).toBe(400);
        expect(res.body.error.details[0].field).toBe('parentId');
        expect(res.body.error.details[0].message).toMatch(/cycle/);
      }
      const self = await patch(w.admin, `/service-categories/${a.id}`, { parentId: a.id });
      expect(self.status).toBe(400);
      // a legal move still works, and the tree stays a tree
      expect((await patch(w.admin, `/service-categories/${c.id}`, { parentId: a.id })).status).toBe(200);
      expect(
        (await patch(w.admin, `/service-categories/${c.id}`, { parentId: null })).body.data.parentId,
      ).toBe(null);
    });

    it('refuse an unknown parent or department, and a sibling name twice (409)', async () => {
      const none = '00000000-0000-4000-8000-000000000000';
      const noParent = await post(w.admin, '/service-categories', { name: unique('C'), parentId: none });
      expect(noParent.status).toBe(400);
      expect(noParent.body.error.details[0].field).toBe('parentId');
      const noDept = await post(w.admin, '/service-categories', { name: unique('C'), departmentId: none });
      expect(noDept.body.error.details[0].field).toBe('departmentId');
      const parent = await makeCategory();
      const name = unique('Sibling');
      await makeCategory({ name, parentId: parent.id });
      const twin = await post(w.admin, '/service-categories', {
        name: name.toUpperCase(),
        parentId: parent.id,
      });
      expect(twin.status).toBe(409);
      // the same name under another parent is fine
      expect((await post(w.admin, '/service-categories', { name })).status).toBe(201);
    });

    it('are deleted when nothing refers to them, deactivated when tickets do', async () => {
      const unused = await makeCategory();
      expect((await del(w.admin, `/service-categories/${unused.id}`)).status).toBe(204);
      expect(await sql('SELECT id FROM service_categories WHERE id = $1', [unused.id])).toEqual([]);

      const used = await makeCategory({ departmentId: w.deptA.id });
      const ticket = await fileTicket('Classified', { categoryId: used.id });
      expect(ticket.status).toBe(201);
      expect(ticket.body.data).toMatchObject({ categoryId: used.id, departmentId: w.deptA.id });
      expect((await del(w.admin, `/service-categories/${used.id}`)).status).toBe(204);
      expect((await get(w.admin, `/service-categories/${used.id}`)).body.data.isActive).toBe(false);
      // the ticket keeps its category; new tickets cannot use it
      expect((await get(w.requester, `/tickets/${ticket.body.data.id}`)).body.data.categoryId).toBe(used.id);
      const refused = await fileTicket('Again', { categoryId: used.id });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].field).toBe('categoryId');
    });
  });

  describe('items and their forms', () => {
    it('answer 409, not 500, when their category is deleted between the check and the insert', async () => {
      const category = await makeCategory();
      // another session deletes the category and holds its transaction open: the item's check still reads the
      // category, then its insert waits on the foreign key until the delete commits
      const deleter = new Client({ connectionString: process.env.DATABASE_URL });
      await deleter.connect();
      try {
        await deleter.query('BEGIN');
        await deleter.query('DELETE FROM service_categories WHERE id = $1', [category.id]);
        const creating = post(w.admin, '/service-items', {
          categoryId: category.id,
          name: unique('Item'),
          description: 'Raced',
          departmentId: w.deptA.id,
        });
        await eventually(async () => {
          const [waiting] = await sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity
              WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO service_items%'`,
          );
          return waiting.n > 0 || undefined;
        });
        await deleter.query('COMMIT');
        const res = await creating;
        expect(res.status).toBe(409);
        expect(res.body.error.code).toBe('CONFLICT');
      } finally {
        await deleter.end();
      }
    });

    it('refuse a form schema that does not compile, naming the problem', async () => {
      const cat = await makeCategory();
      const cases: Array<[unknown, RegExp]> = [
        [{ type: 'object', properties: { a: { type: 'strin' } } }, /not a valid JSON Schema/],
        [{ type: 'object', colour: 'blue' }, /unknown keyword/],
        [{ $ref: 'https://schemas.example.com/laptop.json' }, /must name one of the schema's own/],
        [{ type: 'array' }, /must describe an object/],
        [{ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }, /2020-12/],
        [{ $async: true, type: 'object', required: ['model'] }, /asynchronous/],
      ];
      for (const [formSchema, message] of cases) {
        const res = await post(w.admin, '/service-items', {
          categoryId: cat.id,
          name: unique('Bad'),
          description: 'd',
          departmentId: w.deptA.id,
          formSchema,
        });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
        expect(res.body.error.details[0].field).toBe('formSchema');
        expect(res.body.error.details[0].message).toMatch(message);
      }
    });

    it('refuse a bad approval chain with one detail per problem', async () => {
      const cat = await makeCategory();
      const res = await post(w.admin, '/service-items', {
        categoryId: cat.id,
        name: unique('Bad'),
        description: 'd',
        departmentId: w.deptA.id,
        approval: {
          steps: [
            { mode: 'SOME', approvers: [{ userId: '00000000-0000-4000-8000-000000000000' }] },
            { mode: 'ANY', approvers: [{ role: 'AGENT', scope: 'ITEM_DEPARTMENT' }, { role: 'TEAM_LEAD' }] },
          ],
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual([
        'approval.steps[0].mode',
        'approval.steps[1].approvers[0].role',
        'approval.steps[1].approvers[1].scope',
      ]);
      const unknownUser = await post(w.admin, '/service-items', {
        categoryId: cat.id,
        name: unique('Bad'),
        description: 'd',
        departmentId: w.deptA.id,
        approval: {
          steps: [{ mode: 'ALL', approvers: [{ userId: '00000000-0000-4000-8000-000000000000' }] }],
        },
      });
      expect(unknownUser.status).toBe(400);
      expect(unknownUser.body.error.details).toEqual([
        { field: 'approval.steps[0].approvers[0].userId', message: 'no such active user' },
      ]);
    });

    it('decide the department, category and default priority of a ticket, and check its custom fields per field', async () => {
      const cat = await makeCategory();
      const item = await makeItem(cat.id, {
        departmentId: w.deptB.id,
        defaultPriority: 'HIGH',
        slaResolutionHours: 24,
        formSchema: LAPTOP_FORM,
      });
      expect(
        (await sql('SELECT sla_resolution_hours FROM service_items WHERE id = $1', [item.id]))[0],
      ).toEqual({
        sla_resolution_hours: 24,
      });

      const bad = await fileTicket('Laptop please', {
        serviceItemId: item.id,
        customFields: { model: 'Z9', quantity: 0, deliverTo: 'nobody', colour: 'red' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_ERROR');
      const fields = (bad.body.error.details as Array<{ field: string }>).map((d) => d.field).sort();
      expect(fields).toEqual([
        'customFields.colour',
        'customFields.deliverTo',
        'customFields.model',
        'customFields.quantity',
      ]);
      const missing = await fileTicket('Laptop please', {
        serviceItemId: item.id,
        customFields: { model: 'X1' },
      });
      expect(missing.body.error.details).toEqual([
        { field: 'customFields.quantity', message: 'is required' },
      ]);
      expect(await sql('SELECT id FROM tickets WHERE service_item_id = $1', [item.id])).toEqual([]);

      const ok = await fileTicket('Laptop please', {
        departmentId: w.deptA.id,
        serviceItemId: item.id,
        customFields: { model: 'X1', quantity: 2 },
      });
      expect(ok.status).toBe(201);
      expect(ok.body.data).toMatchObject({
        status: 'OPEN',
        priority: 'HIGH',
        departmentId: w.deptB.id,
        categoryId: cat.id,
        serviceItemId: item.id,
      });
      // the request's priority wins over the item's default
      const low = await fileTicket('Laptop please', {
        priority: 'LOW',
        serviceItemId: item.id,
        customFields: { model: 'X2', quantity: 1 },
      });
      expect(low.body.data.priority).toBe('LOW');

      // staff edits of customFields are held to the same form
      const edit = await patch(w.admin, `/tickets/${ok.body.data.id}`, {
        customFields: { model: 'X3', quantity: 1 },
      });
      expect(edit.status).toBe(400);
      expect(edit.body.error.details).toEqual([
        { field: 'customFields.model', message: 'must be one of "X1", "X2"' },
      ]);
    });

    it('refuse unknown and inactive items with the field named; DELETE deactivates a used item', async () => {
      const cat = await makeCategory();
      const item = await makeItem(cat.id);
      const unknownItem = await fileTicket('Something', {
        serviceItemId: '00000000-0000-4000-8000-000000000000',
      });
      expect(unknownItem.status).toBe(400);
      expect(unknownItem.body.error.details[0].field).toBe('serviceItemId');
      const used = await fileTicket('Something', { serviceItemId: item.id });
      expect(used.status).toBe(201);
      expect((await del(w.admin, `/service-items/${item.id}`)).status).toBe(204);
      expect((await get(w.admin, `/service-items/${item.id}`)).body.data.isActive).toBe(false);
      const inactive = await fileTicket('Something', { serviceItemId: item.id });
      expect(inactive.status).toBe(400);
      expect(inactive.body.error.details[0].field).toBe('serviceItemId');
      expect((await get(w.requester, `/tickets/${used.body.data.id}`)).body.data.serviceItemId).toBe(item.id);

      const unused = await makeItem(cat.id);
      expect((await del(w.admin, `/service-items/${unused.id}`)).status).toBe(204);
      expect((await get(w.admin, `/service-items/${unused.id}`)).body.data.isActive).toBe(false);
    });

    it('DELETE deactivates, also an item nothing refers to; PATCH {isActive: true} brings it back', async () => {
      const cat = await makeCategory();
      const item = await makeItem(cat.id);
      const used = await fileTicket('Kept', { serviceItemId: item.id });
      expect(used.status).toBe(201);
      const unused = await makeItem(cat.id);
      const catalogItems = async () => {
        const res = await get(w.requester, '/service-catalog');
        const node = (res.body.data.categories as Array<{ id: string; items: Array<{ id: string }> }>).find(
          (c) => c.id === cat.id,
        );
        return (node?.items ?? []).map((i) => i.id).sort();
      };
      expect(await catalogItems()).toEqual([item.id, unused.id].sort());

      for (const { id } of [item, unused]) {
        expect((await del(w.admin, `/service-items/${id}`)).status).toBe(204);
        const shown = await get(w.admin, `/service-items/${id}`);
        expect(shown.status).toBe(200);
        expect(shown.body.data.isActive).toBe(false);
      }
      expect(await catalogItems()).toEqual([]);
      expect((await get(w.requester, `/tickets/${used.body.data.id}`)).body.data.serviceItemId).toBe(item.id);

      // again on an inactive item: 204, nothing changes (no new version, no second audit entry)
      const version = (await get(w.admin, `/service-items/${unused.id}`)).body.data.version;
      expect((await del(w.admin, `/service-items/${unused.id}`)).status).toBe(204);
      expect((await get(w.admin, `/service-items/${unused.id}`)).body.data.version).toBe(version);
      const entries = await sql<{ action: string }>(
        `SELECT action FROM audit_log WHERE entity_type = 'service_item' AND entity_id = $1 ORDER BY at`,
        [unused.id],
      );
      expect(entries.map((e) => e.action)).toEqual(['service_item.created', 'service_item.deactivated']);

      const back = await patch(w.admin, `/service-items/${unused.id}`, { isActive: true });
      expect(back.status).toBe(200);
      expect(back.body.data.isActive).toBe(true);
      expect(await catalogItems()).toEqual([unused.id]);
      expect((await fileTicket('Again', { serviceItemId: unused.id })).status).toBe(201);
    });

    it('compile a form once per item version', async () => {
      const cat = await makeCategory();
      const item = await makeItem(cat.id, { formSchema: { type: 'object', required: ['a'] } });
      const file = async (customFields: Record<string, unknown>) =>
        (await fileTicket('Form', { serviceItemId: item.id, customFields })).status;
      expect(await file({})).toBe(400);
      expect(await file({ a: 1 })).toBe(201);
      const changed = await patch(w.admin, `/service-items/${item.id}`, {
        formSchema: { type: 'object', required: ['b'] },
      });
      expect(changed.body.data.version).toBe(item.version + 1);
      expect(await file({ a: 1 })).toBe(400);
      expect(await file({ b: 1 })).toBe(201);
      expect((await patch(w.admin, `/service-items/${item.id}`, { formSchema: null })).status).toBe(200);
      expect(await file({ anything: true })).toBe(201);
    });
  });

  describe('GET /service-catalog', () => {
    it('shows active categories as a tree with their active items only', async () => {
      const root = await makeCategory({ name: unique('Root') });
      const child = await makeCategory({ parentId: root.id });
      const hidden = await makeCategory({ parentId: root.id });
      await patch(w.admin, `/service-categories/${hidden.id}`, { isActive: false });
      const shown = await makeItem(child.id, {
        formSchema: LAPTOP_FORM,
        approval: { steps: [{ mode: 'ANY', approvers: [{ role: 'TEAM_LEAD', scope: 'ITEM_DEPARTMENT' }] }] },
      });
      const off = await makeItem(child.id);
      await patch(w.admin, `/service-items/${off.id}`, { isActive: false });

      const res = await get(w.requester, '/service-catalog');
      expect(res.status).toBe(200);
      const node = (res.body.data.categories as Array<Record<string, any>>).find((c) => c.id === root.id)!;
      expect(node.children.map((c: { id: string }) => c.id)).toEqual([child.id]);
      expect(node.children[0].items).toEqual([
        expect.objectContaining({ id: shown.id, requiresApproval: true, formSchema: LAPTOP_FORM }),
      ]);
      // requesters see whether approval is needed, not who approves
      expect(node.children[0].items[0].approval).toBeUndefined();
    });
  });

  describe('the catalog cache', () => {
    it('is shared by instances and dropped by a write on any of them', async () => {
      const other = await startTestApp();
      const redis = new Redis(process.env.REDIS_URL!, { keyPrefix: process.env.REDIS_KEY_PREFIX });
      try {
        const catalogOn = async (instance: NestFastifyApplication) => {
          const res = await http(instance)
            .get('/api/v1/service-catalog')
            .set(...(await as(w.requester)));
          expect(res.status).toBe(200);
          return (res.body.data.categories as Array<{ id: string; name: string }>).map((c) => c.name);
        };
        const first = await makeCategory({ name: unique('Cached') });
        expect(await catalogOn(w.app)).toContain(first.name);
        const version = (await redis.get('catalog:tree:version')) ?? '0';
        expect(await redis.exists(`catalog:tree:v${version}`)).toBe(1);

        // a change behind the API's back is not seen: the other instance answers from the shared cache too
        const renamed = unique('Renamed');
        await sql('UPDATE service_categories SET name = $1 WHERE id = $2', [renamed, first.id]);
        expect(await catalogOn(other)).toContain(first.name);

        // a write through the other instance drops the cache for both
        const created = await http(other)
          .post('/api/v1/service-categories')
          .set(...(await as(w.admin)))
          .send({ name: unique('Fresh') });
        expect(created.status).toBe(201);
        const names = await catalogOn(w.app);
        expect(names).toEqual(expect.arrayContaining([renamed, created.body.data.name]));
        expect(names).not.toContain(first.name);
      } finally {
        redis.disconnect();
        await other.close();
      }
    });
  });

  describe('ticket templates', () => {
    it('prefill a ticket; the request wins; the result is validated in full', async () => {
      const cat = await makeCategory();
      const item = await makeItem(cat.id, { formSchema: LAPTOP_FORM });
      const created = await post(w.agentA, '/ticket-templates', {
        name: 'Laptop for a new hire',
        title: 'Laptop for a new hire',
        description: 'Standard laptop',
        priority: 'HIGH',
        serviceItemId: item.id,
        tags: ['Onboarding'],
        customFields: { model: 'X1', quantity: 1 },
      });
      expect(created.status).toBe(201);
      const templateId = created.body.data.id as string;
      expect(created.body.data).toMatchObject({ ownerId: w.agentA.id, tags: ['onboarding'] });

      const plain = await post(w.requester, '/tickets', { templateId });
      expect(plain.status).toBe(201);
      expect(plain.body.data).toMatchObject({
        title: 'Laptop for a new hire',
        description: 'Standard laptop',
        priority: 'HIGH',
        serviceItemId: item.id,
        departmentId: w.deptA.id,
        tags: ['onboarding'],
        customFields: { model: 'X1', quantity: 1 },
      });

      const mine = await post(w.requester, '/tickets', {
        templateId,
        title: 'Laptop for Ada',
        priority: 'LOW',
        customFields: { quantity: 2, deliverTo: 'ada@example.com' },
      });
      expect(mine.status).toBe(201);
      expect(mine.body.data).toMatchObject({
        title: 'Laptop for Ada',
        description: 'Standard laptop',
        priority: 'LOW',
        customFields: { model: 'X1', quantity: 2, deliverTo: 'ada@example.com' },
      });

      // the merged result breaks the form: refused as if it had been sent in full
      const broken = await post(w.requester, '/tickets', { templateId, customFields: { quantity: 9 } });
      expect(broken.status).toBe(400);
      expect(broken.body.error.details).toEqual([
        { field: 'customFields.quantity', message: 'must be <= 5' },
      ]);

      // a template without a title needs one from the request
      const bare = await post(w.agentA, '/ticket-templates', {
        name: 'Bare',
        description: 'From the bare template',
      });
      const noTitle = await post(w.requester, '/tickets', { templateId: bare.body.data.id });
      expect(noTitle.status).toBe(400);
      expect(noTitle.body.error.details[0].field).toBe('title');
      const withTitle = await post(w.requester, '/tickets', {
        templateId: bare.body.data.id,
        title: 'My title',
      });
      expect(withTitle.body.data).toMatchObject({ title: 'My title', description: 'From the bare template' });

      const unknownTemplate = await post(w.requester, '/tickets', {
        templateId: '00000000-0000-4000-8000-000000000000',
        title: 'Valid title',
        description: 'd',
      });
      expect(unknownTemplate.status).toBe(400);
      expect(unknownTemplate.body.error.details[0].field).toBe('templateId');
    });

    it('are created by staff and changed by their author or an ADMIN only', async () => {
      expect((await post(w.requester, '/ticket-templates', { name: 'Mine' })).status).toBe(403);
      const otherAgent = await makeUser({ role: 'AGENT', departmentId: w.deptA.id });
      const t = (await post(w.agentA, '/ticket-templates', { name: 'Agent template' })).body.data;
      expect((await get(w.requester, `/ticket-templates/${t.id}`)).status).toBe(200);
      expect((await patch(otherAgent, `/ticket-templates/${t.id}`, { name: 'Taken over' })).status).toBe(403);
      expect(
        (await patch(w.admin, `/ticket-templates/${t.id}`, { title: null, name: 'Renamed' })).body.data,
      ).toMatchObject({
        name: 'Renamed',
        title: null,
      });
      const badRef = await patch(w.agentA, `/ticket-templates/${t.id}`, {
        categoryId: '00000000-0000-4000-8000-000000000000',
      });
      expect(badRef.status).toBe(400);
      expect(badRef.body.error.details[0].field).toBe('categoryId');
      expect((await del(otherAgent, `/ticket-templates/${t.id}`)).status).toBe(403);
      expect((await del(w.agentA, `/ticket-templates/${t.id}`)).status).toBe(204);
      expect((await get(w.agentA, `/ticket-templates/${t.id}`)).status).toBe(404);
    });
  });
});
