import { Injectable } from '@nestjs/common';
import { invalidField, NotFoundError } from '../../common/errors/domain-errors';
import { Page, PageRequest } from '../../common/pagination/page';
import { SlaPolicy } from './domain/sla-policy';
import {
  NewSlaPolicy,
  SlaPolicyChanges,
  SlaPolicyFilter,
  SlaPolicyRepository,
} from './sla-policy.repository';

/**
 * ADMIN upkeep of SLA policies. A policy applies to tickets created (or whose priority changes) afterwards: tickets
 * keep the targets they were given, so their history stays what it was.
 */
@Injectable()
export class SlaPoliciesService {
  constructor(private readonly policies: SlaPolicyRepository) {}

  list(filter: SlaPolicyFilter, page: PageRequest): Promise<Page<SlaPolicy>> {
    return this.policies.list(filter, page);
  }

  async get(id: string): Promise<SlaPolicy> {
    const policy = await this.policies.findById(id);
    if (!policy) throw new NotFoundError('SLA policy');
    return policy;
  }

  async create(input: NewSlaPolicy): Promise<SlaPolicy> {
    if (input.departmentId && !(await this.policies.departmentExists(input.departmentId)))
      throw invalidField('departmentId', 'no such active department');
    return this.policies.insert(input);
  }

  async update(id: string, changes: SlaPolicyChanges): Promise<SlaPolicy> {
    if (changes.departmentId && !(await this.policies.departmentExists(changes.departmentId)))
      throw invalidField('departmentId', 'no such active department');
    const policy = await this.policies.update(id, changes);
    if (!policy) throw new NotFoundError('SLA policy');
    return policy;
  }
}
