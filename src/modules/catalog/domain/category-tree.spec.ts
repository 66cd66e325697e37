import { ServiceCategory, ServiceItem } from './catalog';
import { buildCatalogTree, wouldCreateCycle } from './category-tree';
import { TicketPriority } from '../../tickets/domain/ticket-enums';

const at = new Date('2026-01-01T00:00:00Z');
const category = (id: string, parentId: string | null, isActive = true): ServiceCategory => ({
  id,
  name: id,
  description: null,
  departmentId: null,
  parentId,
  isActive,
  createdAt: at,
  updatedAt: at,
});
const item = (id: string, categoryId: string, isActive = true): ServiceItem => ({
  id,
  categoryId,
  name: id,
  description: '',
  departmentId: 'd',
  defaultPriority: TicketPriority.MEDIUM,
  slaResolutionHours: null,
  formSchema: null,
  approval: id.startsWith('approved') ? { steps: [{ mode: 'ANY', approvers: [{ userId: 'u' }] }] } : null,
  isActive,
  version: 1,
  createdAt: at,
  updatedAt: at,
});

describe('wouldCreateCycle', () => {
  const parentOf = new Map<string, string | null>([
    ['a', null],
    ['b', 'a'],
    ['c', 'b'],
    ['x', null],
  ]);
  it.each([
    ['a', 'a', true],
    ['a', 'b', true],
    ['a', 'c', true],
    ['b', 'c', true],
    ['c', 'a', false],
    ['a', 'x', false],
    ['x', 'c', false],
  ])('%s under %s → cycle %s', (id, parent, expected) => {
    expect(wouldCreateCycle(id, parent, parentOf)).toBe(expected);
  });

  it('refuses to attach to a loop that already exists instead of walking forever', () => {
    const broken = new Map<string, string | null>([
      ['p', 'q'],
      ['q', 'p'],
    ]);
    expect(wouldCreateCycle('z', 'p', broken)).toBe(true);
  });
});

describe('buildCatalogTree', () => {
  it('nests active categories, leaves out inactive ones with their subtrees, and lists active items', () => {
    const tree = buildCatalogTree(
      [
        category('b-root', null),
        category('a-root', null),
        category('child', 'a-root'),
        category('off', 'a-root', false),
        category('under-off', 'off'),
      ],
      [
        item('approved-laptop', 'child'),
        item('mouse', 'child'),
        item('old', 'child', false),
        item('hidden', 'under-off'),
      ],
    );
    expect(tree.map((n) => n.id)).toEqual(['a-root', 'b-root']);
    expect(tree[0].children.map((n) => n.id)).toEqual(['child']);
    expect(tree[0].children[0].items.map((i) => [i.id, i.requiresApproval])).toEqual([
      ['approved-laptop', true],
      ['mouse', false],
    ]);
  });
});
