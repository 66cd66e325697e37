import { Injectable } from '@nestjs/common';
import { RecordReads } from '../../common/records/record-reads';
import { FieldProblem, invalidField, ValidationFailedError, found } from '../../common/errors/domain-errors';
import { PageRequest } from '../../common/pagination/page';
import { AuditTrail } from '../../common/audit/audit-trail';
import { runThen, Transaction, UnitOfWork } from '../../common/unit-of-work';
import { CatalogCache } from './catalog-cache.port';
import { CatalogReferences } from './catalog-references.port';
import { CategoryRepository } from './category-repository.port';
import {
  ApprovalChainDefinition,
  namedApprovers,
  parseApprovalDefinition,
} from './domain/approval-definition';
import { ServiceItem } from './domain/catalog';
import { compileFormSchema } from './domain/form-schema';
import { ItemChanges, ItemFilter, ItemRepository, NewItem } from './item-repository.port';

/** An item as sent: `formSchema` and `approval` are checked here, not by the transport. */
export type ItemInput = Omit<NewItem, 'approval'> & { approval: unknown };
export type ItemChangesInput = Omit<ItemChanges, 'approval'> & { approval?: unknown };

/** ADMIN upkeep of service items; every committed change refreshes the cached catalog. */
@Injectable()
export class ServiceItemsService extends RecordReads<ServiceItem, [ItemFilter, PageRequest]> {
  constructor(
    private readonly items: ItemRepository,
    private readonly categories: CategoryRepository,
    private readonly references: CatalogReferences,
    private readonly cache: CatalogCache,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditTrail,
  ) {
    super(items, 'Service item');
  }

  async create(input: ItemInput): Promise<ServiceItem> {
    const approval = await this.checked(input);
    return this.write(async (tx) => {
      const item = await this.items.insert({ ...input, approval });
      await this.audit.created(tx, 'service_item', item);
      return item;
    });
  }

  async update(id: string, input: ItemChangesInput): Promise<ServiceItem> {
    const approval = await this.checked(input);
    return this.write(async (tx) => {
      const before = found(await this.items.findById(id, true), 'Service item');
      const item = found(
        await this.items.update(id, {
          ...input,
          approval: input.approval === undefined ? undefined : approval,
        }),
        'Service item',
      );
      await this.audit.updated(tx, 'service_item', before, item);
      return item;
    });
  }

  /**
   * DELETE deactivates: the row stays (tickets and templates keep their reference, PATCH `{isActive: true}` brings it
   * back) and leaves the catalog. An item already inactive is left as it is (no new version, no audit entry).
   */
  async remove(id: string): Promise<void> {
    await this.write(async (tx) => {
      const before = found(await this.items.findById(id, true), 'Service item');
      if (!before.isActive) return;
      const after = found(await this.items.update(id, { isActive: false }), 'Service item');
      await this.audit.changed(tx, 'service_item', 'deactivated', before, after);
    });
  }

  /** Checks the references, the form schema and the approval chain; returns the chain in canonical form. */
  private async checked(input: ItemChangesInput): Promise<ApprovalChainDefinition | null> {
    if (input.categoryId) {
      const category = await this.categories.findById(input.categoryId);
      if (!category?.isActive) throw invalidField('categoryId', 'no such active service category');
    }
    if (input.departmentId && !(await this.references.activeDepartmentExists(input.departmentId))) {
      throw invalidField('departmentId', 'no such active department');
    }
    if (input.formSchema) {
      const compiled = compileFormSchema(input.formSchema);
      if (!compiled.ok) throw invalidField('formSchema', compiled.problem);
    }
    if (input.approval === undefined || input.approval === null) return null;
    const parsed = parseApprovalDefinition(input.approval);
    if (!parsed.ok)
      throw new ValidationFailedError(
        `${parsed.problems[0].field} ${parsed.problems[0].message}`,
        parsed.problems,
      );
    await this.checkNamedApprovers(parsed.value);
    return parsed.value;
  }

  private async checkNamedApprovers(chain: ApprovalChainDefinition): Promise<void> {
    const active = await this.references.activeUsers(namedApprovers(chain));
    const problems: FieldProblem[] = [];
    chain.steps.forEach((step, i) =>
      step.approvers.forEach((a, j) => {
        if ('userId' in a && !active.has(a.userId)) {
          problems.push({
            field: `approval.steps[${i}].approvers[${j}].userId`,
            message: 'no such active user',
          });
        }
      }),
    );
    if (problems.length > 0)
      throw new ValidationFailedError(`${problems[0].field} ${problems[0].message}`, problems);
  }

  /** Runs `work` in one transaction; once it has committed, the catalog cache is dropped. */
  private write<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return runThen(this.uow, () => this.cache.invalidate(), work);
  }
}
