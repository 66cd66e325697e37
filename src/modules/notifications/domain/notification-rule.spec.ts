import { Role } from '../../../common/auth/role';
import {
  canonicalConditions,
  parseRecipients,
  planByRules,
  ruleApplies,
  ActiveRule,
} from './notification-rule';
import { mayHearByRule } from './recipients';
import { TicketSnapshot } from '../../../common/events/ticket-snapshot';

const ticket: TicketSnapshot = {
  id: 't',
  pid: 'TKT-202611-000001',
  title: 'Printer',
  status: 'OPEN',
  priority: 'HIGH',
  requesterId: 'req',
  assigneeId: 'agent',
  departmentId: 'd1',
  teamId: null,
  visibility: 'INTERNAL',
};
const event = (type: string, data: Record<string, unknown> = {}) => ({
  id: 'e',
  type,
  aggregateId: 't',
  actorId: 'someone',
  occurredAt: '2026-11-01T00:00:00.000Z',
  data: { ticket, ...data },
});

describe('parseRecipients', () => {
  it('accepts parties, users and staff roles, without duplicates', () => {
    const id = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
    expect(
      parseRecipients(['REQUESTER', { userId: id.toUpperCase() }, { role: 'ADMIN' }, 'REQUESTER']),
    ).toEqual({
      ok: true,
      value: ['REQUESTER', { userId: id }, { role: 'ADMIN' }],
    });
  });
  it('names each bad entry', () => {
    const parsed = parseRecipients([
      'ASSIGNEE',
      'ALL',
      { role: 'END_USER' },
      { userId: 'x' },
      { userId: 'x', role: 'ADMIN' },
    ]);
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.field)).toEqual([
      'recipients[1]',
      'recipients[2]',
      'recipients[3]',
      'recipients[4]',
    ]);
    expect(parseRecipients([])).toMatchObject({ ok: false });
  });
});

describe('ruleApplies', () => {
  it('matches the event (or *) and every condition on the ticket as it now is', () => {
    expect(ruleApplies({ event: '*', conditions: {} }, 'ticket.updated', ticket)).toBe(true);
    expect(ruleApplies({ event: 'ticket.created', conditions: {} }, 'ticket.updated', ticket)).toBe(false);
    expect(
      ruleApplies({ event: '*', conditions: { departmentId: 'd1', priority: 'HIGH' } }, 'x', ticket),
    ).toBe(true);
    expect(ruleApplies({ event: '*', conditions: { status: 'RESOLVED' } }, 'x', ticket)).toBe(false);
    expect(ruleApplies({ event: '*', conditions: { departmentId: 'd2' } }, 'x', ticket)).toBe(false);
  });
  it('compares the department’s uuid whatever its case (rules stored before it was made lower case)', () => {
    const id = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
    const inDept = { ...ticket, departmentId: id };
    expect(ruleApplies({ event: '*', conditions: { departmentId: id.toUpperCase() } }, 'x', inDept)).toBe(
      true,
    );
    expect(ruleApplies({ event: '*', conditions: { departmentId: id } }, 'x', inDept)).toBe(true);
    expect(ruleApplies({ event: '*', conditions: { departmentId: id.toUpperCase() } }, 'x', ticket)).toBe(
      false,
    );
    expect(
      ruleApplies({ event: '*', conditions: { departmentId: id } }, 'x', { ...ticket, departmentId: null }),
    ).toBe(false);
  });
});

describe('canonicalConditions', () => {
  it('keeps the conditions given, the department’s uuid in lower case', () => {
    const id = '0b1c2d3e-4f50-4617-8899-aabbccddeeff';
    expect(canonicalConditions({ departmentId: id.toUpperCase(), priority: 'HIGH', status: null })).toEqual({
      departmentId: id,
      priority: 'HIGH',
    });
    expect(canonicalConditions({})).toEqual({});
  });
});

describe('planByRules', () => {
  it('resolves parties, users and roles with the rule’s channels', () => {
    const rules: ActiveRule[] = [
      { id: 'r1', event: '*', conditions: {}, recipients: ['ASSIGNEE', 'TEAM_LEADS'], channels: ['EMAIL'] },
      { id: 'r2', event: '*', conditions: {}, recipients: [{ role: Role.ADMIN }], channels: ['IN_APP'] },
      { id: 'r3', event: 'ticket.created', conditions: {}, recipients: ['REQUESTER'], channels: ['EMAIL'] },
    ];
    const planned = planByRules(event('ticket.priority_changed'), ticket, rules, {
      leads: ['lead'],
      byRole: new Map([[Role.ADMIN, ['root']]]),
    });
    expect(planned).toEqual([
      { userId: 'agent', kind: 'priority', mail: true, inApp: false, byRule: true },
      { userId: 'lead', kind: 'priority', mail: true, inApp: false, byRule: true },
      { userId: 'root', kind: 'priority', mail: false, inApp: true, byRule: true },
    ]);
  });
});

describe('mayHearByRule', () => {
  const person = (id: string, role: string, departmentId: string | null = null) => ({
    id,
    role,
    departmentId,
  });
  it('tells parties, admins and staff of an internal ticket’s department', () => {
    expect(mayHearByRule(person('req', 'END_USER'), ticket, event('x'))).toBe(true);
    expect(mayHearByRule(person('root', 'ADMIN'), ticket, event('x'))).toBe(true);
    expect(mayHearByRule(person('a2', 'AGENT', 'd1'), ticket, event('x'))).toBe(true);
  });
  it('tells nobody else, nor staff of a restricted ticket they are no party to, nor an end user of a note', () => {
    expect(mayHearByRule(person('other', 'END_USER'), ticket, event('x'))).toBe(false);
    expect(mayHearByRule(person('a3', 'AGENT', 'd2'), ticket, event('x'))).toBe(false);
    const restricted = { ...ticket, visibility: 'RESTRICTED' };
    expect(mayHearByRule(person('a2', 'AGENT', 'd1'), restricted, event('x'))).toBe(false);
    expect(mayHearByRule(person('req', 'END_USER'), ticket, event('ticket.note_added'))).toBe(false);
    // a staff requester of another department may read the ticket, not its internal notes
    const staffRequested = { ...ticket, requesterId: 'a3' };
    expect(mayHearByRule(person('a3', 'AGENT', 'd2'), staffRequested, event('x'))).toBe(true);
    expect(mayHearByRule(person('a3', 'AGENT', 'd2'), staffRequested, event('ticket.note_added'))).toBe(
      false,
    );
    expect(mayHearByRule(person('a2', 'AGENT', 'd1'), staffRequested, event('ticket.note_added'))).toBe(true);
  });
});
