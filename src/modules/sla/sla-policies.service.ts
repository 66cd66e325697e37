import { Injectable } from '@nestjs/common';
import { ProcessReferenceCache } from '../../common/cache/process-reference-cache';
import { RecordReads } from '../../common/records/record-reads';
import { found, invalidField } from '../../common/errors/domain-errors';
import { AuditTrail } from '../../common/audit/audit-trail';
import { PageRequest } from '../../common/pagination/page';
import { UnitOfWork } from '../../common/unit-of-work';
import { SlaPolicy } from './domain/sla-policy';
import {
  NewSlaPolicy,
  SlaPolicyChanges,
  SlaPolicyFilter,
  SlaPolicyRepository,
} from './sla-policy-repository.port';

/**
 * ADMIN upkeep of SLA policies. A policy applies to tickets created (or whose priority changes) afterwards: tickets
 * keep the targets they were given, so their history stays what it was.
 */
@Injectable()
export class SlaPoliciesService extends RecordReads<SlaPolicy, [SlaPolicyFilter, PageRequest]> {
  constructor(
    private readonly policies: SlaPolicyRepository,
    private readonly audit: AuditTrail,
    private readonly uow: UnitOfWork,
    private readonly reference: ProcessReferenceCache,
  ) {
    super(policies, 'SLA policy');
  }

  async create(input: NewSlaPolicy): Promise<SlaPolicy> {
    if (input.departmentId && !(await this.policies.departmentExists(input.departmentId)))
      throw invalidField('departmentId', 'no such active department');
    return this.uow.run(async (tx) => {
      // new tickets' clocks read the policies from what processes keep
      await this.uow.afterCommit(() => this.reference.changed());
      const policy = await this.policies.insert(input);
      await this.audit.created(tx, 'sla_policy', policy);
      return policy;
    });
  }

  async update(id: string, changes: SlaPolicyChanges): Promise<SlaPolicy> {
    if (changes.departmentId && !(await this.policies.departmentExists(changes.departmentId)))
      throw invalidField('departmentId', 'no such active department');
    return this.uow.run(async (tx) => {
      // new tickets' clocks read the policies from what processes keep
      await this.uow.afterCommit(() => this.reference.changed());
      const before = found(await this.policies.findById(id), 'SLA policy');
      const policy = found(await this.policies.update(id, changes), 'SLA policy');
      await this.audit.updated(tx, 'sla_policy', before, policy);
      return policy;
    });
  }
}
