import { sql, unique } from './support/factories';
import { ticketSuite } from './support/ticket-suite';

/**
 * JSON may spell a lone surrogate (`"\ud800"`) and an RFC 5987 filename may decode to one. Such text is refused by
 * PostgreSQL in jsonb and makes validator.js throw: every body and multipart name reads it as U+FFFD instead, so the
 * request is answered as if the client had sent that character.
 */
describe('text that is not well-formed UTF-16 (e2e)', () => {
  const { w, http, as, createTicket } = ticketSuite();
  const LONE = '\\ud800'; // the JSON escape, sent as these six characters
  const REPLACEMENT = '\uFFFD';

  /** POST of a JSON text written by hand (supertest would send the string as it is), as `who` when given */
  const postRaw = async (path: string, json: string, who?: Parameters<typeof as>[0]) => {
    const req = http().post(`/api/v1${path}`).set('Content-Type', 'application/json');
    if (who) void req.set(...(await as(who)));
    return req.send(json);
  };
  /** 400 VALIDATION_ERROR naming `field` (U+FFFD is no character an email address may hold) */
  const expectRefused = (res: { status: number; body: Record<string, any> }, field: string) => {
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details).toEqual([expect.objectContaining({ field })]);
  };

  it('refuses a lone surrogate in an email field with 400 naming it: login, register, forgot, guest and staff forms', async () => {
    const email = `${unique('a')}${LONE}@example.com`;
    expectRefused(await postRaw('/auth/login', `{"email":"${email}","password":"Password123!"}`), 'email');
    expectRefused(
      await postRaw('/auth/register', `{"email":"${email}","password":"a-good-password","fullName":"R"}`),
      'email',
    );
    expectRefused(await postRaw('/auth/password/forgot', `{"email":"${email}"}`), 'email');
    const guest = JSON.stringify({
      email: 'PLACEHOLDER',
      fullName: 'Sam Guest',
      title: 'Cannot open the invoice',
      description: 'The link gives an error.',
      departmentId: w.deptA.id,
    }).replace('PLACEHOLDER', email);
    expectRefused(await postRaw('/public/tickets', guest), 'email');
    const staff =
      `{"email":"${email}","password":"a-long-enough-password",` +
      `"fullName":"New Agent","role":"AGENT","departmentId":"${w.deptA.id}"}`;
    expectRefused(await postRaw('/users', staff, w.admin), 'email');

    // elsewhere in the same forms the text is kept, with U+FFFD for the surrogate
    const local = unique('reg');
    const registered = await postRaw(
      '/auth/register',
      `{"email":"${local}@example.test","password":"a-good-password","fullName":"R${LONE}"}`,
    );
    expect(registered.status).toBe(201);
    expect(registered.body.data.fullName).toBe(`R${REPLACEMENT}`);
  });

  it('stores U+FFFD where a lone surrogate was sent in a value kept as JSON', async () => {
    const ticket = await postRaw(
      '/tickets',
      `{"title":"Printer ${unique()}","description":"d${LONE}","departmentId":"${w.deptA.id}",` +
        `"customFields":{"asset":"L${LONE}42","k${LONE}":[1,"\\udfff"]}}`,
      w.requester,
    );
    expect(ticket.status).toBe(201);
    expect(ticket.body.data.description).toBe(`d${REPLACEMENT}`);
    expect(ticket.body.data.customFields).toEqual({
      asset: `L${REPLACEMENT}42`,
      [`k${REPLACEMENT}`]: [1, REPLACEMENT],
    });

    const view = await postRaw('/views', `{"name":"v ${unique()}","filters":{"q":"x${LONE}"}}`, w.requester);
    expect(view.status).toBe(201);
    expect(view.body.data.filters.q).toBe(`x${REPLACEMENT}`);

    const macro = await postRaw(
      '/macros',
      `{"name":"${unique('Macro')}","actions":{"reply":{"body":"Hi ${LONE}"}}}`,
      w.agentA,
    );
    expect(macro.status).toBe(201);
    expect(macro.body.data.actions.reply.body).toBe(`Hi ${REPLACEMENT}`);

    const category = await postRaw('/service-categories', `{"name":"${unique('Cat')}"}`, w.admin);
    expect(category.status).toBe(201);
    const item = await postRaw(
      '/service-items',
      JSON.stringify({
        categoryId: category.body.data.id,
        name: unique('Item'),
        description: 'Something to request',
        departmentId: w.deptA.id,
        formSchema: { type: 'object', properties: { a: { const: 'PLACEHOLDER' } } },
      }).replace('PLACEHOLDER', LONE),
      w.admin,
    );
    expect(item.status).toBe(201);
    const [row] = await sql<{ form_schema: { properties: { a: { const: string } } } }>(
      'SELECT form_schema FROM service_items WHERE id = $1',
      [item.body.data.id],
    );
    expect(row.form_schema.properties.a.const).toBe(REPLACEMENT);
  });

  it('reads a multipart filename that decodes to a lone surrogate as U+FFFD', async () => {
    const ticket = await createTicket(w.requester);
    const boundary = `----b${unique()}`;
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename*=utf-16le''%00%D8a%00.%00t%00x%00t%00\r\n` +
          'Content-Type: text/plain\r\n\r\nline one\n\r\n' +
          `--${boundary}--\r\n`,
      ),
    ]);
    const res = await http()
      .post(`/api/v1/tickets/${ticket.id}/attachments`)
      .set(...(await as(w.requester)))
      .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
      .send(body);
    expect(res.status).toBe(201);
    expect(res.body.data.filename).toBe(`${REPLACEMENT}a.txt`);
  });
});
