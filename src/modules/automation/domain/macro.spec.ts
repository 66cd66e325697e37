import { Role } from '../../../common/auth/role';
import { canManageMacro, hasActions, Macro, normaliseActions, placeMacro, tagsAfter } from './macro';

const user = (id: string, role: Role, departmentId: string | null = null) => ({ id, role, departmentId });
const macro = (over: Partial<Macro> = {}): Macro => ({
  id: 'm',
  name: 'm',
  description: null,
  actions: { priority: undefined },
  departmentId: 'dept-a',
  createdBy: 'author',
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});

describe('macro rules', () => {
  it('adds and removes tags in normal form', () => {
    expect(tagsAfter(['vpn', 'triage'], { add: [' Outage ', 'VPN'], remove: ['TRIAGE', 'absent'] })).toEqual([
      'outage',
      'vpn',
    ]);
    // a tag both added and removed ends up removed
    expect(tagsAfter([], { add: ['x'], remove: ['x'] })).toEqual([]);
  });

  it.each([
    ['its author', user('author', Role.AGENT, 'dept-a'), macro(), true],
    ['a lead of its department', user('lead', Role.TEAM_LEAD, 'dept-a'), macro(), true],
    ['an ADMIN', user('admin', Role.ADMIN), macro({ departmentId: null }), true],
    ['another agent of its department', user('agent', Role.AGENT, 'dept-a'), macro(), false],
    [
      'a lead, for a macro for everyone',
      user('lead', Role.TEAM_LEAD, 'dept-a'),
      macro({ departmentId: null }),
      false,
    ],
    ['a lead of another department', user('lead', Role.TEAM_LEAD, 'dept-b'), macro(), false],
  ])('%s may change it: %s', (_label, who, m, expected) => {
    expect(canManageMacro(who, m)).toBe(expected);
  });

  it('places a new macro in the maker’s department; only an ADMIN chooses', () => {
    expect(placeMacro(user('a', Role.AGENT, 'dept-a'), undefined)).toEqual({
      ok: true,
      departmentId: 'dept-a',
    });
    expect(placeMacro(user('a', Role.AGENT, 'dept-a'), 'dept-b')).toMatchObject({
      ok: false,
      kind: 'forbidden',
    });
    expect(placeMacro(user('a', Role.AGENT, 'dept-a'), null)).toMatchObject({ ok: false, kind: 'forbidden' });
    expect(placeMacro(user('a', Role.AGENT, null), undefined)).toMatchObject({ ok: false, kind: 'invalid' });
    expect(placeMacro(user('x', Role.ADMIN), 'dept-b')).toEqual({ ok: true, departmentId: 'dept-b' });
    expect(placeMacro(user('x', Role.ADMIN, 'dept-a'), null)).toEqual({ ok: true, departmentId: null });
    expect(placeMacro(user('x', Role.ADMIN), undefined)).toEqual({ ok: true, departmentId: null });
  });

  it('keeps actions in normal form and knows an empty macro', () => {
    expect(normaliseActions({ tags: { add: [], remove: [] }, assigneeId: 'ME' })).toEqual({
      assigneeId: 'me',
    });
    expect(hasActions(normaliseActions({ tags: { add: [], remove: [] } }))).toBe(false);
  });
});
