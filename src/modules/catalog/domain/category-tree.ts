import { CatalogNode, ServiceCategory, ServiceItem, requiresApproval } from './catalog';

/**
 * Whether making `parentId` the parent of `categoryId` would close a loop: walking up from the new parent reaches
 * the category itself. `parentOf` maps every category to its current parent.
 */
export function wouldCreateCycle(
  categoryId: string,
  parentId: string,
  parentOf: ReadonlyMap<string, string | null>,
): boolean {
  const seen = new Set<string>();
  for (let at: string | null | undefined = parentId; at; at = parentOf.get(at)) {
    if (at === categoryId) return true;
    if (seen.has(at)) return true; // an existing loop: refuse to attach anything to it
    seen.add(at);
  }
  return false;
}

/**
 * The tree of active categories with their active items, names in alphabetical order. A category under an inactive
 * parent is left out with it: what cannot be reached from the top is not offered.
 */
export function buildCatalogTree(
  categories: readonly ServiceCategory[],
  items: readonly ServiceItem[],
): CatalogNode[] {
  const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
  const active = categories.filter((c) => c.isActive).sort(byName);
  const nodes = new Map<string, CatalogNode>(
    active.map((c) => [
      c.id,
      {
        id: c.id,
        name: c.name,
        description: c.description,
        departmentId: c.departmentId,
        parentId: c.parentId,
        items: [],
        children: [],
      },
    ]),
  );
  for (const item of [...items].filter((i) => i.isActive).sort(byName)) {
    nodes.get(item.categoryId)?.items.push({
      id: item.id,
      categoryId: item.categoryId,
      name: item.name,
      description: item.description,
      departmentId: item.departmentId,
      defaultPriority: item.defaultPriority,
      slaResolutionHours: item.slaResolutionHours,
      formSchema: item.formSchema,
      requiresApproval: requiresApproval(item),
    });
  }
  const roots: CatalogNode[] = [];
  for (const node of nodes.values()) {
    if (node.parentId === null) roots.push(node);
    else nodes.get(node.parentId)?.children.push(node);
  }
  return roots;
}
