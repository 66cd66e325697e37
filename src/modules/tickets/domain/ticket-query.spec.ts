import { overlayTicketQuery, parseTicketQuery, toTicketQueryParams } from './ticket-query';
import { TicketPriority, TicketStatus } from './ticket-enums';

const ID = '3F1C2A4E-1B2C-4D5E-8F90-123456789ABC';

describe('parseTicketQuery', () => {
  it('reads every parameter of GET /tickets into its typed form', () => {
    const parsed = parseTicketQuery({
      status: 'OPEN, IN_PROGRESS',
      priority: ['URGENT', 'HIGH', 'URGENT'],
      departmentId: ID,
      assigneeId: 'Me',
      tag: ' VPN ',
      createdFrom: '2026-01-01',
      q: 'printer',
      sort: 'priority',
    });
    expect(parsed).toEqual({
      ok: true,
      query: {
        statuses: [TicketStatus.OPEN, TicketStatus.IN_PROGRESS],
        priorities: [TicketPriority.URGENT, TicketPriority.HIGH],
        departmentId: ID.toLowerCase(),
        assigneeId: 'me',
        tag: 'vpn',
        createdFrom: new Date('2026-01-01T00:00:00.000Z'),
        q: 'printer',
        sort: 'priority',
      },
    });
  });

  it.each([
    [{ colour: 'red' }, 'filters.colour'],
    [{ status: [] }, 'filters.status'],
    [{ status: ['OPEN', 7] }, 'filters.status'],
    [{ priority: 'P1' }, 'filters.priority'],
    [{ teamId: 'team-a' }, 'filters.teamId'],
    [{ assigneeId: 'nobody' }, 'filters.assigneeId'],
    [{ tag: '' }, 'filters.tag'],
    [{ tag: 'x'.repeat(51) }, 'filters.tag'],
    [{ q: 'x'.repeat(201) }, 'filters.q'],
    [{ createdTo: '2026-13-45' }, 'filters.createdTo'],
    [{ createdTo: 'tomorrow' }, 'filters.createdTo'],
    [{ sort: '-priority' }, 'filters.sort'],
    [{ limit: '100' }, 'filters.limit'],
    [{ toString: 'x' }, 'filters.toString'],
  ])('refuses %j naming %s', (raw, field) => {
    const parsed = parseTicketQuery(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.field)).toEqual([field]);
  });

  it.each([null, 'OPEN', ['OPEN'], 3])('refuses %j as a whole', (raw) => {
    expect(parseTicketQuery(raw, 'view')).toEqual({
      ok: false,
      problems: [{ field: 'view', message: 'must be an object' }],
    });
  });

  it('round-trips through the normal form', () => {
    const raw = { status: 'OPEN', createdTo: '2026-02-01T10:00:00+01:00', assigneeId: 'none' };
    const parsed = parseTicketQuery(raw);
    if (!parsed.ok) throw new Error('should parse');
    const params = toTicketQueryParams(parsed.query);
    expect(params).toEqual({ status: ['OPEN'], assigneeId: 'none', createdTo: '2026-02-01T09:00:00.000Z' });
    expect(parseTicketQuery(params)).toEqual(parsed);
  });

  it('lets parameters given again win over the saved ones, and only those', () => {
    const merged = overlayTicketQuery(
      { priorities: [TicketPriority.URGENT], tag: 'vpn' },
      { priorities: [TicketPriority.LOW], tag: undefined, sort: 'dueAt' },
    );
    expect(merged).toEqual({ priorities: [TicketPriority.LOW], tag: 'vpn', sort: 'dueAt' });
  });
});
