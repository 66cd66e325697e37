import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Actor } from '../src/common/auth/actor';
import { Role } from '../src/common/auth/role';
import { canRead, scopeOf, ScopedFacts } from '../src/common/auth/scope-policy';
import { cases, ME, MY_DEPT, OTHER_DEPT, ticket as factsOf } from '../src/common/auth/scope-policy.table';
import { canSeeInternal, internalNotesScope } from '../src/modules/tickets/domain/ticket-access';
import { TicketStatus } from '../src/modules/tickets/domain/ticket-enums';
import { filterConditions } from '../src/modules/tickets/persistence/ticket-list.sql';
import { scopeBranches } from '../src/modules/tickets/persistence/ticket-scope.sql';
import { TicketRepository } from '../src/modules/tickets/ticket-repository.port';
import { SqlParams } from '../src/infrastructure/database/sql';
import { startTestApp } from './support/app';
import { makeDepartment, makeTicket, makeUser, sql, unique } from './support/factories';

/**
 * The scope policy's table (src/common/auth/scope-policy.table.ts) against the SQL that enforces it: for every
 * role × relation, the ticket repository on the run's PostgreSQL finds the ticket exactly when `canRead` says so,
 * and full-text search matches its internal note exactly when the ticket is readable and `canSeeInternal` holds.
 */
describe('ticket scope in SQL (medium: repositories on PostgreSQL)', () => {
  let app: NestFastifyApplication;
  let repository: TicketRepository;
  const rows: Array<{
    label: string;
    role: Role;
    actor: Actor;
    facts: ScopedFacts;
    ticketId: string;
    word: string;
    expected: boolean;
  }> = [];

  // every ticket of this suite carries the tag, so a list filtered on it sees no other suite's tickets
  const suiteTag = unique('scopesql');

  beforeAll(async () => {
    app = await startTestApp();
    repository = app.get(TicketRepository);
    const myDept = await makeDepartment();
    const otherDept = await makeDepartment();
    const someoneElse = await makeUser();
    const bystander = await makeUser();
    const departmentOf = (symbol: string | null) =>
      symbol === MY_DEPT ? myDept.id : symbol === OTHER_DEPT ? otherDept.id : null;
    for (const role of Object.values(Role)) {
      const staff = role === Role.AGENT || role === Role.TEAM_LEAD;
      const me = await makeUser({ role, departmentId: staff ? myDept.id : undefined });
      const actor: Actor = { id: me.id, role, departmentId: staff ? myDept.id : null, teamId: null };
      const idOf = (symbol: string) =>
        symbol === ME ? me.id : symbol === 'x' ? bystander.id : someoneElse.id;
      for (const [label, over, expected] of cases) {
        const symbolic = factsOf(over);
        const facts: ScopedFacts = {
          departmentId: departmentOf(symbolic.departmentId),
          restricted: symbolic.restricted,
          requesterId: idOf(symbolic.requesterId),
          assigneeId: symbolic.assigneeId === null ? null : idOf(symbolic.assigneeId),
          otherPartyIds: symbolic.otherPartyIds.map(idOf),
        };
        const made = await makeTicket({
          requesterId: facts.requesterId,
          departmentId: facts.departmentId,
          assigneeId: facts.assigneeId,
          visibility: facts.restricted ? 'RESTRICTED' : 'INTERNAL',
          tags: [suiteTag],
        });
        for (const party of facts.otherPartyIds) {
          await sql('INSERT INTO ticket_access_grants (ticket_id, user_id) VALUES ($1, $2)', [
            made.id,
            party,
          ]);
        }
        const word = unique('notemark').replace('-', '');
        await sql(
          'INSERT INTO ticket_messages (ticket_id, author_id, body, internal) VALUES ($1, $2, $3, true)',
          [made.id, someoneElse.id, `internal ${word}`],
        );
        rows.push({ label, role, actor, facts, ticketId: made.id, word, expected: expected[role] });
      }
    }
  });

  afterAll(async () => {
    await app?.close();
  });

  it('finds a ticket exactly when the table and canRead say the role may read it', async () => {
    const wrong: string[] = [];
    for (const row of rows) {
      expect(canRead(scopeOf(row.actor), row.facts)).toBe(row.expected);
      const found = (await repository.findVisible(scopeOf(row.actor), { id: row.ticketId })) !== null;
      const locked = await repository.lockVisible(scopeOf(row.actor), row.ticketId);
      if (found !== row.expected || (locked !== null) !== row.expected) {
        wrong.push(`${row.role} / ${row.label}: SQL ${found ? 'finds' : 'hides'} it`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lists by the same scope', async () => {
    const wrong: string[] = [];
    for (const row of rows) {
      const page = await repository.list(
        scopeOf(row.actor),
        { q: row.word, internalNotesOf: 'all' },
        '-createdAt',
        { page: 1, limit: 5 },
      );
      const listed = page.items.some((t) => t.id === row.ticketId);
      if (listed !== row.expected)
        wrong.push(`${row.role} / ${row.label}: list ${listed ? 'shows' : 'hides'} it`);
    }
    expect(wrong).toEqual([]);
  });

  it('totals a list by the same scope, each readable ticket once', async () => {
    // the total is counted per branch of the scope; several relations to one ticket must not count it twice
    const wrong: string[] = [];
    for (const role of Object.values(Role)) {
      const actor = rows.find((r) => r.role === role)!.actor;
      const readable = rows.filter((r) => canRead(scopeOf(actor), r.facts)).length;
      const page = await repository.list(
        scopeOf(actor),
        { tag: suiteTag, internalNotesOf: 'all' },
        '-createdAt',
        { page: 1, limit: 5 },
      );
      if (page.total !== readable || page.totalIsEstimate)
        wrong.push(`${role}: ${page.total} of ${readable}`);
    }
    expect(wrong).toEqual([]);
  });

  it('matches an internal note in search only for those who may see internal content of a readable ticket', async () => {
    const wrong: string[] = [];
    for (const row of rows) {
      const internal = canSeeInternal(row.actor, {
        requesterId: row.facts.requesterId,
        assigneeId: row.facts.assigneeId,
        departmentId: row.facts.departmentId,
        status: TicketStatus.OPEN,
      });
      const page = await repository.list(
        scopeOf(row.actor),
        { q: row.word, internalNotesOf: internalNotesScope(row.actor) },
        '-createdAt',
        { page: 1, limit: 5 },
      );
      const matched = page.items.some((t) => t.id === row.ticketId);
      if (matched !== (row.expected && internal)) {
        wrong.push(`${row.role} / ${row.label}: search ${matched ? 'matches' : 'misses'} the note`);
      }
    }
    expect(wrong).toEqual([]);
    // the table is not trivial for notes: some readable tickets keep their notes to themselves
    expect(rows.some((r) => r.expected && r.role === Role.END_USER)).toBe(true);
  });

  it('splits the scope into branches that never hold together: a readable ticket is in exactly one', async () => {
    // list totals count a UNION ALL of the branches, so a ticket in two of them would be counted twice
    const wrong: string[] = [];
    for (const row of rows) {
      const p = new SqlParams();
      const id = p.add(row.ticketId);
      const union = scopeBranches(scopeOf(row.actor), p)
        .map((branch, i) => `SELECT ${i} AS branch FROM tickets t WHERE t.id = ${id} AND ${branch}`)
        .join(' UNION ALL ');
      const branches = (await sql<{ branch: number }>(union, p.values)).map((r) => r.branch);
      if (branches.length !== (row.expected ? 1 : 0))
        wrong.push(`${row.role} / ${row.label}: in branches [${branches.join(', ')}]`);
    }
    expect(wrong).toEqual([]);
    // the table has tickets that several relations make readable at once
    expect(
      rows.some((r) => r.expected && r.facts.requesterId === r.actor.id && r.facts.assigneeId === r.actor.id),
    ).toBe(true);
  });

  it('writes full-text search two ways (an id set per index, a test per row) that match the same tickets', async () => {
    // the list picks the form by the planner's estimates; whichever it picks, scope and notes must come out the same
    const wrong: string[] = [];
    for (const row of rows) {
      const found: Record<string, string[]> = {};
      for (const form of ['set', 'row'] as const) {
        const p = new SqlParams();
        const where = filterConditions(
          scopeOf(row.actor),
          { q: row.word, internalNotesOf: internalNotesScope(row.actor) },
          p,
          form,
        ).join(' AND ');
        found[form] = (await sql<{ id: string }>(`SELECT t.id FROM tickets t WHERE ${where}`, p.values))
          .map((r) => r.id)
          .sort();
      }
      if (found.set.join() !== found.row.join())
        wrong.push(`${row.role} / ${row.label}: ${found.set.join()} against ${found.row.join()}`);
    }
    expect(wrong).toEqual([]);
    expect(rows.some((r) => r.expected)).toBe(true);
  });
});
