import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp } from './support/app';
import { makeDepartment, makeUser, sql } from './support/factories';
import { bearer, login, Session } from './support/http';

/** Totals of big lists: exact up to 10,000 matching tickets, then an estimate, flagged; deep pages by cursor. */
describe('ticket list totals past 10,000 (e2e)', () => {
  let app: NestFastifyApplication;
  const http = () => request(app.getHttpServer());
  let departmentId: string;
  let agent: Session;
  const MANY = 10_050;
  const HIGH = 50; // of them

  beforeAll(async () => {
    app = await startTestApp();
    departmentId = (await makeDepartment()).id;
    const requester = await makeUser();
    const user = await makeUser({ role: 'AGENT', departmentId });
    agent = await login(app, user.email, user.password);
    // PIDs in a month of their own, so no other test's tickets collide with them
    await sql(
      `INSERT INTO tickets (pid, title, description, status, priority, requester_id, department_id, created_at)
       SELECT 'TKT-209801-' || lpad(g::text, 6, '0'), 'Bulk ticket ' || g, 'bulk', 'OPEN',
              CASE WHEN g <= $3 THEN 'HIGH' ELSE 'LOW' END::ticket_priority, $1, $2,
              now() - g * interval '1 second'
         FROM generate_series(1, $4::int) AS g`,
      [requester.id, departmentId, HIGH, MANY],
    );
    await sql('ANALYZE tickets');
  });
  afterAll(async () => {
    await sql('DELETE FROM tickets WHERE department_id = $1', [departmentId]).catch(() => undefined);
    await app?.close();
  });

  const list = async (query: string) =>
    (
      await http()
        .get(`/api/v1/tickets?departmentId=${departmentId}&${query}`)
        .set(...bearer(agent))
        .expect(200)
    ).body;

  it('estimates the total past 10,000 matching tickets, and says so', async () => {
    const body = await list('limit=20');
    expect(body.data).toHaveLength(20);
    expect(body.pagination.totalIsEstimate).toBe(true);
    expect(body.pagination.total).toBeGreaterThan(10_000);
    expect(body.pagination.totalPages).toBe(Math.ceil(body.pagination.total / 20));
  });

  it('counts exactly, without the flag, up to 10,000', async () => {
    const body = await list('priority=HIGH&limit=20');
    expect(body.pagination).toMatchObject({ page: 1, limit: 20, total: HIGH, totalPages: 3 });
    expect(body.pagination).not.toHaveProperty('totalIsEstimate');
  });

  it('reaches a deep page by cursor, in order, with the same total', async () => {
    let body = await list('limit=100');
    const first = body.data[0].createdAt as string;
    let pages = 1;
    let previousLast = body.data[body.data.length - 1].createdAt as string;
    while (pages < 60) {
      body = await list(`limit=100&cursor=${body.pagination.nextCursor}`);
      pages += 1;
      expect(body.pagination.totalIsEstimate).toBe(true);
      expect(body.data[0].createdAt <= previousLast).toBe(true);
      previousLast = body.data[body.data.length - 1].createdAt;
    }
    // 6,000 tickets in, still the bulk tickets in creation order (newest first)
    expect(body.data).toHaveLength(100);
    expect(previousLast < first).toBe(true);
    expect(body.data[99].title).toBe('Bulk ticket 6000');
  });

  it('pages a status × priority filter in creation order, by page and by cursor', async () => {
    // one ordered index range per status × priority pair, merged: the same order and rows as one filtered query
    const filter = 'status=OPEN,IN_PROGRESS&priority=HIGH,URGENT';
    const query = `${filter}&limit=20`;
    const titles: string[] = [];
    let body = await list(query);
    expect(body.pagination).toMatchObject({ total: HIGH, totalPages: 3 });
    titles.push(...body.data.map((t: { title: string }) => t.title));
    while (body.pagination.nextCursor) {
      body = await list(`${query}&cursor=${body.pagination.nextCursor}`);
      titles.push(...body.data.map((t: { title: string }) => t.title));
    }
    expect(titles).toEqual(Array.from({ length: HIGH }, (_, i) => `Bulk ticket ${i + 1}`));
    const second = await list(`${query}&page=2`);
    expect(second.data.map((t: { title: string }) => t.title)).toEqual(titles.slice(20, 40));
    const oldestFirst = await list(`${filter}&sort=createdAt&limit=5`);
    expect(oldestFirst.data.map((t: { title: string }) => t.title)).toEqual(
      [50, 49, 48, 47, 46].map((n) => `Bulk ticket ${n}`),
    );
  });

  it('documents the estimate flag and the cursor in the OpenAPI document', async () => {
    const doc = (await http().get('/api/docs-json').expect(200)).body;
    const op = doc.paths['/api/v1/tickets'].get;
    const envelope = op.responses['200'].content['application/json'].schema;
    expect(envelope.properties.pagination).toEqual({ $ref: '#/components/schemas/Pagination' });
    const pagination = doc.components.schemas.Pagination;
    expect(pagination.properties.totalIsEstimate.type).toBe('boolean');
    expect(pagination.properties.nextCursor).toBeDefined();
    expect(op.parameters.map((p: { name: string }) => p.name)).toContain('cursor');
    expect(op.description).toContain('totalIsEstimate');
  });
});
