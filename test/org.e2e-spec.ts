import { randomUUID } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { startTestApp } from './support/app';
import { sql, unique } from './support/factories';
import { suiteWorld } from './support/world';
import { bearer, login, Session } from './support/http';

const PASSWORD = 'a-long-enough-password';
const USER_KEYS = [
  'createdAt',
  'departmentId',
  'email',
  'fullName',
  'id',
  'isActive',
  'role',
  'teamId',
  'updatedAt',
];
const STAFF_KEYS = ['available', 'departmentId', 'email', 'fullName', 'isActive', 'role', 'teamId', 'userId'];
const DEPARTMENT_KEYS = [
  'autoAssign',
  'calendarId',
  'createdAt',
  'description',
  'id',
  'isActive',
  'name',
  'updatedAt',
];
const TEAM_KEYS = ['createdAt', 'departmentId', 'id', 'isActive', 'leadId', 'name', 'updatedAt'];

interface Department {
  id: string;
  name: string;
}
interface Team {
  id: string;
  name: string;
  departmentId: string;
}
interface Member {
  id: string;
  email: string;
  role: string;
  session: Session;
}

describe('org (e2e)', () => {
  let app: NestFastifyApplication;
  let admin: Session;
  const http = () => request(app.getHttpServer());

  /** Requests below /api/v1 with the bearer token of the session `session()` gives when each is made. */
  const withSession = (session: () => Session) => ({
    get: (path: string) =>
      http()
        .get(`/api/v1${path}`)
        .set(...bearer(session())),
    post: (path: string, body: object) =>
      http()
        .post(`/api/v1${path}`)
        .set(...bearer(session()))
        .send(body),
    patch: (path: string, body: object) =>
      http()
        .patch(`/api/v1${path}`)
        .set(...bearer(session()))
        .send(body),
    delete: (path: string) =>
      http()
        .delete(`/api/v1${path}`)
        .set(...bearer(session())),
  });
  const asAdmin = withSession(() => admin);
  const as = (member: Member) => withSession(() => member.session);

  async function newDepartment(name = unique('Dept')): Promise<Department> {
    const res = await asAdmin.post('/departments', { name }).expect(201);
    return res.body.data;
  }

  async function newTeam(departmentId: string, name = unique('Team'), leadId?: string): Promise<Team> {
    const res = await asAdmin.post('/teams', { departmentId, name, leadId }).expect(201);
    return res.body.data;
  }

  /** a valid POST /users body for a new `role` user, with `over` changing or adding fields */
  const userBody = (role: string, over: Record<string, unknown> = {}) => ({
    email: `${unique(role.toLowerCase())}@example.test`,
    password: PASSWORD,
    fullName: `Test ${role}`,
    role,
    ...over,
  });

  async function newUser(
    role: string,
    placement: { departmentId?: string; teamId?: string } = {},
    fullName = `Test ${role}`,
  ): Promise<Member> {
    const body = userBody(role, { fullName, ...placement });
    const res = await asAdmin.post('/users', body).expect(201);
    return { id: res.body.data.id, email: body.email, role, session: await login(app, body.email, PASSWORD) };
  }

  beforeAll(async () => {
    app = await startTestApp();
    admin = await login(app, 'admin@test.local', 'admin-password-123');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('documents every org route in the OpenAPI document', async () => {
    const doc = await http().get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/departments',
        '/api/v1/departments/{id}',
        '/api/v1/teams',
        '/api/v1/teams/{id}',
        '/api/v1/users',
        '/api/v1/users/{id}',
        '/api/v1/staff',
        '/api/v1/staff/{userId}',
      ]),
    );
    expect(doc.body.paths['/api/v1/users'].post.tags).toEqual(['users']);
    expect(JSON.stringify(doc.body.components.schemas.UserResponse)).not.toMatch(/password|generation/i);
  });

  describe('departments', () => {
    it('creates one (201) and reads it back, with exactly the documented fields', async () => {
      const name = unique('Support');
      const res = await asAdmin
        .post('/departments', { name: `  ${name}  `, description: 'First line', autoAssign: true })
        .expect(201);
      expect(Object.keys(res.body.data).sort()).toEqual(DEPARTMENT_KEYS);
      expect(res.body.data).toMatchObject({
        name,
        description: 'First line',
        autoAssign: true,
        isActive: true,
      });
      const got = await asAdmin.get(`/departments/${res.body.data.id}`).expect(200);
      expect(got.body.data).toEqual(res.body.data);
    });

    it('answers 409 on a taken name, whatever its case, on create and on rename', async () => {
      const taken = await newDepartment();
      const res = await asAdmin.post('/departments', { name: taken.name.toUpperCase() }).expect(409);
      expect(res.body.error.code).toBe('CONFLICT');
      const other = await newDepartment();
      await asAdmin.patch(`/departments/${other.id}`, { name: taken.name.toLowerCase() }).expect(409);
    });

    it('lets any authenticated user list active departments, paged', async () => {
      const department = await newDepartment();
      const endUser = await newUser('END_USER');
      const res = await as(endUser).get('/departments?limit=100').expect(200);
      expect(res.body.pagination).toMatchObject({ page: 1, limit: 100, total: expect.any(Number) });
      expect(res.body.data.map((d: Department) => d.id)).toContain(department.id);
      const paged = await as(endUser).get('/departments?limit=1&page=1').expect(200);
      expect(paged.body.data).toHaveLength(1);
      expect(paged.body.pagination.total).toBeGreaterThanOrEqual(1);
    });

    it('refuses an END_USER and an AGENT the admin routes with 403', async () => {
      const department = await newDepartment();
      const endUser = await newUser('END_USER');
      const agent = await newUser('AGENT', { departmentId: department.id });
      for (const caller of [endUser, agent]) {
        const res = await as(caller)
          .post('/departments', { name: unique('Nope') })
          .expect(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
        await as(caller)
          .patch(`/departments/${department.id}`, { name: unique('Nope') })
          .expect(403);
        await as(caller).delete(`/departments/${department.id}`).expect(403);
      }
    });

    it('answers 401 without a token', async () => {
      const res = await http().get('/api/v1/departments').expect(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    });

    it('deactivates on DELETE (204): the row stays, default lists hide it', async () => {
      const department = await newDepartment();
      const endUser = await newUser('END_USER');
      await asAdmin.delete(`/departments/${department.id}`).expect(204);

      const [row] = await sql<{ is_active: boolean }>('SELECT is_active FROM departments WHERE id = $1', [
        department.id,
      ]);
      expect(row.is_active).toBe(false);
      const ids = (res: request.Response) => res.body.data.map((d: Department) => d.id);
      expect(ids(await asAdmin.get('/departments?limit=100').expect(200))).not.toContain(department.id);
      expect(ids(await asAdmin.get('/departments?limit=100&includeInactive=true').expect(200))).toContain(
        department.id,
      );
      // only admins see deactivated ones
      const asEndUser = await as(endUser).get('/departments?limit=100&includeInactive=true').expect(200);
      expect(ids(asEndUser)).not.toContain(department.id);
      await as(endUser).get(`/departments/${department.id}`).expect(404);
      const got = await asAdmin.get(`/departments/${department.id}`).expect(200);
      expect(got.body.data.isActive).toBe(false);

      // and PATCH isActive brings it back
      await asAdmin.patch(`/departments/${department.id}`, { isActive: true }).expect(200);
      expect(ids(await asAdmin.get('/departments?limit=100').expect(200))).toContain(department.id);
    });

    it('serves reads from the reference cache and invalidates it on every write', async () => {
      const department = await newDepartment();
      await asAdmin.get(`/departments/${department.id}`).expect(200); // fills the cache
      // a change behind the API's back is not seen while the cache holds the list...
      await sql('UPDATE departments SET description = $2 WHERE id = $1', [department.id, 'changed in SQL']);
      const cached = await asAdmin.get(`/departments/${department.id}`).expect(200);
      expect(cached.body.data.description).toBeNull();
      // ...but a write through the API is seen at once
      const renamed = unique('Renamed');
      await asAdmin.patch(`/departments/${department.id}`, { name: renamed }).expect(200);
      const got = await asAdmin.get(`/departments/${department.id}`).expect(200);
      expect(got.body.data).toMatchObject({ name: renamed, description: 'changed in SQL' });
      const list = await asAdmin.get('/departments?limit=100').expect(200);
      expect(list.body.data.find((d: Department) => d.id === department.id).name).toBe(renamed);
    });

    it('PATCH changes only the given fields, and null clears the description', async () => {
      const res = await asAdmin.post('/departments', { name: unique('Dept'), description: 'x' }).expect(201);
      const patched = await asAdmin
        .patch(`/departments/${res.body.data.id}`, { autoAssign: true })
        .expect(200);
      expect(patched.body.data).toMatchObject({
        name: res.body.data.name,
        description: 'x',
        autoAssign: true,
      });
      const cleared = await asAdmin
        .patch(`/departments/${res.body.data.id}`, { description: null })
        .expect(200);
      expect(cleared.body.data.description).toBeNull();
    });

    it('refuses unknown body properties and a null name with 400', async () => {
      const res = await asAdmin.post('/departments', { name: unique('Dept'), isActive: false }).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details).toEqual([
        { field: 'isActive', message: 'property isActive is not allowed' },
      ]);
      const department = await newDepartment();
      const nulled = await asAdmin.patch(`/departments/${department.id}`, { name: null }).expect(400);
      expect(nulled.body.error.details[0].field).toBe('name');
      await asAdmin.post('/departments', { name: '   ' }).expect(400);
    });

    it('answers a malformed or unknown id with 404, never 500', async () => {
      for (const path of ['/departments/not-a-uuid', '/departments/12345', `/departments/${randomUUID()}`]) {
        const res = await asAdmin.get(path).expect(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      await asAdmin.patch('/departments/not-a-uuid', { name: unique('X') }).expect(404);
      await asAdmin.delete('/departments/not-a-uuid').expect(404);
      await asAdmin.delete(`/departments/${randomUUID()}`).expect(404);
    });
  });

  describe('teams', () => {
    let department: Department;
    let lead: Member;
    beforeAll(async () => {
      department = await newDepartment();
      lead = await newUser('TEAM_LEAD', { departmentId: department.id });
    });

    it('creates a team with a lead of its department and lists it by department', async () => {
      const other = await newDepartment();
      const team = await newTeam(department.id, unique('Tier 1'), lead.id);
      const otherTeam = await newTeam(other.id);
      expect(Object.keys(team).sort()).toEqual(TEAM_KEYS);
      expect(team).toMatchObject({ departmentId: department.id, leadId: lead.id, isActive: true });

      const res = await asAdmin.get(`/teams?departmentId=${department.id}&limit=100`).expect(200);
      const ids = res.body.data.map((t: Team) => t.id);
      expect(ids).toContain(team.id);
      expect(ids).not.toContain(otherTeam.id);
      expect(res.body.data.every((t: Team) => t.departmentId === department.id)).toBe(true);
      expect((await asAdmin.get(`/teams/${team.id}`).expect(200)).body.data).toEqual(team);
    });

    it('lets staff read teams but only admins write them', async () => {
      const team = await newTeam(department.id);
      const agent = await newUser('AGENT', { departmentId: department.id });
      const endUser = await newUser('END_USER');
      await as(agent).get(`/teams?departmentId=${department.id}`).expect(200);
      await as(lead).get(`/teams/${team.id}`).expect(200);
      await as(agent)
        .post('/teams', { departmentId: department.id, name: unique('T') })
        .expect(403);
      await as(lead)
        .patch(`/teams/${team.id}`, { name: unique('T') })
        .expect(403);
      await as(endUser).get('/teams').expect(403);
    });

    it("scopes staff to their own department's teams: others are never listed and answer 404 by id", async () => {
      const mine = await newTeam(department.id);
      const other = await newDepartment();
      const foreign = await newTeam(other.id);
      const agent = await newUser('AGENT', { departmentId: department.id });
      const unplaced = await newUser('ADMIN');
      for (const member of [agent, lead]) {
        const all = await as(member).get('/teams?limit=100').expect(200);
        const ids = all.body.data.map((t: Team) => t.id);
        expect(ids).toContain(mine.id);
        expect(ids).not.toContain(foreign.id);
        expect(all.body.data.every((t: Team) => t.departmentId === department.id)).toBe(true);
        expect(all.body.pagination.total).toBe(all.body.data.length);

        const filtered = await as(member).get(`/teams?departmentId=${other.id}`).expect(200);
        expect(filtered.body.data).toEqual([]);
        expect(filtered.body.pagination.total).toBe(0);

        const res = await as(member).get(`/teams/${foreign.id}`).expect(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
        await as(member).get(`/teams/${mine.id}`).expect(200);
      }
      // an ADMIN reads every department's teams
      await as(unplaced).get(`/teams/${foreign.id}`).expect(200);
    });

    it('answers 409 on a name taken in the department, whatever its case; other departments may reuse it', async () => {
      const name = unique('Escalations');
      await newTeam(department.id, name);
      const res = await asAdmin
        .post('/teams', { departmentId: department.id, name: name.toUpperCase() })
        .expect(409);
      expect(res.body.error.code).toBe('CONFLICT');
      const other = await newDepartment();
      await newTeam(other.id, name);
    });

    it('refuses a lead who is not an active TEAM_LEAD (or ADMIN) of the department with 409', async () => {
      const agent = await newUser('AGENT', { departmentId: department.id });
      const other = await newDepartment();
      const foreignLead = await newUser('TEAM_LEAD', { departmentId: other.id });
      for (const candidate of [agent, foreignLead]) {
        const res = await asAdmin
          .post('/teams', { departmentId: department.id, name: unique('T'), leadId: candidate.id })
          .expect(409);
        expect(res.body.error.message).toMatch(/TEAM_LEAD/);
      }
      const team = await newTeam(department.id);
      await asAdmin.patch(`/teams/${team.id}`, { leadId: agent.id }).expect(409);
      const unknown = await asAdmin
        .post('/teams', { departmentId: department.id, name: unique('T'), leadId: randomUUID() })
        .expect(400);
      expect(unknown.body.error.details).toEqual([{ field: 'leadId', message: expect.any(String) }]);
    });

    it('refuses a team in an unknown (400) or deactivated (409) department', async () => {
      await asAdmin.post('/teams', { departmentId: randomUUID(), name: unique('T') }).expect(400);
      const closed = await newDepartment();
      await asAdmin.delete(`/departments/${closed.id}`).expect(204);
      await asAdmin.post('/teams', { departmentId: closed.id, name: unique('T') }).expect(409);
    });

    it('PATCH renames and removes the lead; the cache is invalidated', async () => {
      const team = await newTeam(department.id, unique('Old'), lead.id);
      await asAdmin.get(`/teams/${team.id}`).expect(200);
      const name = unique('New');
      const res = await asAdmin.patch(`/teams/${team.id}`, { name, leadId: null }).expect(200);
      expect(res.body.data).toMatchObject({ name, leadId: null });
      expect((await asAdmin.get(`/teams/${team.id}`).expect(200)).body.data).toMatchObject({
        name,
        leadId: null,
      });
    });

    it('deactivates on DELETE (204): the row stays, default lists hide it', async () => {
      const team = await newTeam(department.id);
      await asAdmin.delete(`/teams/${team.id}`).expect(204);
      const [row] = await sql<{ is_active: boolean }>('SELECT is_active FROM teams WHERE id = $1', [team.id]);
      expect(row.is_active).toBe(false);
      const ids = (res: request.Response) => res.body.data.map((t: Team) => t.id);
      expect(
        ids(await asAdmin.get(`/teams?departmentId=${department.id}&limit=100`).expect(200)),
      ).not.toContain(team.id);
      expect(
        ids(
          await asAdmin
            .get(`/teams?departmentId=${department.id}&limit=100&includeInactive=true`)
            .expect(200),
        ),
      ).toContain(team.id);
      await as(lead).get(`/teams/${team.id}`).expect(404);
    });

    it('answers malformed ids with 404 (path) or 400 (query), never 500', async () => {
      await asAdmin.get('/teams/not-a-uuid').expect(404);
      await asAdmin.delete('/teams/not-a-uuid').expect(404);
      const res = await asAdmin.get('/teams?departmentId=not-a-uuid').expect(400);
      expect(res.body.error.details[0].field).toBe('departmentId');
      await asAdmin.post('/teams', { departmentId: 'nope', name: unique('T') }).expect(400);
    });

    it('refuses unknown body properties with 400', async () => {
      const res = await asAdmin
        .post('/teams', { departmentId: department.id, name: unique('T'), isActive: false })
        .expect(400);
      expect(res.body.error.details).toEqual([
        { field: 'isActive', message: 'property isActive is not allowed' },
      ]);
    });
  });

  describe('users', () => {
    let department: Department;
    let team: Team;
    beforeAll(async () => {
      department = await newDepartment();
      team = await newTeam(department.id);
    });

    it('creates a staff user with a department and team; the response has exactly the documented fields', async () => {
      const email = `${unique('Agent')}@Example.TEST`;
      const res = await asAdmin
        .post('/users', {
          email,
          password: PASSWORD,
          fullName: 'Grace Hopper',
          role: 'AGENT',
          departmentId: department.id,
          teamId: team.id,
        })
        .expect(201);
      expect(Object.keys(res.body.data).sort()).toEqual(USER_KEYS);
      expect(res.body.data).toMatchObject({
        email: email.toLowerCase(),
        fullName: 'Grace Hopper',
        role: 'AGENT',
        isActive: true,
        departmentId: department.id,
        teamId: team.id,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash|generation/i);
      const [row] = await sql<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [
        res.body.data.id,
      ]);
      expect(row.password_hash).toMatch(/^\$2[aby]\$/);
      // the password works, and the session knows the department
      const session = await login(app, email, PASSWORD);
      const me = await http()
        .get('/api/v1/auth/me')
        .set(...bearer(session))
        .expect(200);
      expect(me.body.data).toMatchObject({ role: 'AGENT', departmentId: department.id });
    });

    it('answers 400 VALIDATION_ERROR on departmentId when a staff role has no department', async () => {
      for (const role of ['AGENT', 'TEAM_LEAD']) {
        const res = await asAdmin.post('/users', userBody(role)).expect(400);
        expect(res.body.error.code).toBe('VALIDATION_ERROR');
        expect(res.body.error.details).toEqual([{ field: 'departmentId', message: expect.any(String) }]);
      }
    });

    it('answers 409 when the team belongs to another department', async () => {
      const other = await newDepartment();
      const res = await asAdmin
        .post('/users', userBody('AGENT', { departmentId: other.id, teamId: team.id }))
        .expect(409);
      expect(res.body.error.code).toBe('CONFLICT');
    });

    it('answers 409 on a taken email, whatever its case', async () => {
      const email = `${unique('dup')}@example.test`;
      await asAdmin
        .post('/users', { email, password: PASSWORD, fullName: 'A', role: 'END_USER' })
        .expect(201);
      const res = await asAdmin
        .post('/users', { email: email.toUpperCase(), password: PASSWORD, fullName: 'B', role: 'END_USER' })
        .expect(409);
      expect(res.body.error.code).toBe('CONFLICT');
    });

    it('measures passwords in UTF-8 bytes: 10 to 72', async () => {
      const attempt = (password: string) => asAdmin.post('/users', userBody('END_USER', { password }));
      const short = await attempt('123456789').expect(400);
      expect(short.body.error.details).toEqual([{ field: 'password', message: expect.any(String) }]);
      await attempt('€'.repeat(25)).expect(400); // 25 characters, 75 bytes
      await attempt('€€€€').expect(201); // 4 characters, 12 bytes
    });

    it('refuses unknown body properties (no mass assignment) with 400', async () => {
      const res = await asAdmin.post('/users', userBody('END_USER', { passwordHash: 'x' })).expect(400);
      expect(res.body.error.details).toEqual([{ field: 'passwordHash', message: expect.any(String) }]);
      const user = await newUser('END_USER');
      await asAdmin.patch(`/users/${user.id}`, { email: 'new@example.test' }).expect(400);
    });

    it('lists users with role, activity and prefix filters, paged, without secrets', async () => {
      const prefix = unique('zq').toLowerCase();
      const a = await asAdmin
        .post('/users', {
          email: `${prefix}-a@example.test`,
          password: PASSWORD,
          fullName: 'Alpha',
          role: 'END_USER',
        })
        .expect(201);
      const b = await asAdmin
        .post('/users', {
          email: `other-${prefix}@example.test`,
          password: PASSWORD,
          fullName: `${prefix.toUpperCase()} Bravo`,
          role: 'AGENT',
          departmentId: department.id,
        })
        .expect(201);
      const all = await asAdmin.get(`/users?q=${prefix.toUpperCase()}`).expect(200);
      expect(all.body.data.map((u: { id: string }) => u.id).sort()).toEqual(
        [a.body.data.id, b.body.data.id].sort(),
      );
      expect(all.body.pagination).toEqual({ page: 1, limit: 20, total: 2, totalPages: 1 });
      for (const user of all.body.data) expect(Object.keys(user).sort()).toEqual(USER_KEYS);
      expect(JSON.stringify(all.body)).not.toMatch(/passwordHash|tokenGeneration/);

      const agents = await asAdmin.get(`/users?q=${prefix}&role=AGENT`).expect(200);
      expect(agents.body.data.map((u: { id: string }) => u.id)).toEqual([b.body.data.id]);

      const page2 = await asAdmin.get(`/users?q=${prefix}&limit=1&page=2`).expect(200);
      expect(page2.body.data).toHaveLength(1);
      expect(page2.body.pagination).toEqual({ page: 2, limit: 1, total: 2, totalPages: 2 });

      // LIKE wildcards are taken literally
      expect((await asAdmin.get('/users?q=%25').expect(200)).body.data).toEqual([]);
      await asAdmin.get('/users?limit=101').expect(400);
    });

    it('reads one user by id, 404 for unknown and malformed ids', async () => {
      const user = await newUser('END_USER');
      const res = await asAdmin.get(`/users/${user.id}`).expect(200);
      expect(res.body.data).toMatchObject({
        id: user.id,
        email: user.email,
        departmentId: null,
        teamId: null,
      });
      await asAdmin.get(`/users/${randomUUID()}`).expect(404);
      await asAdmin.get('/users/not-a-uuid').expect(404);
      await asAdmin.patch('/users/not-a-uuid', { fullName: 'X' }).expect(404);
      await asAdmin.delete('/users/not-a-uuid').expect(404);
    });

    it('refuses non-admins every user route with 403', async () => {
      const agent = await newUser('AGENT', { departmentId: department.id });
      const lead = await newUser('TEAM_LEAD', { departmentId: department.id });
      const endUser = await newUser('END_USER');
      for (const caller of [agent, lead, endUser]) {
        await as(caller).get('/users').expect(403);
        await as(caller).get(`/users/${caller.id}`).expect(403);
        await as(caller).post('/users', userBody('ADMIN')).expect(403);
        await as(caller).patch(`/users/${caller.id}`, { role: 'ADMIN' }).expect(403);
      }
    });

    it('a role change takes effect on the next request of the same token', async () => {
      const agent = await newUser('AGENT', { departmentId: department.id });
      await as(agent).get('/staff').expect(403);
      const res = await asAdmin
        .patch(`/users/${agent.id}`, { role: 'TEAM_LEAD', fullName: 'Promoted' })
        .expect(200);
      expect(res.body.data).toMatchObject({
        role: 'TEAM_LEAD',
        fullName: 'Promoted',
        departmentId: department.id,
      });
      await as(agent).get('/staff').expect(200);
    });

    it('PATCH moves a user between departments and teams, and demoting to END_USER drops the placement', async () => {
      const agent = await newUser('AGENT', { departmentId: department.id, teamId: team.id });
      const other = await newDepartment();
      const otherTeam = await newTeam(other.id);
      // moving without naming a team leaves the old one
      const moved = await asAdmin.patch(`/users/${agent.id}`, { departmentId: other.id }).expect(200);
      expect(moved.body.data).toMatchObject({ departmentId: other.id, teamId: null });
      await asAdmin.patch(`/users/${agent.id}`, { teamId: team.id }).expect(409);
      await asAdmin.patch(`/users/${agent.id}`, { teamId: otherTeam.id }).expect(200);
      await asAdmin.patch(`/users/${agent.id}`, { departmentId: null }).expect(400);
      const demoted = await asAdmin.patch(`/users/${agent.id}`, { role: 'END_USER' }).expect(200);
      expect(demoted.body.data).toMatchObject({ role: 'END_USER', departmentId: null, teamId: null });
      const profiles = await sql('SELECT 1 FROM staff_profiles WHERE user_id = $1', [agent.id]);
      expect(profiles).toHaveLength(0);
    });

    it('deactivates on DELETE (204): the row stays, sessions end, default lists hide it', async () => {
      const user = await newUser('AGENT', { departmentId: department.id });
      await as(user).get('/departments').expect(200);
      await asAdmin.delete(`/users/${user.id}`).expect(204);

      const got = await asAdmin.get(`/users/${user.id}`).expect(200);
      expect(got.body.data.isActive).toBe(false);
      await as(user).get('/departments').expect(401);
      await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(401);

      const ids = (res: request.Response) => res.body.data.map((u: { id: string }) => u.id);
      expect(ids(await asAdmin.get(`/users?q=${user.email}`).expect(200))).toEqual([]);
      expect(ids(await asAdmin.get(`/users?q=${user.email}&isActive=false`).expect(200))).toEqual([user.id]);
      expect(ids(await asAdmin.get(`/users?q=${user.email}&includeInactive=true`).expect(200))).toEqual([
        user.id,
      ]);
      expect(
        ids(await asAdmin.get(`/staff?departmentId=${department.id}&limit=100`).expect(200)),
      ).not.toContain(user.id);
    });

    it('a deactivated team lead stops leading their teams', async () => {
      const lead = await newUser('TEAM_LEAD', { departmentId: department.id });
      const led = await newTeam(department.id, unique('Led'), lead.id);
      await asAdmin.delete(`/users/${lead.id}`).expect(204);
      expect((await asAdmin.get(`/teams/${led.id}`).expect(200)).body.data.leadId).toBeNull();
    });

    it('an admin cannot deactivate or demote themselves', async () => {
      const other = await newUser('ADMIN');
      const res = await as(other).delete(`/users/${other.id}`).expect(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
      await as(other).patch(`/users/${other.id}`, { role: 'AGENT', departmentId: department.id }).expect(403);
      expect((await asAdmin.get(`/users/${other.id}`).expect(200)).body.data).toMatchObject({
        role: 'ADMIN',
        isActive: true,
      });
    });
  });

  describe('staff', () => {
    const w = suiteWorld(async () => {
      const deptA = await newDepartment();
      const deptB = await newDepartment();
      const teamA1 = await newTeam(deptA.id);
      const teamA2 = await newTeam(deptA.id);
      const teamB = await newTeam(deptB.id);
      const leadA = await newUser('TEAM_LEAD', { departmentId: deptA.id, teamId: teamA1.id }, 'Ann Lead');
      const otherLeadA = await newUser('TEAM_LEAD', { departmentId: deptA.id }, 'Otto Lead');
      const agentA = await newUser('AGENT', { departmentId: deptA.id, teamId: teamA1.id }, 'Abe Agent');
      const agentA2 = await newUser('AGENT', { departmentId: deptA.id, teamId: teamA2.id }, 'Ada Agent');
      const agentB = await newUser('AGENT', { departmentId: deptB.id, teamId: teamB.id }, 'Bob Agent');
      return { deptA, deptB, teamA1, teamA2, teamB, leadA, otherLeadA, agentA, agentA2, agentB };
    });

    const asLead = withSession(() => w.leadA.session);
    const userIds = (res: request.Response) => res.body.data.map((s: { userId: string }) => s.userId);

    it('lets an admin list any department with filters; items have exactly the documented fields', async () => {
      const res = await asAdmin.get(`/staff?departmentId=${w.deptA.id}`).expect(200);
      expect(userIds(res).sort()).toEqual([w.leadA.id, w.otherLeadA.id, w.agentA.id, w.agentA2.id].sort());
      expect(res.body.pagination.total).toBe(4);
      expect(Object.keys(res.body.data[0]).sort()).toEqual(STAFF_KEYS);
      expect(res.body.data.find((s: { userId: string }) => s.userId === w.agentA.id)).toEqual({
        userId: w.agentA.id,
        email: w.agentA.email,
        fullName: 'Abe Agent',
        role: 'AGENT',
        departmentId: w.deptA.id,
        teamId: w.teamA1.id,
        available: true,
        isActive: true,
      });
      expect(
        userIds(await asAdmin.get(`/staff?departmentId=${w.deptA.id}&role=AGENT`).expect(200)).sort(),
      ).toEqual([w.agentA.id, w.agentA2.id].sort());
      expect(userIds(await asAdmin.get(`/staff?teamId=${w.teamA2.id}`).expect(200))).toEqual([w.agentA2.id]);
      expect(userIds(await asAdmin.get(`/staff?departmentId=${w.deptB.id}`).expect(200))).toEqual([
        w.agentB.id,
      ]);
    });

    it("shows a team lead only their own department's staff, counted in the query", async () => {
      const own = await asLead.get('/staff?limit=100').expect(200);
      expect(own.body.data.every((s: { departmentId: string }) => s.departmentId === w.deptA.id)).toBe(true);
      expect(userIds(own)).not.toContain(w.agentB.id);
      expect(own.body.pagination.total).toBe(own.body.data.length);

      const foreign = await asLead.get(`/staff?departmentId=${w.deptB.id}`).expect(200);
      expect(foreign.body.data).toEqual([]);
      expect(foreign.body.pagination.total).toBe(0);
      expect((await asLead.get(`/staff?teamId=${w.teamB.id}`).expect(200)).body.data).toEqual([]);
    });

    it('refuses agents and end users the staff routes with 403', async () => {
      const endUser = await newUser('END_USER');
      for (const caller of [w.agentA, endUser]) {
        const res = await as(caller).get('/staff').expect(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
        await as(caller).patch(`/staff/${w.agentA2.id}`, { available: false }).expect(403);
      }
    });

    it('lets a team lead change availability and team of an agent of their department', async () => {
      const res = await asLead
        .patch(`/staff/${w.agentA2.id}`, { available: false, teamId: w.teamA1.id })
        .expect(200);
      expect(res.body.data).toMatchObject({ userId: w.agentA2.id, available: false, teamId: w.teamA1.id });
      expect(Object.keys(res.body.data).sort()).toEqual(STAFF_KEYS);
      expect(userIds(await asLead.get(`/staff?available=false&teamId=${w.teamA1.id}`).expect(200))).toEqual([
        w.agentA2.id,
      ]);
      const removed = await asLead
        .patch(`/staff/${w.agentA2.id}`, { available: true, teamId: null })
        .expect(200);
      expect(removed.body.data).toMatchObject({ available: true, teamId: null });
    });

    it('answers 409 when a team lead puts an agent in a team of another department', async () => {
      const res = await asLead.patch(`/staff/${w.agentA.id}`, { teamId: w.teamB.id }).expect(409);
      expect(res.body.error.code).toBe('CONFLICT');
    });

    it('refuses a team lead any other field, and changes to non-agents, with 403', async () => {
      for (const body of [
        { role: 'TEAM_LEAD' },
        { departmentId: w.deptB.id },
        { available: false, role: 'AGENT' },
      ]) {
        const res = await asLead.patch(`/staff/${w.agentA.id}`, body).expect(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
      await asLead.patch(`/staff/${w.otherLeadA.id}`, { available: false }).expect(403);
      await asLead.patch(`/staff/${w.leadA.id}`, { available: false }).expect(403);
      const [row] = await sql<{ role: string; department_id: string; available: boolean }>(
        'SELECT u.role, s.department_id, s.available FROM users u JOIN staff_profiles s ON s.user_id = u.id WHERE u.id = $1',
        [w.agentA.id],
      );
      expect(row).toEqual({ role: 'AGENT', department_id: w.deptA.id, available: true });
    });

    it('answers 404 when a team lead patches an agent of another department, or a user who is not staff', async () => {
      const res = await asLead.patch(`/staff/${w.agentB.id}`, { available: false }).expect(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
      // even with a field they may not change: existence does not leak
      await asLead.patch(`/staff/${w.agentB.id}`, { role: 'TEAM_LEAD' }).expect(404);
      await asLead.patch(`/staff/${randomUUID()}`, { available: false }).expect(404);
      await asLead.patch('/staff/not-a-uuid', { available: false }).expect(404);
      const [row] = await sql<{ available: boolean }>(
        'SELECT available FROM staff_profiles WHERE user_id = $1',
        [w.agentB.id],
      );
      expect(row.available).toBe(true);
    });

    it('lets an admin change role, department and team, and make an end user staff', async () => {
      const agent = await newUser('AGENT', { departmentId: w.deptB.id });
      const res = await asAdmin
        .patch(`/staff/${agent.id}`, { role: 'TEAM_LEAD', departmentId: w.deptA.id, teamId: w.teamA2.id })
        .expect(200);
      expect(res.body.data).toMatchObject({
        role: 'TEAM_LEAD',
        departmentId: w.deptA.id,
        teamId: w.teamA2.id,
      });
      // the session sees the new department at once
      const me = await as(agent).get('/auth/me').expect(200);
      expect(me.body.data).toMatchObject({ role: 'TEAM_LEAD', departmentId: w.deptA.id });

      const endUser = await newUser('END_USER');
      await asAdmin.patch(`/staff/${endUser.id}`, { available: false }).expect(404);
      await asAdmin.patch(`/staff/${endUser.id}`, { role: 'AGENT' }).expect(404);
      const made = await asAdmin
        .patch(`/staff/${endUser.id}`, { role: 'AGENT', departmentId: w.deptB.id })
        .expect(200);
      expect(made.body.data).toMatchObject({
        userId: endUser.id,
        role: 'AGENT',
        departmentId: w.deptB.id,
        available: true,
      });
      await asAdmin.patch(`/staff/${endUser.id}`, { role: 'END_USER' }).expect(400);
      await asAdmin.patch(`/staff/${endUser.id}`, { departmentId: null }).expect(400);
    });

    it('refuses unknown body properties and malformed query ids with 400', async () => {
      const res = await asAdmin.patch(`/staff/${w.agentA.id}`, { isActive: false }).expect(400);
      expect(res.body.error.details).toEqual([
        { field: 'isActive', message: 'property isActive is not allowed' },
      ]);
      await asAdmin.get('/staff?departmentId=not-a-uuid').expect(400);
      await asAdmin.get('/staff?available=maybe').expect(400);
    });
  });
});
