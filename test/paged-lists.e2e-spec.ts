import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Role } from '../src/common/auth/role';
import { scopeOf, SYSTEM_ACCESS } from '../src/common/auth/scope-policy';
import { PageRequest } from '../src/common/pagination/page';
import { StaffRepository } from '../src/modules/org/staff-repository.port';
import { UserAccountRepository } from '../src/modules/org/user-account-repository.port';
import { TicketHistoryRepository } from '../src/modules/tickets/ticket-history-repository.port';
import { startTestApp } from './support/app';
import { makeDepartment, makeTicket, makeUser, sql, unique } from './support/factories';

/**
 * Every SQL list reads its page and its total through one query pair (SqlRepository.paged): the page's rows, and the
 * total counted over the same FROM and WHERE. Here on the run's PostgreSQL through three repositories that exercise
 * its parts: filters with parameters (users, staff), a join and a scope (staff), and a select list with parameters
 * of its own after the filter's (a ticket's history), for every page up to one past the end.
 */
describe('paged lists (medium: repositories on PostgreSQL)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Pages of `limit` over `expected` (in list order): each the right slice, each with the whole total. */
  async function walk<T>(
    read: (page: PageRequest) => Promise<{ items: T[]; page: number; limit: number; total: number }>,
    expected: string[],
    idOf: (item: T) => string,
    limit = 2,
  ): Promise<void> {
    const pages = Math.ceil(expected.length / limit);
    for (let page = 1; page <= pages + 1; page++) {
      const got = await read({ page, limit });
      expect({ page: got.page, limit: got.limit, total: got.total }).toEqual({
        page,
        limit,
        total: expected.length,
      });
      expect(got.items.map(idOf)).toEqual(expected.slice((page - 1) * limit, page * limit));
    }
  }

  it('users: a prefix filter, by email, the total on every page and past the end', async () => {
    const prefix = unique('paged');
    const made = [];
    for (const name of ['c', 'a', 'b'])
      made.push(await makeUser({ email: `${prefix}-${name}@example.test` }));
    const inOrder = [...made].sort((x, y) => x.email.localeCompare(y.email)).map((u) => u.id);
    const users = app.get(UserAccountRepository);
    await walk(
      (page) => users.list({ q: prefix, includeInactive: false }, page),
      inOrder,
      (u) => u.id,
    );
    // a filter that matches nothing: no rows, and a total of 0 on page 1 and past it
    await walk(
      (page) => users.list({ q: `${prefix}-none`, includeInactive: false }, page),
      [],
      (u) => u.id,
    );
  });

  it('staff: one department, scoped, by name', async () => {
    const department = await makeDepartment();
    // made out of order; listed by name: Adam, Mia, Zoe
    const byName: Record<string, string> = {};
    for (const name of ['Zoe', 'Adam', 'Mia'])
      byName[name] = (
        await makeUser({ role: 'AGENT', departmentId: department.id, fullName: `${name} ${unique()}` })
      ).id;
    const inOrder = [byName.Adam, byName.Mia, byName.Zoe];
    const staff = app.get(StaffRepository);
    const filter = { departmentId: department.id, includeInactive: false };
    await walk(
      (page) => staff.list({ kind: 'all' }, filter, page),
      inOrder,
      (s) => s.userId,
    );
    await walk(
      (page) => staff.list({ kind: 'department', departmentId: department.id }, filter, page),
      inOrder,
      (s) => s.userId,
    );
    // another department's scope sees none of them, and counts none
    const other = await makeDepartment();
    await walk(
      (page) => staff.list({ kind: 'department', departmentId: other.id }, filter, page),
      [],
      (s) => s.userId,
    );
  });

  it("a ticket's history: select-list parameters after the filter's, internal entries left out or not", async () => {
    const requester = await makeUser();
    const ticket = await makeTicket({ requesterId: requester.id });
    const ids: Array<{ id: string; internal: boolean }> = [];
    for (const internal of [false, true, false, true, false]) {
      const [row] = await sql<{ id: string }>(
        `INSERT INTO ticket_history (ticket_id, type, actor_id, internal) VALUES ($1, 'NOTE', $2, $3) RETURNING id`,
        [ticket.id, requester.id, internal],
      );
      ids.push({ id: row.id, internal });
    }
    const history = app.get(TicketHistoryRepository);
    const all = ids.map((entry) => entry.id);
    const shared = ids.filter((entry) => !entry.internal).map((entry) => entry.id);
    // unrestricted, the select list has no parameters; for the requester (a party scope) it has some, after the
    // filter's, which the count must leave out
    const party = scopeOf({ id: requester.id, role: Role.END_USER, departmentId: null });
    for (const scope of [SYSTEM_ACCESS, party]) {
      await walk(
        (page) => history.list(scope, ticket.id, true, page),
        all,
        (h) => h.id,
      );
      await walk(
        (page) => history.list(scope, ticket.id, false, page),
        shared,
        (h) => h.id,
      );
    }
  });
});
