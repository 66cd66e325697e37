import { Logger } from '@nestjs/common';
import { sql, unique } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

/**
 * Form schemas cannot hurt the server: patterns run on a linear-time engine (a backtracking pattern answers at
 * once), and a schema that cannot be run is refused when saved; one stored before these rules makes filing a 409
 * CONFLICT naming serviceItemId, never a 500 or a stalled process.
 */
describe('service item forms that could hurt the server (e2e)', () => {
  const { w, http, post, patch } = ticketSuite();

  const saveItem = async (formSchema: unknown) => {
    const [category] = await sql<{ id: string }>(
      `INSERT INTO service_categories (name) VALUES ($1) RETURNING id`,
      [unique('Forms')],
    );
    return post(w.admin, '/service-items', {
      categoryId: category.id,
      name: unique('Item'),
      description: 'Something to request',
      departmentId: w.deptA.id,
      formSchema,
    });
  };
  const fileTicket = (serviceItemId: string, customFields: Record<string, unknown>) =>
    post(w.requester, '/tickets', { title: 'Form', description: 'd', serviceItemId, customFields });

  /** an item saved with a harmless form, whose stored schema is then replaced as an earlier release allowed */
  const storedEarlier = async (formSchema: unknown): Promise<string> => {
    const saved = await saveItem({ type: 'object' });
    expect(saved.status).toBe(201);
    await sql('UPDATE service_items SET form_schema = $1, version = version + 1 WHERE id = $2', [
      JSON.stringify(formSchema),
      saved.body.data.id,
    ]);
    return saved.body.data.id as string;
  };

  it('a backtracking pattern is checked in linear time: the filing is a plain 400 and the process stays live', async () => {
    const saved = await saveItem({
      type: 'object',
      properties: { a: { type: 'string', pattern: '(a+)+$' } },
    });
    expect(saved.status).toBe(201);
    const id = saved.body.data.id as string;
    for (const a of ['aaaaaaaaaaaaaaaaaaaaaaaaaaaa!', `${'a'.repeat(40)}!`, `${'a'.repeat(16_000)}!`]) {
      const [filed, live] = await Promise.all([fileTicket(id, { a }), http().get('/health/live')]);
      expect(filed.status).toBe(400);
      expect(filed.body.error.code).toBe('VALIDATION_ERROR');
      expect(filed.body.error.details).toEqual([
        { field: 'customFields.a', message: 'must match pattern "(a+)+$"' },
      ]);
      expect(live.status).toBe(200);
    }
    expect((await fileTicket(id, { a: 'aaaa' })).status).toBe(201);
  });

  it.each([
    [{ type: 'object', properties: { a: { type: 'string', pattern: '^(a+)\\1$' } } }, /linear time/],
    [{ type: 'object', patternProperties: { '^(?!x)': { type: 'string' } } }, /linear time/],
    [{ $id: 'x', $ref: 'x' }, /\$ref "x"/],
    [
      { type: 'object', $defs: { a: { $ref: '#/$defs/a' } }, properties: { b: { $ref: '#/$defs/a' } } },
      /recursive/,
    ],
  ])('refuses to save %j, naming formSchema', async (formSchema, problem) => {
    const res = await saveItem(formSchema);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details[0].field).toBe('formSchema');
    expect(res.body.error.details[0].message).toMatch(problem);
  });

  it('refuses a dynamic reference on PATCH, and the item keeps its form', async () => {
    const saved = await saveItem({ type: 'object', required: ['a'] });
    const res = await patch(w.admin, `/service-items/${saved.body.data.id}`, {
      formSchema: { $dynamicRef: '#a' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toEqual({
      field: 'formSchema',
      message: expect.stringMatching(/\$dynamicRef/),
    });
    expect((await fileTicket(saved.body.data.id, {})).status).toBe(400);
    expect((await fileTicket(saved.body.data.id, { a: 1 })).status).toBe(201);
  });

  it.each([
    ['refers to itself', { $id: 'x', $ref: 'x' }],
    ['uses a dynamic reference', { $dynamicRef: '#a' }],
    ['is asynchronous', { $async: true, type: 'object' }],
    ['has a backreference', { type: 'object', properties: { a: { type: 'string', pattern: '^(a+)+\\1$' } } }],
  ])(
    'a form stored earlier that %s makes filing a 409 CONFLICT and one warning, never a 500',
    async (_, schema) => {
      const id = await storedEarlier(schema);
      const warn = jest.spyOn(Logger.prototype, 'warn');
      try {
        for (let i = 0; i < 2; i++) {
          const res = await fileTicket(id, { a: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa!' });
          expect(res.status).toBe(409);
          expect(res.body.error.code).toBe('CONFLICT');
          expect(res.body.error.details).toEqual([
            { field: 'serviceItemId', message: 'its formSchema is not usable' },
          ]);
        }
        // one warning for both refusals: a broken form is warned about once a minute at the most
        expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes(id))).toEqual([
          expect.stringContaining('(1 refused since the last warning)'),
        ]);
      } finally {
        warn.mockRestore();
      }
      expect(await sql('SELECT id FROM tickets WHERE service_item_id = $1', [id])).toEqual([]);
      // fixing the form lets tickets through again
      expect((await patch(w.admin, `/service-items/${id}`, { formSchema: { type: 'object' } })).status).toBe(
        200,
      );
      expect((await fileTicket(id, { a: 'x' })).status).toBe(201);
    },
  );
});
